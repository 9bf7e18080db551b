/**
 * Risk rule versions and drafts, the same way as the points rules (bff/src/points/rules.ts): every
 * write is an insert with a unique `_id` (the version or revision number), a publication takes effect
 * a minute later or from a chosen day, and the version in force at a moment is the one that scores.
 */
import {
  currentVersions,
  DEFAULT_RISK_RULES,
  DEFAULT_RISK_RULES_EFFECTIVE_FROM,
  dayOf,
  isDraftCurrent,
  type PublishRiskRulesBody,
  type RiskRuleSet,
  type RiskRulesOverview,
  type RiskRuleVersion,
  riskRuleSetSchema,
  type SaveRiskDraftBody,
  startOfDay,
  versionInForce,
} from '@jqtb/shared'
import type { Clock } from '../infra/clock'
import type { Db } from '../infra/db'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import type { RiskRuleDraftDoc, RiskRuleVersionDoc } from './model'
import { isAdmin } from './policy'
import { presentRiskDraft, presentRiskVersion } from './presenter'

/** Like the points rules: "now" means a minute from now, so no instance scores with a version that is not yet in force for it. */
export const PUBLISH_GRACE_MS = 60_000

const SYSTEM = { id: 'system', name: '系统' }

export function toRiskVersion(doc: RiskRuleVersionDoc): RiskRuleVersion {
  // a version stored by an older release may lack newer fields: the defaults fill them in
  const parsed = riskRuleSetSchema.safeParse({ ...DEFAULT_RISK_RULES, ...(doc.rules as Partial<RiskRuleSet>) })
  return {
    version: doc._id,
    effectiveFrom: new Date(doc.effectiveFrom).getTime(),
    rules: parsed.success ? parsed.data : DEFAULT_RISK_RULES,
    publishedAt: new Date(doc.publishedAt).getTime(),
    publishedBy: doc.publishedBy,
    ...(doc.note ? { note: doc.note } : {}),
  }
}

/** Publishes the shipped version 1 unless some version exists. Idempotent; safe concurrently. */
export async function ensureDefaultRiskRules(db: Db, now: Date): Promise<boolean> {
  if (await db.models.RiskRuleVersion.exists({})) return false
  try {
    await db.models.RiskRuleVersion.create({
      _id: 1,
      rules: DEFAULT_RISK_RULES,
      effectiveFrom: new Date(DEFAULT_RISK_RULES_EFFECTIVE_FROM),
      publishedAt: now,
      publishedBy: SYSTEM,
      note: '默认预警规则（黄线 30 分，红线 60 分）',
    })
    return true
  } catch (err) {
    if (isDuplicateKey(err)) return false
    throw err
  }
}

/** Every published version, oldest first (publishes the defaults when there is none). */
export async function loadRiskVersions(db: Db, now: Date): Promise<RiskRuleVersion[]> {
  let docs = await db.models.RiskRuleVersion.find({}).sort({ _id: 1 }).lean<RiskRuleVersionDoc[]>()
  if (!docs.length) {
    await ensureDefaultRiskRules(db, now)
    docs = await db.models.RiskRuleVersion.find({}).sort({ _id: 1 }).lean<RiskRuleVersionDoc[]>()
  }
  return docs.map(toRiskVersion)
}

/** The version in force at `at` (the first one while none is yet). */
export async function riskRulesAt(db: Db, at: Date): Promise<RiskRuleVersion> {
  const versions = await loadRiskVersions(db, at)
  return versionInForce(versions, at.getTime()) ?? versions[0]
}

async function latestDraft(db: Db): Promise<RiskRuleDraftDoc | null> {
  return db.models.RiskRuleDraft.findOne({}).sort({ _id: -1 }).lean<RiskRuleDraftDoc>()
}

export async function riskRulesOverview(deps: { db: Db; clock: Clock }, user: AuthUser): Promise<RiskRulesOverview> {
  const now = deps.clock.now()
  const versions = await loadRiskVersions(deps.db, now)
  const t = now.getTime()
  const { inForce, latest } = currentVersions(versions, t)
  const admin = isAdmin(user)
  const draft = admin ? await latestDraft(deps.db) : null
  const current = draft !== null && isDraftCurrent({ basedOnVersion: draft.basedOnVersion, savedAt: new Date(draft.savedAt).getTime() }, latest)
  return {
    inForce: presentRiskVersion(inForce, versions, t),
    latest: presentRiskVersion(latest, versions, t),
    draft: draft && current ? presentRiskDraft(draft, latest) : null,
    draftRevision: draft?._id ?? 0,
    canEdit: admin,
  }
}

/** Saves draft revision n+1 edited from `baseRevision`; 409 when another admin saved in between. */
export async function saveRiskDraft(db: Db, input: SaveRiskDraftBody, by: { id: string; name: string }, now: Date, latestVersion: number) {
  const current = await latestDraft(db)
  const revision = current?._id ?? 0
  if (input.baseRevision !== revision) {
    throw new AppError('CONFLICT', `草稿已被${current?.savedBy.name ?? '他人'}修改，请刷新后再改`, { currentRevision: revision })
  }
  const doc: RiskRuleDraftDoc = {
    _id: revision + 1,
    rules: input.rules,
    basedOnVersion: latestVersion,
    savedAt: now,
    savedBy: by,
    ...(input.note ? { note: input.note } : {}),
  }
  try {
    await db.models.RiskRuleDraft.create(doc)
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '草稿刚被他人保存，请刷新后再改', { currentRevision: revision + 1 })
    throw err
  }
  return doc
}

function effectiveFromOf(input: Pick<PublishRiskRulesBody, 'effectiveFrom'>, now: Date): Date {
  if (!input.effectiveFrom) return new Date(now.getTime() + PUBLISH_GRACE_MS)
  const start = startOfDay(input.effectiveFrom)
  if (start === null) throw new AppError('VALIDATION_FAILED', '生效日期不存在，请重新选择', { fields: [{ path: 'effectiveFrom', message: 'invalid date' }] })
  if (input.effectiveFrom <= dayOf(now.getTime())) {
    throw new AppError('DOMAIN_RULE', '生效日期须晚于今天；要立即生效请不选日期')
  }
  return new Date(start)
}

/** Publishes version `expectedVersion + 1`; 409 when someone published since, or inserts the same number first. */
export async function publishRiskRules(db: Db, input: PublishRiskRulesBody, by: { id: string; name: string }, now: Date): Promise<RiskRuleVersion> {
  const latest = await db.models.RiskRuleVersion.findOne({}).sort({ _id: -1 }).lean<RiskRuleVersionDoc>()
  const latestVersion = latest?._id ?? 0
  if (input.expectedVersion !== latestVersion) {
    throw new AppError('CONFLICT', `预警规则已由${latest?.publishedBy.name ?? '他人'}发布为第 ${latestVersion} 版，请刷新后在新版本基础上修改`, {
      currentVersion: latestVersion,
    })
  }
  const doc: RiskRuleVersionDoc = {
    _id: latestVersion + 1,
    rules: input.rules,
    effectiveFrom: effectiveFromOf(input, now),
    publishedAt: now,
    publishedBy: by,
    ...(input.note ? { note: input.note } : {}),
  }
  try {
    await db.models.RiskRuleVersion.create(doc)
  } catch (err) {
    if (isDuplicateKey(err))
      throw new AppError('CONFLICT', `另一位管理员刚刚发布了第 ${latestVersion + 1} 版预警规则，请刷新后再发布`, { currentVersion: latestVersion + 1 })
    throw err
  }
  return toRiskVersion(doc)
}

export async function seedDefaultRiskRules(db: Db, now: Date) {
  const inserted = await ensureDefaultRiskRules(db, now)
  return { inserted: inserted ? 1 : 0, updated: 0, unchanged: inserted ? 0 : 1 }
}
