/**
 * What leaves the server on the citizen's side. A citizen's view is built field by field from the
 * case and its milestones — never from the task — so nothing internal (notes, people, numbers, risk)
 * can leak into it by a field being added elsewhere; tests/integration/public-cases.test.ts walks the
 * JSON of every milestone for internal fields.
 */
import {
  CONSULT_TOPIC_LABELS,
  type ConsultationView,
  type FollowupView,
  MILESTONE_LABELS,
  MILESTONES,
  milestoneText,
  type PublicCaseSummary,
  type PublicCaseView,
  type PublicMilestoneView,
  publicCategory,
  RATING_LABELS,
  type StaffPublicCaseView,
} from '@jqtb/shared'
import type { PhotoLinks } from '../files/presenter'
import type { ConsultationDoc, FollowupDoc, MediatorRequestDoc, MilestoneDoc, PublicCaseDoc, RatingDoc } from './model'

const titleOf = (content: string) => (content.length > 24 ? `${content.slice(0, 24)}…` : content)

export function presentSummary(c: PublicCaseDoc, rated: boolean): PublicCaseSummary {
  return {
    code: c._id,
    category: c.category,
    categoryLabel: publicCategory(c.category).label,
    title: titleOf(c.content),
    place: c.place,
    filedAt: c.filedAt.toISOString(),
    milestone: c.milestone,
    milestoneLabel: MILESTONE_LABELS[c.milestone],
    canRate: c.milestone === 'closed' && !rated && !c.noRating,
  }
}

export function presentMilestone(m: MilestoneDoc): PublicMilestoneView {
  return {
    milestone: m.milestone,
    label: m.milestone === 'assigned' && m.unit ? `已分派至${m.unit}` : MILESTONE_LABELS[m.milestone],
    text: milestoneText(m.milestone, { unit: m.unit, result: m.result }),
    at: m.at.toISOString(),
  }
}

const REQUEST_LABELS = { asked: '已提交，等待中心确认', confirmed: '中心已确认', declined: '中心未能安排' } as const

export function presentCase(
  c: PublicCaseDoc,
  x: { milestones: MilestoneDoc[]; rating: RatingDoc | null; request: MediatorRequestDoc | null; qrSvg: string; links: PhotoLinks },
): PublicCaseView {
  const timeline = [...x.milestones].sort((a, b) => MILESTONES.indexOf(a.milestone) - MILESTONES.indexOf(b.milestone)).map(presentMilestone)
  return {
    ...presentSummary(c, !!x.rating),
    content: c.content,
    occurredAt: c.occurredAt?.toISOString() ?? null,
    otherParty: c.otherParty ?? null,
    photos: x.links(c.photos ?? []),
    timeline,
    rating: x.rating
      ? { rating: x.rating.rating, label: RATING_LABELS[x.rating.rating], comment: x.rating.comment ?? null, at: x.rating.at.toISOString() }
      : null,
    mediatorRequest: x.request
      ? { name: x.request.name, state: x.request.state, label: REQUEST_LABELS[x.request.state], reason: x.request.reason ?? null }
      : null,
    qrSvg: x.qrSvg,
  }
}

export function presentStaffCase(
  c: PublicCaseDoc,
  rating: RatingDoc | null,
  territory: { code: string; name: string } | null,
  links: PhotoLinks,
): StaffPublicCaseView {
  return {
    code: c._id,
    categoryLabel: publicCategory(c.category).label,
    content: c.content,
    place: c.place,
    photos: links(c.photos ?? []),
    filedAt: c.filedAt.toISOString(),
    citizenPhoneMasked: c.phoneMasked,
    citizenName: c.name ?? null,
    intakeKey: c.intakeKey,
    territory,
    taskId: c.taskId ?? null,
    milestone: c.milestone,
    milestoneLabel: MILESTONE_LABELS[c.milestone],
    rating: rating ? { rating: rating.rating, label: RATING_LABELS[rating.rating], comment: rating.comment ?? null, via: rating.via } : null,
  }
}

export function presentFollowup(f: FollowupDoc, c: PublicCaseDoc | undefined, rating: RatingDoc | null): FollowupView {
  return {
    code: f.code,
    kind: f.kind,
    state: f.state === 'done' ? 'done' : 'open',
    dueAt: f.dueAt.toISOString(),
    caseTitle: c ? titleOf(c.content) : f.code,
    citizenPhoneMasked: c?.phoneMasked ?? '',
    rating: rating ? { rating: rating.rating, label: RATING_LABELS[rating.rating], comment: rating.comment ?? null } : null,
    taskId: c?.taskId ?? null,
  }
}

/** `links` signs the photo ids (files/presenter.ts photoLinksOf): only for the asker and the answerers. */
export function presentConsultation(q: ConsultationDoc, links: PhotoLinks): ConsultationView {
  return {
    id: q._id,
    topic: q.topic,
    topicLabel: CONSULT_TOPIC_LABELS[q.topic],
    question: q.question,
    photos: links(q.photos ?? []),
    askedAt: q.askedAt.toISOString(),
    answer: q.answer ?? null,
    answeredAt: q.answeredAt?.toISOString() ?? null,
    answeredBy: q.answeredBy?.label ?? null,
    caseCode: q.caseCode ?? null,
  }
}
