/**
 * 法律咨询's work notices (工作通知, through the notifications outbox): when a question arrives, the
 * people tagged 专科医生 get one notice linking to it; when its 2-day SLA runs out unanswered, one
 * reminder goes to them and to the centre (社治中心 answers too, and answers for the SLA). Questions
 * carry no territory, so every tagged person is told. Each notice is queued under a key derived from
 * the question (`consult:<id>:asked`, `consult:<id>:overdue`): the outbox keeps the first, so a retry,
 * the sweep and a second instance queue each one once. Before each send the outbox asks whether the
 * notice is still news: a question answered meanwhile is not announced.
 */
import { CONSULT_TOPIC_LABELS } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { type NoticeRelevanceMap, type NoticeTemplates, shown, shownTime } from '../kernel/notice'
import type { ConsultationDoc } from './model'
import { CONSULT_TAG } from './policy'

export const consultPage = (id: string) => `pages/consult/question/index?id=${id}`
const askedKey = (id: string) => `consult:${id}:asked`
const overdueKey = (id: string) => `consult:${id}:overdue`

export const CONSULT_NOTICES: NoticeTemplates = {
  consult_asked: (d) => ({
    kind: 'form',
    head: '新的法律咨询',
    tone: 'info',
    status: '待解答',
    form: [
      ['咨询类别', shown(d.topic)],
      ['提问时间', shownTime(d.askedAt)],
      ['解答期限', shownTime(d.dueAt)],
    ],
    content: '有群众提出了法律咨询，请打开查看并解答（只需一人解答，先答先得）。',
  }),
  consult_overdue: (d) => ({
    kind: 'form',
    head: '法律咨询已超时',
    tone: 'danger',
    status: '超时未答',
    form: [
      ['咨询类别', shown(d.topic)],
      ['提问时间', shownTime(d.askedAt)],
      ['解答期限', shownTime(d.dueAt)],
    ],
    content: '这条法律咨询已超过解答期限仍无人解答，请尽快打开解答，或转为纠纷由社治中心处理。',
  }),
}

async function activeIds(deps: AppDeps, filter: Record<string, unknown>): Promise<string[]> {
  const users = await deps.db.models.User.find({ ...filter, active: true }, { _id: 1 })
    .sort({ _id: 1 })
    .lean()
  return users.map((u) => String(u._id))
}

/** Everyone tagged 专科医生; nobody tagged yet: the centre, so a question is never announced to no one. */
export async function answerers(deps: AppDeps): Promise<string[]> {
  const tagged = await activeIds(deps, { tags: CONSULT_TAG })
  return tagged.length ? tagged : activeIds(deps, { roles: 'dispatcher' })
}

function noticeData(q: ConsultationDoc) {
  return {
    title: CONSULT_TOPIC_LABELS[q.topic] ?? '法律咨询',
    topic: CONSULT_TOPIC_LABELS[q.topic] ?? '其他',
    askedAt: q.askedAt.toISOString(),
    dueAt: q.dueAt.toISOString(),
  }
}

/** The new question's notice to its answerers (idempotent: keyed by the question). */
export async function announceQuestion(deps: AppDeps, q: ConsultationDoc): Promise<void> {
  const recipients = await answerers(deps)
  if (!recipients.length) return
  await deps.notifier.enqueue({ key: askedKey(q._id), recipients, template: 'consult_asked', data: noticeData(q), page: consultPage(q._id), subject: q._id })
}

async function remindOverdue(deps: AppDeps, q: ConsultationDoc): Promise<void> {
  const recipients = [...new Set([...(await answerers(deps)), ...(await activeIds(deps, { roles: 'dispatcher' }))])]
  if (!recipients.length) return
  await deps.notifier.enqueue({
    key: overdueKey(q._id),
    recipients,
    template: 'consult_overdue',
    data: noticeData(q),
    page: consultPage(q._id),
    subject: q._id,
  })
}

/** Whether the question has its answer (the answer collection decides; the question's answeredAt is a cache). */
async function answered(deps: AppDeps, q: ConsultationDoc): Promise<boolean> {
  if (q.answeredAt) return true
  const a = await deps.db.models.PublicConsultAnswer.findById(q._id, { at: 1 }).lean()
  if (!a) return false
  await deps.db.models.PublicConsultation.updateOne({ _id: q._id }, { $set: { answeredAt: a.at } })
  return true
}

/**
 * Every minute, on any number of instances: an unanswered question past its due time gets its one
 * reminder; one asked within the SLA whose notice a crash lost (between the question and the notice)
 * gets it now. Each is a keyed enqueue, so the passes of two instances queue one of each.
 */
export async function sweepConsultations(deps: AppDeps): Promise<{ announced: number; reminded: number }> {
  const now = deps.clock.now()
  const open = await deps.db.models.PublicConsultation.find({ answeredAt: { $exists: false }, askedAt: { $gte: new Date(now.getTime() - 30 * 86_400_000) } })
    .sort({ dueAt: 1, _id: 1 })
    .limit(500)
    .lean<ConsultationDoc[]>()
  let announced = 0
  let reminded = 0
  for (const q of open) {
    if (await answered(deps, q)) continue
    // a minute's grace: the request that asked it is queuing the notice itself
    if (q.askedAt.getTime() < now.getTime() - 60_000 && q.dueAt > now && !(await deps.db.models.Outbox.exists({ _id: askedKey(q._id) }))) {
      await announceQuestion(deps, q)
      announced++
    }
    if (q.dueAt <= now && !(await deps.db.models.Outbox.exists({ _id: overdueKey(q._id) }))) {
      await remindOverdue(deps, q)
      reminded++
    }
  }
  return { announced, reminded }
}

/** A notice about a question answered meanwhile is dropped instead of sent. */
export function consultNoticeRelevance(deps: AppDeps): NoticeRelevanceMap {
  const staleReason = async (notice: { subject?: string }) => {
    if (!notice.subject) return null
    const a = await deps.db.models.PublicConsultAnswer.findById(notice.subject, { _id: 1 }).lean()
    return a ? '这条咨询已经有人解答' : null
  }
  return { consult_asked: { staleReason }, consult_overdue: { staleReason } }
}
