/**
 * 申诉 — a worker contests a deduction; an admin upholds it (nothing changes) or grants it (a
 * correction entry, 冲正, that gives the points back).
 *
 * Both steps are inserts with the entry id as `_id`: one appeal per deduction, one decision per
 * appeal (two admins deciding at once: the first wins, the second gets 409). The decision is written
 * before the correction, so a crash between the two leaves a granted decision without its entry —
 * which `repairGrantedAppeals` (run by the catch-up job and on every list) writes, under the same
 * deterministic id, so it can never be written twice.
 *
 * Each step is then a note in the task's timeline (`appeal_filed`, `appeal_decided`), appended after
 * the insert that decided it — at most once, because the task store finds an earlier note with the
 * same appeal id before appending — and marked done in `points_appeal_notes`. A crash before the
 * mark leaves the step unmarked: a retried request or `repairAppealNotes` (the catch-up job) appends
 * what is missing, the filed step always before the decided one. Deciding also sends the appellant a
 * work notice (`appeal_decided`), queued on the same path as the decided note.
 */
import type { AppealView, CreateAppealBody, DecideAppealBody, TaskEvent } from '@jqtb/shared'
import type { AuthUser } from '../auth/middleware'
import type { Db } from '../infra/db'
import { AppError, isDuplicateKey, notFound } from '../infra/errors'
import { appendNote, type EventDraft, eventId, type TaskDeps } from '../tasks/store'
import { APPEAL_WINDOW_MS, annotations, isAppealable } from './ledger'
import type { AppealDecisionDoc, AppealDoc, LedgerEntryDoc } from './model'
import { assertAdmin, assertOwnEntry } from './policy'
import { presentAppeal } from './presenter'
import type { Actor } from './rules'
import { insertOnce, type PointsDeps } from './scoring'

export const correctionId = (entryId: string) => `${entryId}:appeal_granted`

function correctionOf(entry: LedgerEntryDoc, decision: AppealDecisionDoc): LedgerEntryDoc {
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

export async function createAppeal(deps: TaskDeps, user: AuthUser, body: CreateAppealBody): Promise<AppealView> {
  const { LedgerEntry, Appeal } = deps.db.models
  const entry = await LedgerEntry.findById(body.entryId).lean<LedgerEntryDoc>()
  if (!entry) throw notFound('该积分记录')
  assertOwnEntry(user, entry)
  const now = deps.clock.now()
  const { correctedBy, appealOf } = await annotations(deps.db, [entry._id])
  const earlier = appealOf.get(entry._id)
  if (earlier) {
    await noteSafely(deps, earlier, entry, null) // a retried request: the appeal is in, make sure its note is too
    throw new AppError('CONFLICT', '您已对这条扣分提出过申诉，请等待处理结果')
  }
  if (!isAppealable(entry, now.getTime(), { corrected: correctedBy.has(entry._id), appealed: false })) {
    const why =
      entry.delta >= 0
        ? '只能对扣分提出申诉'
        : correctedBy.has(entry._id)
          ? '这条扣分已经冲正，无需申诉'
          : entry.corrects
            ? '冲正记录不能申诉'
            : now.getTime() - new Date(entry.at).getTime() > APPEAL_WINDOW_MS
              ? '已超过申诉期限（扣分后 30 天内）'
              : '这类扣分不接受申诉，请联系社治中心'
    throw new AppError('DOMAIN_RULE', why)
  }
  const doc: AppealDoc = {
    _id: entry._id,
    userId: user.id,
    userName: user.name,
    taskId: entry.taskId,
    taskNo: entry.taskNo,
    reason: body.reason,
    createdAt: now,
  }
  try {
    await Appeal.create(doc)
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '您已对这条扣分提出过申诉，请等待处理结果')
    throw err
  }
  await noteSafely(deps, doc, entry, null)
  return presentAppeal(doc, null, entry)
}

export async function decideAppeal(deps: TaskDeps, admin: AuthUser, entryId: string, body: DecideAppealBody): Promise<AppealView> {
  assertAdmin(admin, '处理申诉')
  const { LedgerEntry, Appeal, AppealDecision } = deps.db.models
  const appeal = await Appeal.findById(entryId).lean<AppealDoc>()
  if (!appeal) throw notFound('该申诉')
  const entry = await LedgerEntry.findById(entryId).lean<LedgerEntryDoc>()
  if (!entry) throw notFound('申诉对应的积分记录')
  if (appeal.userId === admin.id) throw new AppError('FORBIDDEN', '不能处理自己的申诉')
  const now = deps.clock.now()
  const by: Actor = { id: admin.id, name: admin.name }
  const granted = body.decision === 'grant'
  const decision: AppealDecisionDoc = {
    _id: entryId,
    decision: granted ? 'granted' : 'upheld',
    note: body.note,
    by,
    at: now,
    correctionEntryId: granted ? correctionId(entryId) : '',
  }
  try {
    await AppealDecision.create(decision)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const first = await AppealDecision.findById(entryId).lean<AppealDecisionDoc>()
    // a retry, or the other admin: the first decision's note goes in (once) before saying who decided
    if (first) await noteSafely(deps, appeal, entry, first)
    throw new AppError('CONFLICT', `该申诉已由${first?.by.name ?? '其他管理员'}处理`, { decision: first?.decision })
  }
  if (granted) await insertOnce(LedgerEntry.collection as never, [correctionOf(entry, decision)])
  await noteSafely(deps, appeal, entry, decision)
  return presentAppeal(appeal, decision, entry)
}

/** Writes the correction of every granted appeal that lacks one (after a crash between the two inserts). */
export async function repairGrantedAppeals(db: Db): Promise<number> {
  const { LedgerEntry, AppealDecision } = db.models
  const granted = await AppealDecision.find({ decision: 'granted' }).lean<AppealDecisionDoc[]>()
  if (!granted.length) return 0
  const have = new Set((await LedgerEntry.find({ _id: { $in: granted.map((d) => d.correctionEntryId) } }, { _id: 1 }).lean()).map((e) => e._id))
  const missing = granted.filter((d) => !have.has(d.correctionEntryId))
  if (!missing.length) return 0
  const entries = await LedgerEntry.find({ _id: { $in: missing.map((d) => d._id) } }).lean<LedgerEntryDoc[]>()
  const byId = new Map(entries.map((e) => [e._id, e]))
  const docs = missing.flatMap((d) => {
    const e = byId.get(d._id)
    return e ? [correctionOf(e, d)] : []
  })
  return insertOnce(LedgerEntry.collection as never, docs)
}

// ---------------------------------------------------------------------------------------------
// The steps in the task's timeline

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
 * missing and the catch-up job queues it (the key keeps it to one).
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
async function noteSafely(deps: TaskDeps, appeal: AppealDoc, entry: LedgerEntryDoc, decision: AppealDecisionDoc | null): Promise<void> {
  await noteAppeal(deps, appeal, entry, decision).catch((err) =>
    deps.logger?.warn({ err, appealId: appeal._id }, 'appeal note not appended to the task timeline; the catch-up job will add it'),
  )
}

/** Appends the timeline notes a crash left out (steps without their mark). Returns how many it appended. */
export async function repairAppealNotes(deps: TaskDeps): Promise<number> {
  const { Appeal, AppealDecision, AppealNote, LedgerEntry } = deps.db.models
  const [appeals, decisions] = await Promise.all([
    Appeal.find().sort({ createdAt: 1, _id: 1 }).lean<AppealDoc[]>(),
    AppealDecision.find().lean<AppealDecisionDoc[]>(),
  ])
  if (!appeals.length) return 0
  const decisionOf = new Map(decisions.map((d) => [d._id, d]))
  const keys = [...appeals.map((a) => noteKey(a._id, 'appeal_filed')), ...decisions.map((d) => noteKey(d._id, 'appeal_decided'))]
  const marked = new Set((await AppealNote.find({ _id: { $in: keys } }, { _id: 1 }).lean()).map((n) => n._id))
  const todo = appeals.filter((a) => !marked.has(noteKey(a._id, 'appeal_filed')) || (decisionOf.has(a._id) && !marked.has(noteKey(a._id, 'appeal_decided'))))
  if (!todo.length) return 0
  const entries = await LedgerEntry.find({ _id: { $in: todo.map((a) => a._id) } }).lean<LedgerEntryDoc[]>()
  const entryOf = new Map(entries.map((e) => [e._id, e]))
  let appended = 0
  for (const a of todo) {
    const entry = entryOf.get(a._id)
    if (!entry) continue
    try {
      appended += await noteAppeal(deps, a, entry, decisionOf.get(a._id) ?? null)
    } catch (err) {
      deps.logger?.warn({ err, appealId: a._id }, 'appeal note repair failed; the next run retries')
    }
  }
  return appended
}

/** Appeals for the list: admins see everyone's, others their own. */
export async function listAppeals(deps: PointsDeps, user: AuthUser, status: 'pending' | 'decided' | 'all'): Promise<AppealView[]> {
  await repairGrantedAppeals(deps.db).catch((err) => deps.logger?.warn({ err }, 'appeal repair failed'))
  const { Appeal, AppealDecision, LedgerEntry } = deps.db.models
  const filter = user.roles.includes('admin') ? {} : { userId: user.id }
  const appeals = await Appeal.find(filter).sort({ createdAt: -1, _id: 1 }).limit(500).lean<AppealDoc[]>()
  const ids = appeals.map((a) => a._id)
  const [decisions, entries] = await Promise.all([
    AppealDecision.find({ _id: { $in: ids } }).lean<AppealDecisionDoc[]>(),
    LedgerEntry.find({ _id: { $in: ids } }).lean<LedgerEntryDoc[]>(),
  ])
  const decisionOf = new Map(decisions.map((d) => [d._id, d]))
  const entryOf = new Map(entries.map((e) => [e._id, e]))
  return appeals
    .filter((a) => status === 'all' || (status === 'pending') === !decisionOf.has(a._id))
    .map((a) => presentAppeal(a, decisionOf.get(a._id) ?? null, entryOf.get(a._id) ?? null))
}
