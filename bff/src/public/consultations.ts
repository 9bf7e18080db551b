/**
 * 法律咨询: a citizen asks a legal question; staff tagged 专科医生 (lawyers, 司法所) or the centre answer
 * it; the answer reaches the citizen by SMS and on the page. A question can be turned into a dispute
 * (it is filed as a case, once). Each step that must happen once is a keyed insert: the question
 * (`_id` from the citizen and the form's requestId), the answer (`public_consult_answers`, `_id` = the
 * question), the case (its code from the question).
 */
import { createHmac } from 'node:crypto'
import { type AnswerConsultBody, CONSULTATION_SLA_MS, type ConsultBody, type ConsultTopic, type PublicCategory } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { type PhotoLinks, photoLinksOf } from '../files/presenter'
import { AppError, isDuplicateKey } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'
import { fileCase } from './cases'
import { announceQuestion } from './consult-notices'
import { publicBase } from './followups'
import type { CitizenRef } from './middleware'
import type { ConsultationDoc } from './model'
import { assertOwnCitizenPhotos } from './photos'
import { presentConsultation } from './presenter'

const TOPIC_CATEGORY: Record<ConsultTopic, PublicCategory> = {
  family: 'family',
  labour: 'labour',
  debt: 'debt',
  property: 'property',
  land: 'land',
  traffic: 'traffic',
  other: 'other',
}

const questionId = (piiKey: string, citizenId: string, requestId: string) =>
  `Q${createHmac('sha256', piiKey).update(`consult:${citizenId}:${requestId}`).digest('hex').slice(0, 15).toUpperCase()}`

export async function askQuestion(deps: AppDeps, citizen: CitizenRef, body: ConsultBody) {
  const c = await deps.db.models.Citizen.findById(citizen.id).lean()
  if (!c) throw new AppError('TOKEN_INVALID', '登录已失效，请重新登录')
  await assertOwnCitizenPhotos(deps, citizen, body.photos ?? [])
  const now = deps.clock.now()
  const doc: ConsultationDoc = {
    _id: questionId(deps.config.piiKey, citizen.id, body.requestId),
    citizenId: citizen.id,
    phoneEnc: c.phoneEnc,
    phoneMasked: c.phoneMasked,
    topic: body.topic,
    question: body.question,
    photos: body.photos ?? [],
    askedAt: now,
    dueAt: new Date(now.getTime() + CONSULTATION_SLA_MS),
  }
  try {
    await deps.db.models.PublicConsultation.create(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const first = await deps.db.models.PublicConsultation.findById(doc._id).lean<ConsultationDoc>()
    return { consultation: presentConsultation(first ?? doc, photoLinksOf(deps)), created: false }
  }
  // the answerers' work notice; a crash before it is made good by the sweep (consult-notices.ts)
  await announceQuestion(deps, doc).catch((err) => deps.logger.warn({ err, id: doc._id }, 'consultation notice not queued; the sweep will'))
  return { consultation: presentConsultation(doc, photoLinksOf(deps)), created: true }
}

async function withAnswer(deps: AppDeps, docs: ConsultationDoc[]): Promise<ConsultationDoc[]> {
  if (!docs.length) return docs
  const answers = await deps.db.models.PublicConsultAnswer.find({ _id: { $in: docs.map((d) => d._id) } }).lean()
  const byId = new Map(answers.map((a) => [a._id, a]))
  return docs.map((d) => {
    const a = byId.get(d._id)
    return a ? { ...d, answer: a.answer, answeredAt: a.at, answeredBy: a.by } : d
  })
}

export async function myQuestions(deps: AppDeps, citizen: CitizenRef) {
  const docs = await deps.db.models.PublicConsultation.find({ citizenId: citizen.id }).sort({ askedAt: -1, _id: 1 }).limit(100).lean<ConsultationDoc[]>()
  const links = photoLinksOf(deps)
  return { items: (await withAnswer(deps, docs)).map((d) => presentConsultation(d, links)) }
}

/** A question as the answerers see it: due time, overdue, the citizen's masked number. */
function staffView(d: ConsultationDoc, now: number, links: PhotoLinks) {
  return {
    ...presentConsultation(d, links),
    dueAt: d.dueAt.toISOString(),
    overdue: !d.answer && d.dueAt.getTime() < now,
    phoneMasked: d.phoneMasked,
  }
}

/**
 * The queue of the people who answer: every unanswered question, oldest due first, then the 20 latest
 * answered. Unanswered is read from the question's `answeredAt` (a cache of the answer collection, set
 * after the answer; a question whose cache a crash missed is shown answered all the same).
 */
export async function questionQueue(deps: AppDeps) {
  const { PublicConsultation } = deps.db.models
  const waiting = await PublicConsultation.find({ answeredAt: { $exists: false } })
    .sort({ dueAt: 1, _id: 1 })
    .limit(300)
    .lean<ConsultationDoc[]>()
  const latest = await PublicConsultation.find({ answeredAt: { $exists: true } })
    .sort({ answeredAt: -1, _id: 1 })
    .limit(20)
    .lean<ConsultationDoc[]>()
  const all = await withAnswer(deps, [...waiting, ...latest])
  const now = deps.clock.now().getTime()
  const open = all.filter((d) => !d.answer)
  const done = all
    .filter((d) => d.answer)
    .sort((a, b) => (b.answeredAt?.getTime() ?? 0) - (a.answeredAt?.getTime() ?? 0))
    .slice(0, 20)
  const links = photoLinksOf(deps)
  return { items: [...open, ...done].map((d) => staffView(d, now, links)), open: open.length, overdue: open.filter((d) => d.dueAt.getTime() < now).length }
}

/** One question for the answerers (the page a work notice opens). */
export async function questionForStaff(deps: AppDeps, id: string) {
  const q = await deps.db.models.PublicConsultation.findById(id).lean<ConsultationDoc>()
  if (!q) throw new AppError('NOT_FOUND', '咨询不存在')
  const [d] = await withAnswer(deps, [q])
  return staffView(d, deps.clock.now().getTime(), photoLinksOf(deps))
}

export async function answerQuestion(deps: AppDeps, user: AuthUser, id: string, body: AnswerConsultBody) {
  const q = await deps.db.models.PublicConsultation.findById(id).lean<ConsultationDoc>()
  if (!q) throw new AppError('NOT_FOUND', '咨询不存在')
  const by = { id: user.id, name: user.name, label: hasRole(user, 'dispatcher') && !user.tags.includes('专科医生') ? '社会治理中心' : '律师 / 司法所' }
  try {
    await deps.db.models.PublicConsultAnswer.create({ _id: id, answer: body.answer, by, at: deps.clock.now() })
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '这条咨询已经有人解答了，请刷新查看')
    throw err
  }
  const at = deps.clock.now()
  await deps.db.models.PublicConsultation.updateOne({ _id: id }, { $set: { answeredAt: at } })
  await deps.sms.enqueue({ key: `public:${id}:answer`, phone: { phoneEnc: q.phoneEnc }, template: 'public_answer', data: { link: `${publicBase(deps)}#/ask` } })
  return { result: 'answered' as const }
}

/** Either side turns a question into a dispute: filed once, as the citizen, with the question as what happened. */
export async function questionToDispute(deps: AppDeps, id: string, citizen?: CitizenRef) {
  const q = await deps.db.models.PublicConsultation.findById(id).lean<ConsultationDoc>()
  if (!q || (citizen && q.citizenId !== citizen.id)) throw new AppError('NOT_FOUND', '咨询不存在')
  const requestId = createHmac('sha256', 'consult-to-case').update(id).digest('hex')
  const uuid = `${requestId.slice(0, 8)}-${requestId.slice(8, 12)}-4${requestId.slice(13, 16)}-a${requestId.slice(17, 20)}-${requestId.slice(20, 32)}`
  const out = await fileCase(
    deps,
    { id: q.citizenId },
    {
      requestId: uuid,
      category: TOPIC_CATEGORY[q.topic],
      content: `（由法律咨询转为纠纷）${q.question}`.slice(0, 1000),
      addressNote: '待核实（由法律咨询转来）',
      photos: q.photos ?? [],
    },
  )
  await deps.db.models.PublicConsultation.updateOne({ _id: id }, { $set: { caseCode: out.code } })
  return { code: out.code }
}
