/**
 * What follows each step of an appeal, and its repair.
 *
 * Filing and deciding are inserts keyed by the entry id (commands.ts). What follows them comes after
 * that insert, so a crash can leave it undone: the correction of a granted appeal (冲正), the
 * appeal's `decided` flag that the list filters on, the step's note in the task's timeline
 * (`appeal_filed`, `appeal_decided`) and the appellant's work notice of the decision. Each is
 * written under a deterministic key — the correction as `<entry>:appeal_granted`, a note only after
 * looking for it by appeal id in the task log, the notice keyed by the appeal — so the request that
 * retries a step and the periodic repair (jobs.ts) may both write it, at the same moment on two
 * instances, and it still happens once. The repairs read only recent appeals and decisions
 * (kernel/windows.ts), never the whole history, and nothing of this runs on a request that did not
 * take the step.
 */
import type { TaskEvent } from '@jqtb/shared'
import { isDatabaseUnavailable } from '../infra/errors'
import { insertOnce } from '../kernel/insert-once'
import { openWindow } from '../kernel/windows'
import { eventId, type TaskDeps } from '../tasks/log'
import { appendNote, type EventDraft } from '../tasks/store'
import { writeEntries } from './corrections'
import type { AppealDecisionDoc, AppealDoc, LedgerEntryDoc } from './model'
import type { PointsDeps } from './scoring'

export const correctionId = (entryId: string) => `${entryId}:appeal_granted`

export function correctionOf(entry: LedgerEntryDoc, decision: AppealDecisionDoc): LedgerEntryDoc {
  const back = -entry.delta
  return {
    ...entry,
    _id: correctionId(entry._id),
    delta: back,
    // the correction keeps the kind of the line it corrects and its month: the deduction was wrong for that period
    reasonCode: 'appeal_granted',
    reason: `申诉成立，冲正「${entry.reason}」 +${back}`,
    eventType: 'appeal_granted',
    eventAt: decision.at,
    corrects: entry._id,
    at: decision.at,
    by: decision.by,
  }
}

/**
 * The decision's writes besides itself: the correction when granted, then the flag. The flag is the
 * only change ever made to an appeal, always to the same value, so two writers (a retried request,
 * the repair) cannot lose anything by rewriting the document.
 */
export async function completeDecision(deps: PointsDeps, entry: LedgerEntryDoc | null, decision: AppealDecisionDoc): Promise<number> {
  const written = decision.decision === 'granted' && entry ? await writeEntries(deps, [correctionOf(entry, decision)]) : 0
  await deps.db.models.Appeal.updateOne({ _id: decision._id }, { $set: { decided: true } })
  return written
}

// ---------------------------------------------------------------------------------------------
// The steps in the task's timeline, and the notice

type AppealNoteType = 'appeal_filed' | 'appeal_decided'

const noteKey = (appealId: string, type: AppealNoteType) => `${appealId}:${type === 'appeal_filed' ? 'filed' : 'decided'}`

function filedNote(a: AppealDoc, entry: LedgerEntryDoc): EventDraft<'appeal_filed'> {
  const who = { appealId: a._id, entryId: a._id, userId: a.userId, name: a.userName, delta: entry.delta, entryReason: entry.reason }
  return { type: 'appeal_filed', actor: { id: a.userId, name: a.userName }, data: { ...who, reason: a.reason } }
}

function decidedNote(a: AppealDoc, entry: LedgerEntryDoc, d: AppealDecisionDoc): EventDraft<'appeal_decided'> {
  const who = { appealId: a._id, entryId: a._id, userId: a.userId, name: a.userName, delta: entry.delta, entryReason: entry.reason }
  const correction = d.correctionEntryId ? { correctionEntryId: d.correctionEntryId } : {}
  return { type: 'appeal_decided', actor: d.by, data: { ...who, decision: d.decision, note: d.note, ...correction } }
}

/** Puts one step into the task's timeline unless its mark says it is there. True if this call appended it. */
async function noteStep(deps: TaskDeps, appeal: AppealDoc, draft: EventDraft<AppealNoteType>): Promise<boolean> {
  const { AppealNote } = deps.db.models
  const key = noteKey(appeal._id, draft.type)
  if (await AppealNote.exists({ _id: key })) return false
  const same = (e: TaskEvent) => e.type === draft.type && e.data.appealId === appeal._id
  const { event, appended } = await appendNote(deps, appeal.taskId, draft, same)
  await insertOnce(AppealNote.collection as never, [{ _id: key, taskId: appeal.taskId, eventId: eventId(appeal.taskId, event.seq), at: deps.clock.now() }])
  return appended
}

/** The appellant's 工作通知 of the decision, queued once per appeal (its key is the appeal id). */
export const decisionNoticeKey = (appealId: string) => `appeal:${appealId}:decided`

async function noticeDecision(deps: TaskDeps, a: AppealDoc, entry: LedgerEntryDoc, d: AppealDecisionDoc): Promise<void> {
  await deps.notifier.enqueue({
    key: decisionNoticeKey(a._id),
    recipients: [a.userId],
    template: 'appeal_decided',
    data: {
      taskNo: a.taskNo,
      decision: d.decision === 'granted' ? '已更正' : '维持',
      delta: entry.delta,
      entryReason: entry.reason,
      note: d.note,
      by: d.by.name,
    },
    page: 'pages/points/index',
  })
}

/**
 * The steps an appeal has reached, filed before decided. Returns how many notes this call appended.
 * The decision's notice is queued before its note is marked, so a crash between leaves the mark
 * missing and the repair queues it (the key keeps it to one).
 */
async function noteAppeal(deps: TaskDeps, appeal: AppealDoc, entry: LedgerEntryDoc, decision: AppealDecisionDoc | null): Promise<number> {
  let appended = Number(await noteStep(deps, appeal, filedNote(appeal, entry)))
  if (decision) {
    await noticeDecision(deps, appeal, entry, decision)
    appended += Number(await noteStep(deps, appeal, decidedNote(appeal, entry, decision)))
  }
  return appended
}

/** The appeal or decision is in: a note that fails now is the repair's to append, not the request's to fail. */
export async function noteSafely(deps: TaskDeps, appeal: AppealDoc, entry: LedgerEntryDoc, decision: AppealDecisionDoc | null): Promise<void> {
  await noteAppeal(deps, appeal, entry, decision).catch((err) =>
    deps.logger?.warn({ err, appealId: appeal._id }, 'appeal note not appended to the task timeline; the catch-up job will add it'),
  )
}

// ---------------------------------------------------------------------------------------------
// Repairs (the catch-up job)

/**
 * Finishes recent decisions a crash interrupted: the correction of a granted appeal and the
 * appeal's `decided` flag. Returns how many corrections it wrote.
 */
export async function repairDecisions(deps: PointsDeps): Promise<number> {
  const { Appeal, AppealDecision, LedgerEntry } = deps.db.models
  const window = await openWindow(deps.db, 'appeal_decisions:completed', deps.clock.now())
  if (!window) return 0
  const decisions = await AppealDecision.find({ at: { $gte: window.since, $lt: window.until } })
    .sort({ at: 1, _id: 1 })
    .lean<AppealDecisionDoc[]>()
  let written = 0
  for (const d of decisions) {
    // point reads by _id: the one lookup FerretDB answers from an index
    const [appeal, corrected] = await Promise.all([
      Appeal.findById(d._id).lean<AppealDoc>(),
      d.decision === 'granted' ? LedgerEntry.exists({ _id: correctionId(d._id) }) : true,
    ])
    if (corrected && appeal?.decided === true) continue
    const entry = corrected ? null : await LedgerEntry.findById(d._id).lean<LedgerEntryDoc>()
    written += await completeDecision(deps, entry, d)
  }
  await window.done()
  return written
}

/**
 * Appends the timeline notes a crash left out (recent steps without their mark), filed before
 * decided. Returns how many notes it appended. A step that fails keeps its window open for the next run.
 */
export async function repairAppealNotes(deps: TaskDeps): Promise<number> {
  const { Appeal, AppealDecision, AppealNote, LedgerEntry } = deps.db.models
  const now = deps.clock.now()
  const [filedWindow, decidedWindow] = await Promise.all([openWindow(deps.db, 'appeals:notes', now), openWindow(deps.db, 'appeal_decisions:notes', now)])
  const [appeals, decisions] = await Promise.all([
    filedWindow
      ? Appeal.find({ createdAt: { $gte: filedWindow.since, $lt: filedWindow.until } })
          .sort({ createdAt: 1, _id: 1 })
          .lean<AppealDoc[]>()
      : [],
    decidedWindow
      ? AppealDecision.find({ at: { $gte: decidedWindow.since, $lt: decidedWindow.until } })
          .sort({ at: 1, _id: 1 })
          .lean<AppealDecisionDoc[]>()
      : [],
  ])
  const unmarked = async <T extends { _id: string }>(items: T[], type: AppealNoteType) => {
    const marked = await Promise.all(items.map((x) => AppealNote.exists({ _id: noteKey(x._id, type) })))
    return items.filter((_, i) => !marked[i])
  }
  const todo = new Map<string, AppealDecisionDoc | null>()
  for (const a of await unmarked(appeals, 'appeal_filed')) todo.set(a._id, null)
  for (const d of await unmarked(decisions, 'appeal_decided')) todo.set(d._id, d)
  let appended = 0
  let failed = false
  for (const [id, known] of todo) {
    try {
      const [appeal, entry, decision] = await Promise.all([
        Appeal.findById(id).lean<AppealDoc>(),
        LedgerEntry.findById(id).lean<LedgerEntryDoc>(),
        known ?? AppealDecision.findById(id).lean<AppealDecisionDoc>(),
      ])
      if (appeal && entry) appended += await noteAppeal(deps, appeal, entry, decision)
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err
      failed = true
      deps.logger?.warn({ err, appealId: id }, 'appeal note repair failed; the next run retries')
    }
  }
  if (!failed) await Promise.all([filedWindow?.done(), decidedWindow?.done()])
  return appended
}
