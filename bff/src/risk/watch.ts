/**
 * People's decisions about the watch list (docs/risk.md#the-watch-list): put a person or an address
 * on it by hand, name who follows it up, review it weekly, take it off (销号) with a reason after a
 * quiet period. Each decision is the insert of the subject's next watch event (`<subject id>:<seq>`):
 * of two officers deciding at once one inserts, the other re-reads and decides again on what the
 * first did (a second 销号 is told it is already off the list).
 */
import { type AddWatchBody, addressKey, assessSubject, closeRefusal, partyKey, type RiskRuleSet, type WatchDecisions, type WatchEventType } from '@jqtb/shared'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import type { TaskDeps } from '../tasks/log'
import { maskPhone, phoneHashOf } from '../tasks/pii'
import { subjectId } from './cases'
import type { RiskSubjectDoc, RiskWatchEventDoc } from './model'
import { decisionsOf, refreshSubject, subjectCaseDocs, toSubjectCase, watchEventId } from './subjects'

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

/** The subject key behind a watch-list id, from its cache (404 when there is no such subject). */
export async function subjectById(deps: TaskDeps, sid: string): Promise<RiskSubjectDoc> {
  const doc = await deps.db.models.RiskSubject.findById(sid).lean<RiskSubjectDoc>()
  if (!doc) throw new AppError('NOT_FOUND', '重点关注对象不存在')
  return doc
}

/** 人工列入: a person (by phone number) or an address, with the reason. A retry by the same person changes nothing. */
export async function addToWatch(deps: TaskDeps, user: AuthUser, body: AddWatchBody, rules: RiskRuleSet): Promise<string> {
  let key: string
  let label: string
  let extra: Partial<Draft> = {}
  if (body.kind === 'party') {
    const phone = body.phone.replace(/-/g, '')
    key = partyKey(phoneHashOf(deps.piiKey, phone))
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

/** 指定跟进责任人: someone of the 派出所 or the centre. */
export async function setResponsible(deps: TaskDeps, user: AuthUser, sid: string, person: { id: string; name: string }, rules: RiskRuleSet): Promise<void> {
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
