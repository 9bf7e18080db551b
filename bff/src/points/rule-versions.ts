/**
 * The rule versions and drafts as stored: every published version (oldest first), the latest draft, the
 * default version 1. Saving a draft and publishing are in commands.ts.
 */
import { DEFAULT_RULE_SET, DEFAULT_RULES_EFFECTIVE_FROM, type RuleSet, type RuleSetVersion, ruleSetSchema } from '@jqtb/shared'
import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'
import type { Actor } from '../kernel/actor'
import type { RuleDraftDoc, RuleVersionDoc } from './model'

export type { Actor } from '../kernel/actor'

export const SYSTEM: Actor = { id: 'system', name: '系统' }

export function toVersion(doc: RuleVersionDoc): RuleSetVersion {
  // a version stored by an older release may lack newer fields: the defaults fill them in
  const parsed = ruleSetSchema.safeParse({ ...DEFAULT_RULE_SET, ...(doc.rules as Partial<RuleSet>) })
  return {
    version: doc._id,
    effectiveFrom: new Date(doc.effectiveFrom).getTime(),
    rules: parsed.success ? parsed.data : DEFAULT_RULE_SET,
    publishedAt: new Date(doc.publishedAt).getTime(),
    publishedBy: doc.publishedBy,
    ...(doc.note ? { note: doc.note } : {}),
  }
}

/** Publishes the default version 1 unless some version exists. Idempotent; safe concurrently. */
export async function ensureDefaultRules(db: Db, now: Date): Promise<boolean> {
  if (await db.models.RuleVersion.exists({})) return false
  try {
    await db.models.RuleVersion.create({
      _id: 1,
      rules: DEFAULT_RULE_SET,
      effectiveFrom: new Date(DEFAULT_RULES_EFFECTIVE_FROM),
      publishedAt: now,
      publishedBy: SYSTEM,
      note: '默认规则（每月 100 分制，加分封顶 10 分）',
    })
    return true
  } catch (err) {
    if (isDuplicateKey(err)) return false
    throw err
  }
}

/**
 * Every published version, oldest first (a handful: no cache, so a publication is seen by every
 * instance at once). Publishes the defaults if there are none, so scoring never runs without rules.
 */
export async function loadVersions(db: Db, now: Date): Promise<RuleSetVersion[]> {
  let docs = await db.models.RuleVersion.find({}).sort({ _id: 1 }).lean<RuleVersionDoc[]>()
  if (!docs.length) {
    await ensureDefaultRules(db, now)
    docs = await db.models.RuleVersion.find({}).sort({ _id: 1 }).lean<RuleVersionDoc[]>()
  }
  return docs.map(toVersion)
}

export async function latestDraft(db: Db): Promise<RuleDraftDoc | null> {
  return db.models.RuleDraft.findOne({}).sort({ _id: -1 }).lean<RuleDraftDoc>()
}

/** The demo seed's line: version 1 published once (a seed report, like the other collections). */
export async function seedDefaultRules(db: Db, now: Date): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const inserted = await ensureDefaultRules(db, now)
  return { inserted: inserted ? 1 : 0, updated: 0, unchanged: inserted ? 0 : 1 }
}
