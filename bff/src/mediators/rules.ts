/**
 * The composition rule table (攻坚小组构成规则), versioned: each save is version N+1 edited from N; a save
 * from a stale version is 409 (the settings' design, docs/database.md#counters). Version 0 is the
 * defaults in shared/src/mediators/rules.ts.
 */
import { type CompositionRuleSet, compositionRuleSetSchema, DEFAULT_COMPOSITION_RULES, type Ref, type RulesView } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { RuleVersionDoc } from './model'

const versionId = (v: number) => String(v).padStart(6, '0')

function present(doc: RuleVersionDoc | null): RulesView {
  if (!doc) return { version: 0, rules: DEFAULT_COMPOSITION_RULES, updatedAt: null, updatedBy: null }
  const parsed = compositionRuleSetSchema.safeParse(doc.value)
  return {
    version: doc.version,
    rules: parsed.success ? parsed.data : DEFAULT_COMPOSITION_RULES,
    updatedAt: doc.at.toISOString(),
    updatedBy: doc.by,
    ...(doc.note ? { note: doc.note } : {}),
  }
}

export async function rulesView(deps: AppDeps): Promise<RulesView> {
  return present(await deps.db.models.MediationRuleVersion.findOne({}).sort({ version: -1 }).lean())
}

export async function currentRules(deps: AppDeps): Promise<CompositionRuleSet> {
  return (await rulesView(deps)).rules
}

export async function saveRules(deps: AppDeps, by: Ref, input: { baseVersion: number; rules: CompositionRuleSet; note?: string }): Promise<RulesView> {
  const current = await rulesView(deps)
  if (input.baseVersion !== current.version)
    throw new AppError('CONFLICT', `规则已被他人修改（当前第 ${current.version} 版），请刷新后再改`, { currentVersion: current.version })
  const version = current.version + 1
  try {
    await deps.db.models.MediationRuleVersion.create({ _id: versionId(version), version, value: input.rules, at: deps.clock.now(), by, note: input.note })
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '规则刚被他人修改，请刷新后再改', { currentVersion: version })
    throw err
  }
  return rulesView(deps)
}

export async function rulesHistory(deps: AppDeps): Promise<RulesView[]> {
  return (await deps.db.models.MediationRuleVersion.find({}).sort({ version: -1 }).limit(50).lean()).map(present)
}
