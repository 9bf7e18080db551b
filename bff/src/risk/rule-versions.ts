/**
 * The risk rule versions and drafts as stored, the same way as the points rules
 * (bff/src/points/rule-versions.ts): every published version (oldest first), the version in force at
 * a moment (the one that scores), the latest draft, the shipped version 1. Saving a draft and
 * publishing are in commands.ts.
 */
import { DEFAULT_RISK_RULES, DEFAULT_RISK_RULES_EFFECTIVE_FROM, type RiskRuleSet, type RiskRuleVersion, riskRuleSetSchema, versionInForce } from '@jqtb/shared'
import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'
import type { RiskRuleDraftDoc, RiskRuleVersionDoc } from './model'

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

export async function latestRiskDraft(db: Db): Promise<RiskRuleDraftDoc | null> {
  return db.models.RiskRuleDraft.findOne({}).sort({ _id: -1 }).lean<RiskRuleDraftDoc>()
}

export async function seedDefaultRiskRules(db: Db, now: Date) {
  const inserted = await ensureDefaultRiskRules(db, now)
  return { inserted: inserted ? 1 : 0, updated: 0, unchanged: inserted ? 0 : 1 }
}
