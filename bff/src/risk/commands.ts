/**
 * What people change in the risk domain:
 * - a task's colour set by hand with a reason (docs/risk.md#people-decide), appended to the task's log;
 * - the watch list (docs/risk.md#the-watch-list): put a person or an address on it by hand, name who
 *   follows it up, review it weekly, take it off (销号) with a reason after a quiet period. Each
 *   decision is the insert of the subject's next watch event (`<subject id>:<seq>`): of two officers
 *   deciding at once one inserts, the other re-reads and decides again on what the first did (a
 *   second 销号 is told it is already off the list);
 * - the admin's rules: a draft saved by revision, a version published by number.
 */
import {
  type AddWatchBody,
  addressKey,
  assessSubject,
  closeRefusal,
  dayOf,
  manualChange,
  type PublishRiskRulesBody,
  partyKey,
  type RiskColour,
  type RiskRuleDraftView,
  type RiskRuleSet,
  type RiskRuleVersion,
  type RiskRuleVersionView,
  type SaveRiskDraftBody,
  startOfDay,
  subjectKeys,
  type TaskState,
  type WatchDecisions,
  type WatchEventType,
} from '@jqtb/shared'
import type { Db } from '../infra/db'
import { AppError, isDuplicateKey } from '../infra/errors'
import { type Actor, type AuthUser, toAuthUser } from '../kernel/actor'
import { saveDraftRevision } from '../kernel/rule-drafts'
import type { TaskDeps } from '../tasks/log'
import { maskPhone, phoneHash } from '../tasks/pii'
import { actorOf, assertVisible } from '../tasks/policy'
import { mutateTask } from '../tasks/store'
import { storeCase, subjectId } from './cases'
import { caseDoc, redRecipients, scoreTask } from './engine'
import type { RiskRuleVersionDoc, RiskWatchEventDoc } from './model'
import { assertKeepsWatch, keepsWatch } from './policy'
import { presentRiskDraft, presentRiskVersion } from './presenter'
import { latestRiskDraft, loadRiskVersions, toRiskVersion } from './rule-versions'
import { decisionsOf, refreshSubject, refreshSubjects, subjectById, subjectCaseDocs, toSubjectCase, watchEventId } from './subjects'

type Draft = Omit<RiskWatchEventDoc, '_id' | 'subjectId' | 'key' | 'seq' | 'at' | 'by'> & { type: WatchEventType }

/** Appends the subject's next watch event as `decide` asks (null: nothing to do); re-decides after losing a seq. */
async function decideWatch(deps: TaskDeps, user: AuthUser, key: string, decide: (d: WatchDecisions) => Promise<Draft | null> | Draft | null): Promise<boolean> {
  const sid = subjectId(key)
  for (let attempt = 0; attempt < 20; attempt++) {
    const { decisions } = await decisionsOf(deps, sid)
    const draft = await decide(decisions)
    if (!draft) return false
    const seq = decisions.seq + 1
    const doc: RiskWatchEventDoc = {
      _id: watchEventId(sid, seq),
      subjectId: sid,
      key,
      seq,
      at: deps.clock.now(),
      by: { id: user.id, name: user.name },
      ...draft,
    }
    try {
      await deps.db.models.RiskWatchEvent.create(doc)
      return true
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
  }
  throw new AppError('CONFLICT', '该对象正被多人同时处理，请稍后重试')
}

/** 人工列入: a person (by phone number) or an address, with the reason. A retry by the same person changes nothing. */
export async function addToWatch(deps: TaskDeps, user: AuthUser, body: AddWatchBody, rules: RiskRuleSet): Promise<string> {
  let key: string
  let label: string
  let extra: Partial<Draft> = {}
  if (body.kind === 'party') {
    const phone = body.phone.replace(/-/g, '')
    key = partyKey(phoneHash(deps.piiKey, phone))
    label = body.name
    extra = { phoneMasked: maskPhone(phone) }
  } else {
    const k = addressKey(body.address)
    if (!k) throw new AppError('DOMAIN_RULE', '地址太短，请写到小区、幢或门牌号')
    key = k
    label = body.address
    extra = body.territory ? { territory: body.territory } : {}
  }
  await decideWatch(deps, user, key, (d) => {
    if (d.manual) {
      if (d.manual.by === user.name && d.manual.reason === body.reason) return null
      throw new AppError('CONFLICT', `已由${d.manual.by}列入重点关注：${d.manual.reason}`)
    }
    return { type: 'added', reason: body.reason, label, ...extra }
  })
  await refreshSubject(deps, key, rules)
  return subjectId(key)
}

/** 销号: only when it is on the list and has been quiet long enough (shared closeRefusal). */
export async function closeWatch(deps: TaskDeps, user: AuthUser, sid: string, reason: string, rules: RiskRuleSet): Promise<void> {
  const subject = await subjectById(deps, sid)
  await decideWatch(deps, user, subject.key, async (d) => {
    const cases = (await subjectCaseDocs(deps, subject.key)).map(toSubjectCase)
    const now = deps.clock.now().getTime()
    const a = assessSubject(cases, d, rules, now)
    if (!a.onList && d.closed) {
      if (d.closed.by === user.name && d.closed.reason === reason) return null
      throw new AppError('CONFLICT', `已由${d.closed.by}销号：${d.closed.reason}`)
    }
    const refusal = closeRefusal(cases, a, rules, now)
    if (refusal) throw new AppError('DOMAIN_RULE', refusal)
    return { type: 'closed', reason }
  })
  await refreshSubject(deps, subject.key, rules)
}

/** 指定跟进责任人: someone of the 派出所 or the centre, in post. */
export async function setResponsible(deps: TaskDeps, user: AuthUser, sid: string, personId: string, rules: RiskRuleSet): Promise<void> {
  const found = await deps.db.models.User.findById(personId).lean()
  if (!found?.active || !keepsWatch(toAuthUser(found), rules)) throw new AppError('DOMAIN_RULE', '跟进责任人须为派出所或社治中心的在岗人员')
  const person = { id: found._id, name: found.name }
  const subject = await subjectById(deps, sid)
  await decideWatch(deps, user, subject.key, (d) => (d.responsible?.id === person.id ? null : { type: 'responsible', responsible: person }))
  await refreshSubject(deps, subject.key, rules)
}

/** 每周复核: someone looked at it this week, with what they found. */
export async function reviewWatch(deps: TaskDeps, user: AuthUser, sid: string, note: string, rules: RiskRuleSet): Promise<void> {
  const subject = await subjectById(deps, sid)
  if (!subject.onList) throw new AppError('DOMAIN_RULE', '该对象不在重点关注名单上')
  await decideWatch(deps, user, subject.key, (d) => {
    const now = deps.clock.now().getTime()
    if (d.reviewed && d.reviewed.by === user.name && d.reviewed.note === note && now - d.reviewed.at < 3_600_000) return null
    return { type: 'reviewed', reason: note }
  })
  await refreshSubject(deps, subject.key, rules)
}

/**
 * A person sets the colour (the centre, the 派出所), with the reason. The engine's score at that
 * moment is recorded next to it. The same colour and reason again (a retried request) appends nothing.
 */
export async function setColourByHand(deps: TaskDeps, user: AuthUser, taskId: string, colour: RiskColour, reason: string): Promise<TaskState> {
  const scored = await scoreTask(deps, taskId)
  assertVisible(scored.state, user)
  const rules = scored.version.rules
  assertKeepsWatch(user, rules, '人工设定预警颜色')
  const recipients = colour === 'red' ? (await redRecipients(deps, scored.state, rules)).filter((id) => id !== user.id) : []
  const out = await mutateTask(
    deps,
    taskId,
    (t, at) => {
      if (t.riskColour === colour && t.risk?.source === 'manual' && t.risk.floor?.reason === reason && t.risk.floor.by.id === user.id) return { done: true }
      if (t.riskColour === colour && colour !== 'green' && t.risk?.floor?.colour === colour && t.risk.floor.reason === reason) return { done: true }
      const data = manualChange(t, colour, reason, scored.assessment, rules, { now: at, ruleVersion: scored.version.version, notify: () => recipients })
      return { type: 'risk_changed', actor: actorOf(user), data }
    },
    { from: scored.state },
  )
  const now = deps.clock.now().getTime()
  const touched = await storeCase(deps, caseDoc(out.state, scored.case, scored.assessment, now))
  await refreshSubjects(deps, [...new Set([...touched, ...subjectKeys(scored.case)])], rules)
  return out.state
}

// ---------------------------------------------------------------------------------------------
// The admin's rules

/** Saves draft revision n+1 edited from `baseRevision`; 409 when another admin saved in between. */
export async function saveRiskDraft(db: Db, input: SaveRiskDraftBody, by: { id: string; name: string }, now: Date, latestVersion: number) {
  return saveDraftRevision(db.models.RiskRuleDraft, await latestRiskDraft(db), input, by, now, latestVersion)
}

/** Like the points rules: "now" means a minute from now, so no instance scores with a version that is not yet in force for it. */
export const PUBLISH_GRACE_MS = 60_000

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

/** `PUT /api/risk/rules/draft`: saved against the latest published version. */
export async function saveRiskRulesDraft(deps: { db: Db; clock: { now(): Date } }, admin: Actor, body: SaveRiskDraftBody): Promise<RiskRuleDraftView> {
  const now = deps.clock.now()
  const versions = await loadRiskVersions(deps.db, now)
  const latest = versions[versions.length - 1]
  const doc = await saveRiskDraft(deps.db, body, admin, now, latest.version)
  return presentRiskDraft(doc, latest)
}

/** `POST /api/risk/rules/publish`: version n+1, with what changed. */
export async function publishRiskRuleVersion(deps: { db: Db; clock: { now(): Date } }, admin: Actor, body: PublishRiskRulesBody): Promise<RiskRuleVersionView> {
  const now = deps.clock.now()
  const version = await publishRiskRules(deps.db, body, admin, now)
  return presentRiskVersion(version, await loadRiskVersions(deps.db, now), now.getTime())
}
