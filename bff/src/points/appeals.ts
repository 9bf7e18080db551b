/**
 * 申诉 — a worker contests a deduction; an admin upholds it (nothing changes) or grants it (a
 * correction entry, 冲正, that gives the points back).
 *
 * Both steps are inserts with the entry id as `_id`: one appeal per deduction, one decision per
 * appeal (two admins deciding at once: the first wins, the second gets 409). What follows each step
 * — the correction, the list's `decided` flag, the timeline notes, the notice — is written after
 * it, under deterministic keys, by the request and, if a crash interrupted it, by the repair or a
 * retried request (appeal-followups.ts).
 */
import type { AppealListQuery, AppealListView, AppealView, CreateAppealBody, DecideAppealBody } from '@jqtb/shared'
import { AppError, isDuplicateKey, notFound } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import type { TaskDeps } from '../tasks/log'
import { completeDecision, correctionId, noteSafely } from './appeal-followups'
import { correctionHolding } from './corrections'
import { APPEAL_WINDOW_MS, annotations, isAppealable } from './ledger'
import type { AppealDecisionDoc, AppealDoc, LedgerEntryDoc } from './model'
import { assertAdmin, assertOwnEntry, isAdmin } from './policy'
import { presentAppeal } from './presenter'
import type { Actor } from './rules'
import type { PointsDeps } from './scoring'

export { correctionId, decisionNoticeKey } from './appeal-followups'

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
    decided: false,
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
  const holder = granted ? await correctionHolding(deps, entryId) : null
  if (holder && holder !== correctionId(entryId)) {
    // the task was reopened and its acceptance reversed: the points are back already
    throw new AppError('DOMAIN_RULE', '这条扣分已因工单重新打开而冲正，积分已退回，不能再次冲正；请选择“维持”并说明', { correctionEntryId: holder })
  }
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
    if (first) {
      // a retry, or the other admin: whatever a crash left of the first decision is finished (once) before saying who decided
      await completeDecision(deps, entry, first).catch((e) => deps.logger?.warn({ err: e, appealId: entryId }, 'completing a decision failed; the repair will'))
      await noteSafely(deps, appeal, entry, first)
    }
    throw new AppError('CONFLICT', `该申诉已由${first?.by.name ?? '其他管理员'}处理`, { decision: first?.decision })
  }
  await completeDecision(deps, entry, decision)
  await noteSafely(deps, appeal, entry, decision)
  return presentAppeal(appeal, decision, entry)
}

// ---------------------------------------------------------------------------------------------
// The list

interface ListCursor {
  t: number
  id: string
}

const encodeCursor = (c: ListCursor) => Buffer.from(JSON.stringify(c)).toString('base64url')

/** A time a Date can hold (±8.64e15 ms): anything else would reach the query as an Invalid Date. */
const isValidInstant = (t: number) => Number.isFinite(new Date(t).getTime())

function decodeCursor(raw: string): ListCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as ListCursor
    if (typeof c.t === 'number' && isValidInstant(c.t) && typeof c.id === 'string' && c.id.length <= 300) return c
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', '分页参数无效，请从第一页重新加载', { fields: [{ path: 'cursor', message: 'invalid cursor' }] })
}

/**
 * Appeals for the list, newest first, a page at a time: admins see everyone's, others their own.
 * The status is filtered in the query, before the page is cut, on the appeal's `decided` flag —
 * `$ne`, so appeals stored before the flag existed show under both until their decision is checked —
 * and each row's decision is then read by `_id`: a decision whose flag a crash left unset is not shown as pending.
 */
export async function listAppeals(deps: PointsDeps, user: AuthUser, q: AppealListQuery): Promise<AppealListView> {
  const { Appeal, AppealDecision, LedgerEntry } = deps.db.models
  const and: Record<string, unknown>[] = []
  if (!isAdmin(user)) and.push({ userId: user.id })
  if (q.status === 'pending') and.push({ decided: { $ne: true } })
  if (q.status === 'decided') and.push({ decided: { $ne: false } })
  if (q.cursor) {
    const c = decodeCursor(q.cursor)
    const at = new Date(c.t)
    and.push({ $or: [{ createdAt: { $lt: at } }, { createdAt: at, _id: { $lt: c.id } }] })
  }
  const docs = await Appeal.find(and.length ? { $and: and } : {})
    .sort({ createdAt: -1, _id: -1 })
    .limit(q.limit + 1)
    .lean<AppealDoc[]>()
  const page = docs.slice(0, q.limit)
  // point reads by _id (an `$in` makes FerretDB scan the collection)
  const [decisions, entries] = await Promise.all([
    Promise.all(page.map((a) => AppealDecision.findById(a._id).lean<AppealDecisionDoc>())),
    Promise.all(page.map((a) => LedgerEntry.findById(a._id).lean<LedgerEntryDoc>())),
  ])
  const items = page.flatMap((a, i) => {
    const d = decisions[i]
    if ((q.status === 'pending' && d) || (q.status === 'decided' && !d)) return []
    return [presentAppeal(a, d, entries[i])]
  })
  const last = page.at(-1)
  return { items, nextCursor: docs.length > q.limit && last ? encodeCursor({ t: new Date(last.createdAt).getTime(), id: last._id }) : null }
}
