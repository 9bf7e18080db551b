/**
 * Re-scoring a task (docs/risk.md#always-current): its case is rebuilt from its log, its history read
 * from the cases linked to it, the pure scorer (shared/src/risk) gives score, colour and factors, and
 * a change of colour is appended to the task's own log as `risk_changed` through the tasks domain's
 * `mutateTask`. The append is the unique key: `decide` runs against the exact current state before
 * every attempt, so scoring the same change twice (a retry, a repair, two instances at once) appends
 * it once, and a lost seq race re-decides on the winner's event.
 */
import {
  caseFromTaskLog,
  engineChange,
  higherColour,
  type RiskAssessment,
  type RiskCase,
  type RiskColour,
  type RiskRuleSet,
  type RiskRuleVersion,
  riskFloor,
  SYSTEM_ACTOR,
  scoreCase,
  subjectKeys,
  type TaskEvent,
  type TaskState,
} from '@jqtb/shared'
import { AppError } from '../infra/errors'
import { clean, eventsUpTo, readLog, type TaskDeps } from '../tasks/log'
import { deptLeads, dispatchers } from '../tasks/notify'
import { mutateTask } from '../tasks/store'
import { historyOf, newCaseReads, storeCase, toCase } from './cases'
import type { RiskCaseDoc } from './model'
import { riskRulesAt } from './rule-versions'
import { refreshSubjects } from './subjects'

async function activeUsers(deps: TaskDeps, filter: Record<string, unknown>): Promise<string[]> {
  const users = await deps.db.models.User.find({ ...filter, active: true }, { _id: 1 }).lean()
  return users.map((u) => u._id)
}

/** A red warning goes to the 派出所's leads, the centre and whoever holds the task. */
export async function redRecipients(deps: TaskDeps, t: TaskState, rules: Pick<RiskRuleSet, 'dutyDepartment'>): Promise<string[]> {
  const [duty, centre] = await Promise.all([deptLeads(deps, rules.dutyDepartment), dispatchers(deps)])
  return [...new Set([...duty, ...centre, ...t.holders.map((h) => h.userId)])]
}

/**
 * A level up: the leads of the level above (the centre's leadership by default), of the task's own
 * department, and the staff of its community (二级中心).
 */
export async function escalationRecipients(deps: TaskDeps, t: TaskState, rules: Pick<RiskRuleSet, 'escalationDepartment'>): Promise<string[]> {
  const community = t.territory.code.split('-').slice(0, 2).join('-')
  const [above, own, staff] = await Promise.all([
    deptLeads(deps, rules.escalationDepartment),
    t.department ? deptLeads(deps, t.department.code) : Promise.resolve([]),
    activeUsers(deps, { roles: 'community_staff', territory: community }),
  ])
  return [...new Set([...above, ...own, ...staff])]
}

export interface Scored {
  state: TaskState
  events: TaskEvent[]
  case: RiskCase
  history: RiskCaseDoc[]
  assessment: RiskAssessment
  version: RiskRuleVersion
}

/** The task's case and score now (nothing appended): what the card shows and what the engine decides on. */
export async function scoreTask(deps: TaskDeps, taskId: string, opts: { store?: boolean } = {}): Promise<Scored> {
  const now = deps.clock.now()
  const [version, log] = await Promise.all([riskRulesAt(deps.db, now), readLog(deps, taskId)])
  if (!log.state) throw new AppError('NOT_FOUND', `工单 ${taskId} 不存在`)
  const state = log.state
  const events = await eventsUpTo(deps, taskId, state.seq)
  const kase = caseFromTaskLog(state, events)
  const history = await historyOf(deps, kase)
  const assessment = scoreCase(kase, history.map(toCase), version.rules, now.getTime())
  if (opts.store) await storeCase(deps, caseDoc(state, kase, assessment, now.getTime()))
  return { state, events, case: kase, history, assessment, version }
}

export function caseDoc(t: TaskState, c: RiskCase, a: RiskAssessment, at: number): RiskCaseDoc {
  const { id, ...rest } = c
  return clean({
    ...rest,
    _id: id,
    taskId: t.id,
    seq: t.seq,
    subjects: subjectKeys(c),
    colour: t.riskColour,
    floor: riskFloor(t)?.colour,
    score: a.score,
    factors: a.factors,
    scoredAt: at,
    holder: t.holders[0] ? { id: t.holders[0].userId, name: t.holders[0].name } : undefined,
    department: t.department?.code,
    updatedAt: new Date(at),
  })
}

export interface RescoreResult {
  colour: RiskColour
  changed: boolean
  assessment: RiskAssessment
  /** other cases re-scored because this one is new (same people or address) */
  linked: number
}

/**
 * Re-scores a task and appends the colour change, if any. With `linked`, the open tasks sharing a
 * person or the address are re-scored too (a new case raises their repeat factors). Subjects of the
 * watch list touched by any of them are refreshed once at the end.
 */
export async function rescoreTask(deps: TaskDeps, taskId: string, opts: { linked?: boolean; touched?: Set<string> } = {}): Promise<RescoreResult> {
  const touched = opts.touched ?? new Set<string>()
  const scored = await scoreTask(deps, taskId)
  const { version } = scored
  let { case: kase, assessment } = scored
  const rules = version.rules
  const recipients = scored.state.riskColour === 'red' ? [] : await redRecipients(deps, scored.state, rules)
  // events someone appends while we decide: their text is scored too before we append
  const seen: TaskEvent[] = []
  const events = scored.events
  const out = await mutateTask(
    deps,
    taskId,
    (t, at) => {
      if (seen.length) {
        kase = caseFromTaskLog(t, [...events, ...seen])
        assessment = scoreCase(kase, scored.history.map(toCase), rules, at)
      }
      const change = engineChange(t, assessment, rules, { now: at, ruleVersion: version.version, notify: () => recipients })
      return change ? { type: 'risk_changed', actor: SYSTEM_ACTOR, data: change } : { done: true }
    },
    { from: scored.state, seen: (e) => seen.push(e) },
  )
  const now = deps.clock.now().getTime()
  for (const k of await storeCase(deps, caseDoc(out.state, kase, assessment, now))) touched.add(k)
  for (const k of subjectKeys(kase)) touched.add(k)
  const linked = opts.linked ? await rescoreLinked(deps, scored.history, version, touched) : 0
  if (!opts.touched) await refreshSubjects(deps, [...touched], rules)
  return { colour: out.state.riskColour, changed: out.appended.length > 0, assessment, linked }
}

/**
 * Who holds a case changed (claimed, assigned, released …): the watch list's default follow-up person
 * is the holder of its latest open case, so the cached case and its subjects are brought up to date.
 * Nothing is scored: who holds a case is no risk factor.
 */
export async function noteHolder(deps: TaskDeps, taskId: string): Promise<void> {
  const doc = await deps.db.models.RiskCase.findById(`task:${taskId}`, { subjects: 1, holder: 1 }).lean<Pick<RiskCaseDoc, 'subjects' | 'holder'>>()
  if (!doc) return
  const { state } = await readLog(deps, taskId)
  const h = state?.holders[0]
  const holder = h ? { id: h.userId, name: h.name } : undefined
  if (doc.holder?.id === holder?.id) return
  await deps.db.models.RiskCase.updateOne({ _id: `task:${taskId}` }, holder ? { $set: { holder } } : { $unset: { holder: 1 } })
  await refreshSubjects(deps, doc.subjects ?? [], (await riskRulesAt(deps.db, deps.clock.now())).rules)
}

/** How many linked open cases a new case re-scores at once; the sweep catches up with the rest the next day. */
export const LINKED_LIMIT = 50

/**
 * The open tasks linked to a new case, re-scored from their cached cases (no log read): only one
 * whose colour would change is re-scored in full (its log read, the change appended); the others get
 * their new score in the cache. Most recent first, at most LINKED_LIMIT.
 */
export async function rescoreLinked(deps: TaskDeps, history: RiskCaseDoc[], version: RiskRuleVersion, touched: Set<string>): Promise<number> {
  const open = history.filter((d) => d.open && d.taskId).sort((a, b) => b.createdAt - a.createdAt)
  const now = deps.clock.now().getTime()
  // the linked cases share subjects: read each subject's links and each case once (after the new case joined them)
  const reads = newCaseReads()
  const cases = new Map<string, RiskCase>()
  const asCase = (d: RiskCaseDoc): RiskCase => {
    const known = cases.get(d._id)
    if (known) return known
    const c = toCase(d)
    cases.set(d._id, c)
    return c
  }
  for (const doc of open.slice(0, LINKED_LIMIT)) {
    const kase = asCase(doc)
    const others = (await historyOf(deps, kase, reads)).map(asCase)
    const a = scoreCase(kase, others, version.rules, now)
    if (higherColour(a.colour, doc.floor ?? 'green') !== doc.colour) await rescoreTask(deps, doc.taskId as string, { touched })
    else if (a.score !== doc.score) {
      await deps.db.models.RiskCase.updateOne({ _id: doc._id }, { $set: { score: a.score, factors: a.factors, scoredAt: now, updatedAt: new Date(now) } })
    }
    for (const k of doc.subjects ?? []) touched.add(k)
  }
  return Math.min(open.length, LINKED_LIMIT)
}
