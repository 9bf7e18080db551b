/**
 * The collections of the citizen's side. Everything that must happen once is an insert with a
 * deterministic `_id` (docs/database.md#unique-keys): a filing (`_id` = its case code, derived from
 * the citizen and the form's requestId), a milestone (`<code>:<milestone>`, which is also its SMS key),
 * a rating (`_id` = the case code: one answer per case, whoever taps first), a login code attempt
 * (`<phoneHash>:<nonce>:<n>`). Design notes: docs/public.md.
 */
import type { ConsultTopic, Milestone, PublicCategory, Rating } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'

const mixed = Schema.Types.Mixed
const opts = (collection: string) => ({ versionKey: false as const, collection, minimize: false })

/** A citizen: `_id` derived from the number's keyed hash, so the same number is the same citizen. */
export interface CitizenDoc {
  _id: string
  phoneEnc: string
  phoneMasked: string
  /** the name 浙里办 gave at the last login through it (SMS login has none) */
  name?: string
  createdAt: Date
  lastLoginAt: Date
}

/** The one live login code of a number (`_id` = the number's keyed hash); a new code replaces it. */
export interface LoginCodeDoc {
  _id: string
  nonce: string
  codeHash: string
  issuedAt: Date
  expiresAt: Date
}

/** A counted login event (a code sent, a wrong code): `key` says whose, `at` when. Swept after a day. */
export interface LoginMarkDoc {
  _id: string
  key: string
  at: Date
}

/**
 * One photo a citizen sent (`_id` random): counted per hour and summed per day before the photo is
 * decoded (public/photos.ts), swept after two days.
 */
export interface UploadMarkDoc {
  _id: string
  citizenId: string
  bytes: number
  at: Date
}

/** A 浙里办 ticket that logged someone in (`_id` = its SHA-256): a ticket works once. */
export interface ZlbTicketDoc {
  _id: string
  citizenId: string
  at: Date
}

export interface PublicCaseDoc {
  _id: string
  citizenId: string
  phoneEnc: string
  phoneMasked: string
  name?: string
  category: PublicCategory
  content: string
  /** the place as the citizen gave it: community name, place, number or their own words */
  place: string
  community?: string
  occurredAt?: Date
  otherParty?: string
  photos: string[]
  /** the intake source this filing is (`public:<code>`) */
  intakeKey: string
  filedAt: Date
  /** the task handling it: the first made with `sourceRef` = the case code, or the task of the lead
   * its record joined (a cache of `public_case_tasks`, which decides) */
  taskId?: string
  /** the 研判 lead its record is in now (a cache, from the leads' events) */
  leadId?: string
  /** caches of the milestones and the rating collections (the truth is there) */
  milestone: Milestone
  rated?: Rating
  /** closed by handing it to another authority (退回 / 移交 in 研判): nothing of ours to rate */
  noRating?: boolean
}

export interface MilestoneDoc {
  /** `<code>:<milestone>` — also the key of its SMS */
  _id: string
  code: string
  milestone: Milestone
  at: Date
  unit?: string
  result?: string
}

/** The one task a case follows (`_id` = the case code): the first task linked wins, by insert. */
export interface CaseTaskDoc {
  _id: string
  taskId: string
  /** how it was linked: the task's `sourceRef` is the code, or the lead the record is in became the task */
  via: 'sourceRef' | 'lead'
  leadId?: string
  at: Date
}

/**
 * The cases a task carries that its `sourceRef` does not name (`_id` = `<taskId>#<n, 2 digits>`):
 * slots filled in order and read by `_id`, so a task event finds its cases with point reads.
 */
export interface TaskCaseSlotDoc {
  _id: string
  code: string
}

export interface RatingDoc {
  /** the case code: one answer per case */
  _id: string
  rating: Rating
  comment?: string
  via: 'app' | 'link' | 'phone'
  at: Date
  by?: { id: string; name: string }
  /** its events were published (the sweep finishes a rating whose effects a crash cut short) */
  published?: boolean
}

/** A one-time rating link (`_id` = sha256 of the token in the SMS). */
export interface RatingLinkDoc {
  _id: string
  code: string
  expiresAt: Date
}

/** A follow-up for the centre: `<code>:phone` (no answer in 3 days) or `<code>:unsatisfied`. */
export interface FollowupDoc {
  _id: string
  code: string
  kind: 'phone' | 'unsatisfied'
  state: 'waiting' | 'open' | 'done'
  dueAt: Date
  createdAt: Date
  doneAt?: Date
  outcome?: { action: string; note?: string; reached?: boolean; by: { id: string; name: string } }
}

export interface MediatorRequestDoc {
  /** the case code: one request at a time */
  _id: string
  mediatorId: string
  name: string
  state: 'asked' | 'confirmed' | 'declined'
  reason?: string
  at: Date
  decidedAt?: Date
}

export interface ConsultationDoc {
  _id: string
  citizenId: string
  phoneEnc: string
  phoneMasked: string
  topic: ConsultTopic
  question: string
  photos: string[]
  askedAt: Date
  dueAt: Date
  answer?: string
  answeredAt?: Date
  answeredBy?: { id: string; name: string; label: string }
  caseCode?: string
}

/** The answer to a question (`_id` = the question): one, whoever answers first. */
export interface ConsultAnswerDoc {
  _id: string
  answer: string
  by: { id: string; name: string; label: string }
  at: Date
}

function schema<T>(collection: string, fields: Record<string, unknown>, indexes: Array<Record<string, 1 | -1>> = []) {
  const s = new Schema<T>({ _id: { type: String, required: true }, ...fields } as never, opts(collection))
  for (const i of indexes) s.index(i)
  return s
}

export function publicModels(conn: Connection) {
  return {
    Citizen: conn.model<CitizenDoc>(
      'Citizen',
      schema<CitizenDoc>('citizens', { phoneEnc: String, phoneMasked: String, name: String, createdAt: Date, lastLoginAt: Date }),
    ),
    CitizenUploadMark: conn.model<UploadMarkDoc>(
      'CitizenUploadMark',
      schema<UploadMarkDoc>('citizen_upload_marks', { citizenId: String, bytes: Number, at: Date }, [{ citizenId: 1, at: 1 }, { at: 1 }]),
    ),
    CitizenZlbTicket: conn.model<ZlbTicketDoc>('CitizenZlbTicket', schema<ZlbTicketDoc>('citizen_zlb_tickets', { citizenId: String, at: Date }, [{ at: 1 }])),
    CitizenLoginCode: conn.model<LoginCodeDoc>(
      'CitizenLoginCode',
      schema<LoginCodeDoc>('citizen_login_codes', { nonce: String, codeHash: String, issuedAt: Date, expiresAt: Date }),
    ),
    CitizenLoginMark: conn.model<LoginMarkDoc>(
      'CitizenLoginMark',
      schema<LoginMarkDoc>('citizen_login_marks', { key: String, at: Date }, [{ key: 1, at: 1 }, { at: 1 }]),
    ),
    PublicCase: conn.model<PublicCaseDoc>(
      'PublicCase',
      schema<PublicCaseDoc>(
        'public_cases',
        {
          citizenId: { type: String, required: true },
          phoneEnc: String,
          phoneMasked: String,
          name: String,
          category: String,
          content: String,
          place: String,
          community: String,
          occurredAt: Date,
          otherParty: String,
          photos: [String],
          intakeKey: String,
          filedAt: Date,
          taskId: String,
          leadId: String,
          milestone: String,
          rated: String,
          noRating: Boolean,
        },
        [{ citizenId: 1, filedAt: -1, _id: 1 }, { taskId: 1 }],
      ),
    ),
    PublicCaseTask: conn.model<CaseTaskDoc>(
      'PublicCaseTask',
      schema<CaseTaskDoc>('public_case_tasks', { taskId: String, via: String, leadId: String, at: Date }),
    ),
    PublicTaskCase: conn.model<TaskCaseSlotDoc>('PublicTaskCase', schema<TaskCaseSlotDoc>('public_task_cases', { code: String })),
    PublicMilestone: conn.model<MilestoneDoc>(
      'PublicMilestone',
      schema<MilestoneDoc>('public_milestones', { code: String, milestone: String, at: Date, unit: String, result: String }, [{ code: 1, at: 1 }]),
    ),
    PublicRating: conn.model<RatingDoc>(
      'PublicRating',
      schema<RatingDoc>('public_ratings', { rating: String, comment: String, via: String, at: Date, by: mixed, published: Boolean }, [{ at: -1, _id: 1 }]),
    ),
    PublicRatingLink: conn.model<RatingLinkDoc>('PublicRatingLink', schema<RatingLinkDoc>('public_rating_links', { code: String, expiresAt: Date })),
    PublicFollowup: conn.model<FollowupDoc>(
      'PublicFollowup',
      schema<FollowupDoc>('public_followups', { code: String, kind: String, state: String, dueAt: Date, createdAt: Date, doneAt: Date, outcome: mixed }, [
        { state: 1, dueAt: 1, _id: 1 },
      ]),
    ),
    PublicMediatorRequest: conn.model<MediatorRequestDoc>(
      'PublicMediatorRequest',
      schema<MediatorRequestDoc>('public_mediator_requests', { mediatorId: String, name: String, state: String, reason: String, at: Date, decidedAt: Date }, [
        { state: 1, at: 1, _id: 1 },
      ]),
    ),
    PublicConsultAnswer: conn.model<ConsultAnswerDoc>(
      'PublicConsultAnswer',
      schema<ConsultAnswerDoc>('public_consult_answers', { answer: String, by: mixed, at: Date }),
    ),
    PublicConsultation: conn.model<ConsultationDoc>(
      'PublicConsultation',
      schema<ConsultationDoc>(
        'public_consultations',
        {
          citizenId: String,
          phoneEnc: String,
          phoneMasked: String,
          topic: String,
          question: String,
          photos: [String],
          askedAt: Date,
          dueAt: Date,
          answer: String,
          answeredAt: Date,
          answeredBy: mixed,
          caseCode: String,
        },
        [
          { citizenId: 1, askedAt: -1, _id: 1 },
          { answeredAt: 1, dueAt: 1, _id: 1 },
        ],
      ),
    ),
  }
}
