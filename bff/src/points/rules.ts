/**
 * Rule versions and drafts: read, save a draft, publish. Every write is an insert with a unique
 * `_id` (the version or revision number), so concurrent saves and publications cannot both win.
 */
import {
  currentVersions,
  DEFAULT_RULE_SET,
  DEFAULT_RULES_EFFECTIVE_FROM,
  dayOf,
  isDraftCurrent,
  type PublishRulesBody,
  type RuleSet,
  type RuleSetVersion,
  type RulesOverview,
  ruleSetSchema,
  type SaveDraftBody,
  startOfDay,
} from '@jqtb/shared'
import type { Clock } from '../infra/clock'
import type { Db } from '../infra/db'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import type { RuleDraftDoc, RuleVersionDoc } from './model'
import { isAdmin } from './policy'
import { presentDraft, presentVersion } from './presenter'

/**
 * A publication "now" takes effect one minute later. Scoring reads the versions when an event is
 * scored, on any BFF instance, with that instance's clock: the minute covers clock skew and the
 * moment between reading the clock and committing the insert, so no event is ever scored by a
 * version that a moment later turns out to have been in force for it.
 */
export const PUBLISH_GRACE_MS = 60_000

export interface Actor {
  id: string
  name: string
}

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

/** The rules page: the version in force, the latest (maybe scheduled), and for admins the draft unless a publication superseded it. */
export async function rulesOverview(deps: { db: Db; clock: Clock }, user: AuthUser): Promise<RulesOverview> {
  const now = deps.clock.now()
  const versions = await loadVersions(deps.db, now)
  const t = now.getTime()
  const { inForce, latest } = currentVersions(versions, t)
  const admin = isAdmin(user)
  const draft = admin ? await latestDraft(deps.db) : null
  const current = draft !== null && isDraftCurrent({ basedOnVersion: draft.basedOnVersion, savedAt: new Date(draft.savedAt).getTime() }, latest)
  return {
    inForce: presentVersion(inForce, versions, t),
    latest: presentVersion(latest, versions, t),
    draft: draft && current ? presentDraft(draft, latest) : null,
    draftRevision: draft?._id ?? 0,
    canEdit: admin,
  }
}

/** Saves a draft revision edited from `baseRevision`; 409 when another admin saved in between. */
export async function saveDraft(db: Db, input: SaveDraftBody, by: Actor, now: Date, latestVersion: number): Promise<RuleDraftDoc> {
  const current = await latestDraft(db)
  const revision = current?._id ?? 0
  if (input.baseRevision !== revision) {
    throw new AppError('CONFLICT', `草稿已被${current?.savedBy.name ?? '他人'}修改，请刷新后再改`, { currentRevision: revision })
  }
  const doc: RuleDraftDoc = {
    _id: revision + 1,
    rules: input.rules,
    basedOnVersion: latestVersion,
    savedAt: now,
    savedBy: by,
    ...(input.note ? { note: input.note } : {}),
  }
  try {
    await db.models.RuleDraft.create(doc)
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '草稿刚被他人保存，请刷新后再改', { currentRevision: revision + 1 })
    throw err
  }
  return doc
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
  return toVersion(doc)
}

/** The demo seed's line: version 1 published once (a seed report, like the other collections). */
export async function seedDefaultRules(db: Db, now: Date): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const inserted = await ensureDefaultRules(db, now)
  return { inserted: inserted ? 1 : 0, updated: 0, unchanged: inserted ? 0 : 1 }
}
