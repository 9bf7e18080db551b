/** What the citizen's side answers (bff/src/public/presenter.ts builds each one). */
import type { ConsultTopic } from './consult'
import type { Milestone, PublicCategory, Rating } from './rules'

export interface CitizenSession {
  token: string
  expiresAt: string
  /** `name`: what 浙里办 told us (SMS login has none) */
  citizen: { phoneMasked: string; name?: string }
}

/** The login providers this installation offers (`GET /api/public/auth/providers`). */
export interface LoginProvidersView {
  /** `sms` always; `zlb` (浙里办一键登录) when configured */
  providers: Array<{ id: 'sms' | 'zlb'; label: string; loginUrl?: string }>
}

/** A photo the citizen attached: a signed, short-lived link. */
export interface CitizenPhotoView {
  id: string
  url: string
}

export interface CodeSent {
  /** always true: the answer never says whether the number is known */
  sent: true
  /** seconds until another code may be asked for */
  resendAfter: number
  expiresIn: number
}

/** One public milestone: only what a citizen may read. */
export interface PublicMilestoneView {
  milestone: Milestone
  label: string
  text: string
  at: string
}

export interface PublicCaseSummary {
  code: string
  category: PublicCategory
  categoryLabel: string
  /** the first words of what happened */
  title: string
  place: string
  filedAt: string
  milestone: Milestone
  milestoneLabel: string
  /** the rating asked for and not given yet */
  canRate: boolean
}

export interface PublicCaseView extends PublicCaseSummary {
  content: string
  occurredAt: string | null
  otherParty: string | null
  photos: CitizenPhotoView[]
  timeline: PublicMilestoneView[]
  rating: { rating: Rating; label: string; comment: string | null; at: string } | null
  /** a mediator the citizen asked for, and what the centre said */
  mediatorRequest: { name: string; state: 'asked' | 'confirmed' | 'declined'; label: string; reason: string | null } | null
  /** a QR code of the case code (SVG) the reception desk can scan */
  qrSvg: string
}

export interface ConsultationView {
  id: string
  topic: ConsultTopic
  topicLabel: string
  question: string
  photos: CitizenPhotoView[]
  askedAt: string
  answer: string | null
  answeredAt: string | null
  /** who answered, by role only (律师 / 司法所), never a name or a number */
  answeredBy: string | null
  /** the case it was turned into */
  caseCode: string | null
}

/** The staff side's view of a public case (the desk's lookup by case code). */
export interface StaffPublicCaseView {
  code: string
  categoryLabel: string
  content: string
  /** the citizen's photos, as signed links */
  photos: CitizenPhotoView[]
  place: string
  filedAt: string
  citizenPhoneMasked: string
  citizenName: string | null
  intakeKey: string
  /** where intake placed it (a micro-grid, or only a community; null: the desk names it when accepting) */
  territory: { code: string; name: string } | null
  taskId: string | null
  milestone: Milestone
  milestoneLabel: string
  rating: { rating: Rating; label: string; comment: string | null; via: 'app' | 'link' | 'phone' } | null
}

export interface FollowupView {
  code: string
  kind: 'phone' | 'unsatisfied'
  state: 'open' | 'done'
  dueAt: string
  caseTitle: string
  citizenPhoneMasked: string
  rating: { rating: Rating; label: string; comment: string | null } | null
  taskId: string | null
}
