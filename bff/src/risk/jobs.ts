/**
 * The risk sweep (docs/risk.md#the-sweep), every minute, safe on several instances (every change is a
 * task-event append or an outbox insert keyed by what caused it):
 * - time passing: an open task last scored on an earlier day, or that fell due since, is re-scored
 *   (age and overdue factors, repeats leaving their windows);
 * - red and untouched: past its follow-up deadline with nobody having acted, the warning goes a
 *   level up (`risk_escalated`, once per red spell);
 * - the watch list: subjects not refreshed for an hour are assessed again (windows, quiet periods,
 *   the weekly review), and once a week its keepers are reminded to review it.
 */
import { dayOf, followUpMissed, HOUR_MS, SYSTEM_ACTOR } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { PeriodicJob } from '../infra/scheduler'
import type { ArrivalCursor } from '../intake/arrivals'
import { type LiveTask, liveTasks } from '../tasks/live'
import { type TaskDeps, taskDeps } from '../tasks/log'
import { deptLeads, dispatchers } from '../tasks/notify'
import { loadTask, mutateTask } from '../tasks/store'
import { escalationRecipients, rescoreTask } from './engine'
import { FEED_BATCH, feedIntake } from './intake-feed'
import type { RiskCaseDoc, RiskSubjectDoc } from './model'
import { riskRulesAt } from './rule-versions'
import { refreshSubjects } from './subjects'

export interface RiskSweepReport {
  rescored: number
  changed: number
  escalated: number
  subjects: number
  reminders: number
}

async function each<T>(deps: TaskDeps, items: T[], fn: (item: T) => Promise<number>): Promise<number> {
  let n = 0
  for (const item of items) {
    try {
      n += await fn(item)
    } catch (err) {
      deps.logger?.warn({ err }, 'risk sweep step failed for one item; the next run retries')
    }
  }
  return n
}

/** Open tasks whose score may have moved with time since they were last scored. */
export async function sweepTime(deps: TaskDeps, live: LiveTask[]): Promise<{ rescored: number; changed: number }> {
  const now = deps.clock.now().getTime()
  const due: string[] = []
  for (const t of live) {
    const doc = await deps.db.models.RiskCase.findById(`task:${t._id}`, { scoredAt: 1 }).lean<Pick<RiskCaseDoc, 'scoredAt'>>()
    const stale = !doc || dayOf(doc.scoredAt) !== dayOf(now) || (doc.scoredAt <= t.dueAt && t.dueAt < now)
    if (stale) due.push(t._id)
  }
  let changed = 0
  const rescored = await each(deps, due, async (id) => {
    if ((await rescoreTask(deps, id)).changed) changed++
    return 1
  })
  return { rescored, changed }
}

/** Red warnings nobody acted on by their deadline: one escalation a level up each. */
export async function sweepFollowUps(deps: TaskDeps, live: LiveTask[]): Promise<number> {
  const now = deps.clock.now()
  const rules = (await riskRulesAt(deps.db, now)).rules
  const red = live.filter((t) => t.riskColour === 'red')
  return each(deps, red, async ({ _id }) => {
    const t = await loadTask(deps, _id)
    if (!followUpMissed(t, now.getTime())) return 0
    const notify = await escalationRecipients(deps, t, rules)
    const doc = await deps.db.models.RiskCase.findById(`task:${_id}`, { factors: 1 }).lean<Pick<RiskCaseDoc, 'factors'>>()
    const factors = (doc?.factors ?? []).map((f) => ({ code: f.code, points: f.points, text: f.text }))
    const out = await mutateTask(
      deps,
      _id,
      (s, at) =>
        followUpMissed(s, at) && s.risk?.followUpBy !== undefined
          ? { type: 'risk_escalated', actor: SYSTEM_ACTOR, data: { followUpBy: s.risk.followUpBy, notify, score: s.risk.score, factors } }
          : { done: true },
      { from: t },
    )
    return out.appended.length
  })
}

/** Subjects on the list (or just off it) not assessed for an hour. */
export const SUBJECT_SWEEP_BATCH = 500

export async function sweepSubjects(deps: TaskDeps, batch = SUBJECT_SWEEP_BATCH): Promise<number> {
  const now = deps.clock.now()
  const rules = (await riskRulesAt(deps.db, now)).rules
  // at most SUBJECT_SWEEP_BATCH a pass: a backlog (a restored database, a long outage) is worked off over passes
  const stale = await deps.db.models.RiskSubject.find({ onList: true, updatedAt: { $lt: new Date(now.getTime() - HOUR_MS) } }, { key: 1 })
    .limit(batch)
    .lean<Array<Pick<RiskSubjectDoc, 'key'>>>()
  await refreshSubjects(
    deps,
    stale.map((s) => s.key),
    rules,
  )
  return stale.length
}

/** Monday 09:00 China time of the week `at` falls in (epoch ms). */
export function weekStart(at: number): number {
  const china = new Date(at + 8 * HOUR_MS)
  const daysSinceMonday = (china.getUTCDay() + 6) % 7
  const monday = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate() - daysSinceMonday, 9) - 8 * HOUR_MS
  return monday <= at ? monday : monday - 7 * 24 * HOUR_MS
}

/** Once a week (from Monday 09:00): the keepers of the list hear how many are on it and how many are due for review. */
export async function sweepWeeklyReview(deps: TaskDeps): Promise<number> {
  const now = deps.clock.now()
  const week = weekStart(now.getTime())
  const key = `risk_watch_review:${new Date(week).toISOString()}`
  if (await deps.db.models.Outbox.exists({ _id: key })) return 0
  const { RiskSubject } = deps.db.models
  const [total, red, due] = await Promise.all([
    RiskSubject.countDocuments({ onList: true }),
    RiskSubject.countDocuments({ onList: true, colour: 'red' }),
    RiskSubject.countDocuments({ onList: true, reviewDue: true }),
  ])
  if (!total) return 0
  const rules = (await riskRulesAt(deps.db, now)).rules
  const recipients = [...new Set([...(await deptLeads(deps, rules.dutyDepartment)), ...(await dispatchers(deps))])]
  if (!recipients.length) return 0
  await deps.notifier.enqueue({ key, recipients, template: 'risk_watch_review', data: { total, red, due }, page: 'pages/risk/watch/index' })
  return 1
}

export async function runRiskSweep(deps: TaskDeps): Promise<RiskSweepReport> {
  // one read of the live work for both (a scan on the embedded database: tasks/live.ts)
  const live = await liveTasks(deps)
  const time = await sweepTime(deps, live)
  const escalated = await sweepFollowUps(deps, live)
  const subjects = await sweepSubjects(deps)
  const reminders = await sweepWeeklyReview(deps)
  return { ...time, escalated, subjects, reminders }
}

/**
 * How far back the first pass after a start looks for intake records (records already scored cost a
 * point read each: a restart, or the demo month loaded by the seed, is caught up in the background),
 * and the overlap of later passes (clocks of several instances, slow writers).
 */
const INTAKE_FIRST_LOOKBACK_MS = 90 * 24 * HOUR_MS
const INTAKE_OVERLAP_MS = 2 * 60_000

export function riskJobs(appDeps: AppDeps, intervalMs = 60_000): PeriodicJob[] {
  const deps = taskDeps(appDeps)
  let intakeSince: ArrivalCursor | null = null
  return [
    {
      name: 'risk-intake',
      intervalMs: Math.min(intervalMs, 30_000),
      run: async () => {
        const startedAt = deps.clock.now().getTime()
        const from = intakeSince ?? { at: new Date(startedAt - INTAKE_FIRST_LOOKBACK_MS) }
        const report = await feedIntake(deps, from)
        // a failed record is read again next time; a full batch goes on right after its last arrival
        if (!report.failed)
          intakeSince =
            report.last !== null && report.arrivals >= FEED_BATCH ? report.last : { at: new Date(Math.max(from.at.getTime(), startedAt - INTAKE_OVERLAP_MS)) }
        if (report.records) deps.logger?.info({ risk: report }, 'risk: intake records scored')
        return report
      },
    },
    {
      name: 'risk-sweep',
      intervalMs,
      run: async () => {
        const report = await runRiskSweep(deps)
        if (Object.values(report).some((n) => n > 0)) deps.logger?.info({ risk: report }, 'risk sweep')
        return report
      },
    },
  ]
}
