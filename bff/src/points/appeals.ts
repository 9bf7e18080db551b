/**
 * 申诉 — a worker contests a deduction; an admin upholds it (nothing changes) or grants it (a
 * correction entry, 冲正, that gives the points back).
 *
 * Both steps are inserts with the entry id as `_id`: one appeal per deduction, one decision per
 * appeal (two admins deciding at once: the first wins, the second gets 409). The decision is written
 * before the correction, so a crash between the two leaves a granted decision without its entry —
 * which `repairGrantedAppeals` (run by the catch-up job and on every list) writes, under the same
 * deterministic id, so it can never be written twice.
 */
import type { AppealView, CreateAppealBody, DecideAppealBody } from '@jqtb/shared'
import type { AuthUser } from '../auth/middleware'
import type { Db } from '../infra/db'
import { AppError, isDuplicateKey, notFound } from '../infra/errors'
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

export async function createAppeal(deps: PointsDeps, user: AuthUser, body: CreateAppealBody): Promise<AppealView> {
  const { LedgerEntry, Appeal } = deps.db.models
  const entry = await LedgerEntry.findById(body.entryId).lean<LedgerEntryDoc>()
  if (!entry) throw notFound('该积分记录')
  assertOwnEntry(user, entry)
  const now = deps.clock.now()
  const { correctedBy, appealOf } = await annotations(deps.db, [entry._id])
  if (appealOf.has(entry._id)) throw new AppError('CONFLICT', '您已对这条扣分提出过申诉，请等待处理结果')
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
  return presentAppeal(doc, null, entry)
}

export async function decideAppeal(deps: PointsDeps, admin: AuthUser, entryId: string, body: DecideAppealBody): Promise<AppealView> {
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
    throw new AppError('CONFLICT', `该申诉已由${first?.by.name ?? '其他管理员'}处理`, { decision: first?.decision })
  }
  if (granted) await insertOnce(LedgerEntry.collection as never, [correctionOf(entry, decision)])
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
