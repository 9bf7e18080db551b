/**
 * The retention job (个人信息保护法): parties of tasks closed or cancelled more than PARTY_RETENTION_DAYS ago are
 * anonymised (shared/src/tasks/retention.ts) wherever they are stored — the events that carry them (`created`'s
 * parties, a reveal's party name) and the projection — and each task gets one audit line. Rewriting an event
 * breaks the log's "never changed" rule on purpose, once, for this one reason; the rewrite is "set to" the same
 * anonymised content, so two instances running it at once, or a run cut short and repeated, end the same.
 * The projection is marked (`partiesAnonymisedAt`); a projection rewritten from the log later (a repair) loses the
 * mark, so the next pass looks at that task again and finds nothing left to change — or, if the repair read the
 * events before the rewrite, rewrites the parties again.
 */
import { ANONYMISED_NAME, anonymiseParty, HOUR_MS, partiesDue, retentionCutoff, type StoredParty, TERMINAL_STATES } from '@jqtb/shared'
import { recordAudit } from '../audit/commands'
import type { AppDeps } from '../deps'
import type { PeriodicJob } from '../infra/scheduler'
import { eventId } from './log'
import type { TaskEventDoc } from './model'

export const RETENTION_ACTOR = { id: 'system:retention', name: '到期匿名化' }
const BATCH = 200

interface TaskRow {
  _id: string
  taskNo: string
  title: string
  seq: number
  state: string
  closedAt?: number
  parties: StoredParty[]
}

/** One pass: anonymises up to BATCH due tasks; returns how many. */
export async function anonymiseExpiredParties(deps: Pick<AppDeps, 'db' | 'clock' | 'logger'>, retentionDays: number): Promise<number> {
  const { Task, TaskEvent } = deps.db.models
  const now = deps.clock.now().getTime()
  const due = await Task.find(
    // a marker, not `parties: {$elemMatch: {name: {$ne: …}}}`: FerretDB 1.24 matches no document with $ne inside $elemMatch
    { state: { $in: [...TERMINAL_STATES] }, closedAt: { $lte: retentionCutoff(now, retentionDays) }, partiesAnonymisedAt: { $exists: false } },
    { taskNo: 1, title: 1, seq: 1, state: 1, closedAt: 1, parties: 1 },
  )
    .sort({ closedAt: 1, _id: 1 })
    .limit(BATCH)
    .lean<TaskRow[]>()
  let done = 0
  for (const t of due) {
    if (!partiesDue({ state: t.state as never, closedAt: t.closedAt, parties: t.parties }, now, retentionDays)) {
      await Task.updateOne({ _id: t._id }, { $set: { partiesAnonymisedAt: now } })
      continue
    }
    // the events first (the truth the projection is folded from), read by _id up to the projection's seq and past it
    for (let seq = 1; ; seq++) {
      const e = await TaskEvent.findById(eventId(t._id, seq)).lean<TaskEventDoc>()
      if (!e) break
      const data = (e.data ?? {}) as { parties?: StoredParty[]; partyName?: string }
      const set: Record<string, unknown> = {}
      if (Array.isArray(data.parties) && data.parties.length) set['data.parties'] = data.parties.map(anonymiseParty)
      if (typeof data.partyName === 'string' && data.partyName !== ANONYMISED_NAME) set['data.partyName'] = ANONYMISED_NAME
      if (Object.keys(set).length) await TaskEvent.updateOne({ _id: e._id }, { $set: set })
    }
    await Task.updateOne({ _id: t._id }, { $set: { parties: t.parties.map(anonymiseParty), partiesAnonymisedAt: now } })
    await recordAudit(deps, {
      _id: `retention:${t._id}`,
      at: new Date(now),
      kind: 'parties.anonymised',
      actor: RETENTION_ACTOR,
      subject: { type: 'task', id: t._id, label: `${t.taskNo} ${t.title}` },
      summary: `工单 ${t.taskNo} 办结已满 ${retentionDays} 天，${t.parties.length} 名当事人的姓名和号码已匿名化`,
      fields: ['当事人姓名', '当事人号码'],
    })
    done++
  }
  done += await anonymiseArchived(deps, retentionDays, now)
  if (done) deps.logger.info({ anonymised: done, retentionDays }, 'parties of old closed tasks anonymised')
  return done
}

/** An event's data with its parties anonymised (unchanged when it carries none). */
function anonymisedData(data: { parties?: StoredParty[]; partyName?: string }): object {
  const out: Record<string, unknown> = { ...data }
  if (Array.isArray(data.parties)) out.parties = data.parties.map(anonymiseParty)
  if (typeof data.partyName === 'string') out.partyName = ANONYMISED_NAME
  return out
}

/** Archived tasks (tasks/archive.ts: one document holding the projection and the whole log) are rewritten whole. */
async function anonymiseArchived(deps: Pick<AppDeps, 'db' | 'clock' | 'logger'>, retentionDays: number, now: number): Promise<number> {
  const { TaskArchive } = deps.db.models
  const due = await TaskArchive.find({
    state: { $in: [...TERMINAL_STATES] },
    closedAt: { $lte: retentionCutoff(now, retentionDays) },
    partiesAnonymisedAt: { $exists: false },
  })
    .sort({ closedAt: 1, _id: 1 })
    .limit(BATCH)
    .lean<Array<TaskRow & { events: TaskEventDoc[] }>>()
  let done = 0
  for (const t of due) {
    const parties = (t.parties ?? []).map(anonymiseParty)
    const events = (t.events ?? []).map((e) => ({ ...e, data: anonymisedData((e.data ?? {}) as never) }))
    await TaskArchive.updateOne({ _id: t._id }, { $set: { parties, events, partiesAnonymisedAt: now } })
    if (!t.parties?.length) continue
    await recordAudit(deps, {
      _id: `retention:${t._id}`,
      at: new Date(now),
      kind: 'parties.anonymised',
      actor: RETENTION_ACTOR,
      subject: { type: 'task', id: t._id, label: `${t.taskNo} ${t.title}` },
      summary: `工单 ${t.taskNo} 办结已满 ${retentionDays} 天，${t.parties.length} 名当事人的姓名和号码已匿名化（已归档）`,
      fields: ['当事人姓名', '当事人号码'],
    })
    done++
  }
  return done
}

export function retentionJob(deps: AppDeps): PeriodicJob {
  return { name: 'tasks-retention', intervalMs: HOUR_MS, run: () => anonymiseExpiredParties(deps, deps.config.partyRetentionDays) }
}
