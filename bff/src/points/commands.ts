/**
 * 奖惩考核 operations: a worker's appeal (申诉) and an admin's decision on it; saving a rules draft and
 * publishing a rule version.
 *
 * Appeals: both steps are inserts with the entry id as `_id`: one appeal per deduction, one decision per
 * appeal (two admins deciding at once: the first wins, the second gets 409). What follows each step
 * — the correction (冲正) that gives the points back, the list's `decided` flag, the timeline notes, the
 * notice — is written after it, under deterministic keys, by the request and, if a crash interrupted it,
 * by the repair or a retried request (appeal-followups.ts).
 *
 * Rules: every write is an insert with a unique `_id` (the version or revision number), so concurrent
 * saves and publications cannot both win.
 */
import {
  type AppealView,
  type CreateAppealBody,
  type DecideAppealBody,
  dayOf,
  type PublishRulesBody,
  type RuleDraftView,
  type RuleSetVersion,
  type RuleVersionView,
  type SaveDraftBody,
  startOfDay,
} from '@jqtb/shared'
import { recordAudit } from '../audit/commands'
import type { Db } from '../infra/db'
import { AppError, isDuplicateKey, notFound } from '../infra/errors'
import { type AuthUser, actorOf } from '../kernel/actor'
import { saveDraftRevision } from '../kernel/rule-drafts'
import type { TaskDeps } from '../tasks/log'
import { completeDecision, correctionId, noteSafely } from './appeal-followups'
import { correctionHolding } from './corrections'
import { APPEAL_WINDOW_MS, annotations, isAppealable } from './ledger'
import type { AppealDecisionDoc, AppealDoc, LedgerEntryDoc, RuleDraftDoc, RuleVersionDoc } from './model'
import { assertAdmin, assertOwnEntry } from './policy'
import { presentAppeal, presentDraft, presentVersion } from './presenter'
import { type Actor, latestDraft, loadVersions, toVersion } from './rule-versions'
import type { PointsDeps } from './scoring'

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
  const by = actorOf(admin)
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
  await recordAudit(deps, {
    _id: `appeal:${entryId}`,
    at: now,
    kind: 'appeal.decided',
    actor: by,
    subject: { type: 'appeal', id: entryId, label: `${entry.subjectName} · ${entry.reason}` },
    summary: `${by.name}${granted ? '准予' : '维持'}了${entry.subjectName}对「${entry.reason}」（${entry.delta} 分）的申诉${body.note ? `：${body.note}` : ''}`,
    fields: [],
  })
  await completeDecision(deps, entry, decision)
  await noteSafely(deps, appeal, entry, decision)
  return presentAppeal(appeal, decision, entry)
}

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * A publication "now" takes effect one minute later. Scoring reads the versions when an event is
 * scored, on any BFF instance, with that instance's clock: the minute covers clock skew and the
 * moment between reading the clock and committing the insert, so no event is ever scored by a
 * version that a moment later turns out to have been in force for it.
 */
export const PUBLISH_GRACE_MS = 60_000

/** Saves a draft revision edited from `baseRevision`; 409 when another admin saved in between. */
export async function saveDraft(db: Db, input: SaveDraftBody, by: Actor, now: Date, latestVersion: number): Promise<RuleDraftDoc> {
  return saveDraftRevision(db.models.RuleDraft, await latestDraft(db), input, by, now, latestVersion)
}

/** When a publication takes effect: the given day (after today, 00:00 China time) or in a minute. */
export function effectiveFromOf(input: Pick<PublishRulesBody, 'effectiveFrom'>, now: Date): Date {
  if (!input.effectiveFrom) return new Date(now.getTime() + PUBLISH_GRACE_MS)
  const start = startOfDay(input.effectiveFrom)
  if (start === null) throw new AppError('VALIDATION_FAILED', '生效日期不存在，请重新选择', { fields: [{ path: 'effectiveFrom', message: 'invalid date' }] })
  if (input.effectiveFrom <= dayOf(now.getTime())) {
    throw new AppError('DOMAIN_RULE', '生效日期须晚于今天：已发生的工单按当时的规则计分，规则不能追溯；要立即生效请不选日期')
  }
  return new Date(start)
}

/**
 * Publishes version `expectedVersion + 1`. Refused (409) when `expectedVersion` is not the latest —
 * someone published after this admin loaded the page — or when another admin inserts the same
 * version number first.
 */
export async function publishRules(db: Db, input: PublishRulesBody, by: Actor, now: Date): Promise<RuleSetVersion> {
  const latest = await db.models.RuleVersion.findOne({}).sort({ _id: -1 }).lean<RuleVersionDoc>()
  const latestVersion = latest?._id ?? 0
  if (input.expectedVersion !== latestVersion) {
    throw new AppError('CONFLICT', `规则已由${latest?.publishedBy.name ?? '他人'}发布为第 ${latestVersion} 版，请刷新后在新版本基础上修改`, {
      currentVersion: latestVersion,
    })
  }
  const doc: RuleVersionDoc = {
    _id: latestVersion + 1,
    rules: input.rules,
    effectiveFrom: effectiveFromOf(input, now),
    publishedAt: now,
    publishedBy: by,
    ...(input.note ? { note: input.note } : {}),
  }
  try {
    await db.models.RuleVersion.create(doc)
  } catch (err) {
    if (isDuplicateKey(err))
      throw new AppError('CONFLICT', `另一位管理员刚刚发布了第 ${latestVersion + 1} 版规则，请刷新后再发布`, { currentVersion: latestVersion + 1 })
    throw err
  }
  await recordAudit(
    { db },
    {
      _id: `rules:v${doc._id}`,
      at: now,
      kind: 'rules.published',
      actor: by,
      subject: { type: 'rules', id: `v${doc._id}`, label: `考核规则第 ${doc._id} 版` },
      summary: `${by.name}发布了考核规则第 ${doc._id} 版，${new Date(doc.effectiveFrom).toISOString().slice(0, 10)} 起生效${input.note ? `：${input.note}` : ''}`,
      fields: [],
    },
  )
  return toVersion(doc)
}

/** Saves the admin's draft on top of the latest version; answers the draft as the rules page shows it. */
export async function saveRulesDraft(deps: PointsDeps, admin: AuthUser, body: SaveDraftBody): Promise<RuleDraftView> {
  const now = deps.clock.now()
  const versions = await loadVersions(deps.db, now)
  const latest = versions[versions.length - 1]
  const doc = await saveDraft(deps.db, body, actorOf(admin), now, latest.version)
  return presentDraft(doc, latest)
}

/** Publishes the admin's rules as the next version; answers it as the versions page shows it. */
export async function publishRuleVersion(deps: PointsDeps, admin: AuthUser, body: PublishRulesBody): Promise<RuleVersionView> {
  const now = deps.clock.now()
  const version = await publishRules(deps.db, body, actorOf(admin), now)
  const versions = await loadVersions(deps.db, now)
  return presentVersion(version, versions, now.getTime())
}
