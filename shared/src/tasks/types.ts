import type { Role } from '../roles'
import type {
  ClaimMode,
  ClosureCode,
  ProgressKind,
  RiskColour,
  TaskCategory,
  TaskEventType,
  TaskOrigin,
  TaskStateName,
  TaskTier,
  VulnerableFlag,
} from './constants'

/** Times inside the state machine are epoch milliseconds: the fold is plain arithmetic. */
export type EpochMs = number

export interface Ref {
  id: string
  name: string
}

export interface CodeName {
  code: string
  name: string
}

/** The person the machine decides for (the BFF's signed-in user). */
export interface TaskUser {
  id: string
  roles: Role[]
  /** territory code the user answers for */
  territory: string
  department?: string
  /** 专长 (shared/src/tags.ts); absent or empty: none */
  tags?: readonly string[]
}

/** One seat held on a task. */
export interface Holder {
  userId: string
  name: string
  /** seat index, 0-based; single-seat tasks use 0 */
  seat: number
  /** seq of the event that gave the seat (claim notices are keyed by it) */
  sinceSeq: number
  claimedAt: EpochMs
  /** the claim lapses at this time unless handling has started; absent for 指派 (assignment) */
  expiresAt?: EpochMs
  /** the one extension has been used */
  extended: boolean
  /** how the seat was won */
  via: 'claim' | 'approval' | 'assign' | 'self_report'
  /** first progress record by this holder; from then on the claim no longer lapses */
  startedAt?: EpochMs
  /** index of the active-claim slot the claim took (BFF bookkeeping for the cap) */
  capSlot?: number
  /** the token of that slot: it tells this claim's slot from a later one on the same index */
  capToken?: string
}

export interface Applicant {
  userId: string
  name: string
  at: EpochMs
  note?: string
}

/**
 * A party to the dispute. The phone number is stored encrypted (`phoneEnc`, opaque to the machine)
 * with a keyed hash for matching (`phoneHash`); only `phoneMasked` is ever shown without a recorded
 * reveal.
 */
export interface StoredParty {
  name: string
  role?: string
  phoneMasked?: string
  phoneEnc?: string
  phoneHash?: string
  /** 弱势当事人 (老人, 未成年人, 残疾人, 孕妇): weighed by the risk engine */
  flags?: VulnerableFlag[]
}

export interface GeoPoint {
  lat: number
  lng: number
  address?: string
}

/** Candidate pool of a published task: who may claim it. */
export interface Eligibility {
  /** members whose territory lies inside (or contains) this territory */
  territory: string
  roles: Role[]
  /** 专长 of which a claimant must carry at least one (empty: no requirement) */
  tags: string[]
}

/** What scoring (issue 5) needs, copied onto the events points are computed from. */
export interface ScoringContext {
  taskNo: string
  category: TaskCategory
  tier: TaskTier
  territory: string
  department?: string
  rewardPoints: number
  dueAt: EpochMs
  createdAt: EpochMs
}

/** Where a task made from intake came from: the lead (线索) and its channel records (`<channel>:<sourceId>`). */
export interface TaskSource {
  leadId: string
  channels: string[]
  records: string[]
}

/** The task as the fold of its events (the projection's domain part). */
export interface TaskState {
  id: string
  taskNo: string
  /** seq of the last event folded in */
  seq: number
  title: string
  description: string
  category: TaskCategory
  tier: TaskTier
  riskColour: RiskColour
  origin: TaskOrigin
  state: TaskStateName
  territory: CodeName
  department?: CodeName
  parties: StoredParty[]
  location?: GeoPoint
  sourceRef?: string
  /** made from a lead (统一归口) */
  source?: TaskSource
  /** leads added later (并入已有工单): their channels hear the task's moves too */
  attachedSources?: TaskSource[]
  createdAt: EpochMs
  createdBy: Ref
  /** 自处理上报 / 直接上报: the grid worker who reported it */
  reporter?: Ref
  updatedAt: EpochMs
  dueAt: EpochMs
  /** seq of the event that set dueAt (reminder notices are keyed by it) */
  dueSeq: number
  routedAt?: EpochMs
  /** a routed task must be signed for by then */
  signBy?: EpochMs
  signedAt?: EpochMs
  publishedAt?: EpochMs
  /** when the task last (re-)entered the hall: published, or a seat freed by release or expiry */
  openedAt?: EpochMs
  claimMode?: ClaimMode
  seats: number
  rewardPoints: number
  /** no claims after this */
  claimDeadline?: EpochMs
  /** how long a claim holds (ms), fixed at publication from the settings */
  claimDurationMs?: number
  eligibility?: Eligibility
  reservedFor: Ref[]
  holders: Holder[]
  applicants: Applicant[]
  /** everyone who ever held the task or reported it: none of them may review it */
  doerIds: string[]
  progressCount: number
  lastProgressAt?: EpochMs
  submittedAt?: EpochMs
  submission?: { note: string; overdueReason?: string; late: boolean; by: Ref }
  closedAt?: EpochMs
  closureCode?: ClosureCode
  rating?: number
  reviewNote?: string
  bounceCount: number
  returnCount: number
  releaseCount: number
  expiredCount: number
  reopenCount: number
  /**
   * The last 上报 to the centre. While the task is `escalated` its holders stay on it (seats, claim
   * clocks, due date) until the centre answers; `from` is the state it went up from, where 发回 returns it.
   */
  escalation?: { reason: string; kind: 'manual' | 'sign_timeout' | 'bounce_limit'; at: EpochMs; by: Ref; from?: TaskStateName }
  /** the overdue escalation for the current due date was raised at */
  overdueEscalatedAt?: EpochMs
  /**
   * 攻坚小组 (mediators domain): the team whose members fill this task's seats. Its seats are the
   * task's team seats (claimMode `team`), given by 指派 as members accept; nobody claims them.
   */
  team?: { id: string; members: Ref[] }
  /** 三色预警 beyond the colour, once a risk event is in the log (absent: the colour chosen at creation) */
  risk?: TaskRisk
}

/** The colour a person set: the engine never goes below it (a manual red stays red until a person lowers it). */
export interface RiskFloor {
  colour: RiskColour
  by: Ref
  at: EpochMs
  reason: string
}

export interface TaskRisk {
  /** who set the current colour */
  source: 'engine' | 'manual'
  /** the engine's score when the colour was last set */
  score: number
  floor?: RiskFloor
  /** the current colour holds since */
  since: EpochMs
  /** red: a person must act on the task by then, or the warning is escalated a level up */
  followUpBy?: EpochMs
  /** red: when someone first acted on the task after it turned red */
  followedUpAt?: EpochMs
  /** red: the warning was escalated (nobody acted by followUpBy) */
  escalatedAt?: EpochMs
}

// ---------------------------------------------------------------------------------------------
// Events

export interface CreatedData {
  taskNo: string
  title: string
  description: string
  category: TaskCategory
  tier: TaskTier
  riskColour: RiskColour
  origin: TaskOrigin
  territory: CodeName
  parties: StoredParty[]
  location?: GeoPoint
  sourceRef?: string
  /** made from a lead (统一归口): the lead and its channel records */
  source?: TaskSource
  dueAt: EpochMs
  reporter?: Ref
  /** photos attached to a 直接上报 (file ids) */
  photos?: string[]
  /** 自处理上报: the reporter holds it from the start */
  selfHandled?: boolean
}
export interface RoutedData {
  department: CodeName
  signBy: EpochMs
  note?: string
  /** re-routing an escalated task ends its holders' seats (the centre took it from them: no penalty) */
  ended?: Doer[]
}
export interface SignedData {
  note?: string
}
export interface BouncedData {
  department: CodeName
  reason: string
  suggestedDepartment?: string
  bounceCount: number
  /** the bounce limit was reached: the task escalates to the centre */
  escalate: boolean
  scoring: ScoringContext
}
export interface PublishedData {
  claimMode: ClaimMode
  seats: number
  rewardPoints: number
  claimDeadline?: EpochMs
  claimDurationMs: number
  eligibility: Eligibility
  reservedFor: Ref[]
  note?: string
  /** re-publishing an escalated task ends its holders' seats (the centre's decision: no penalty) */
  ended?: Doer[]
}
export interface ClaimAppliedData {
  userId: string
  name: string
  note?: string
}
export interface SeatData {
  userId: string
  name: string
  seat: number
  expiresAt?: EpochMs
  /** index of the active-claim slot the claim took */
  capSlot?: number
  /** that slot's token (see Holder.capToken) */
  capToken?: string
}
export interface ClaimApprovedData extends SeatData {
  approvedBy: Ref
}
export interface AssignedData extends SeatData {
  note?: string
  /** 指派 replacing a holder (override): the replaced holder */
  replaced?: { userId: string; name: string; seat: number; claimedAt: EpochMs }
}
export interface ClaimExtendedData {
  userId: string
  expiresAt: EpochMs
  previousExpiresAt: EpochMs
  reason: string
}
/** `released` (放弃) and `claim_expired` carry the same facts: scoring treats both as abandonment. */
export interface SeatLostData {
  userId: string
  name: string
  seat: number
  claimedAt: EpochMs
  expiresAt?: EpochMs
  via: Holder['via']
  startedAt?: EpochMs
  reason?: string
  /** the task went back into the hall */
  republished: boolean
  scoring: ScoringContext
}
export interface ProgressData {
  kind: ProgressKind
  note: string
  photos: string[]
  location?: GeoPoint & { accuracy: number }
  /** the location was farther from the task's territory than its radius plus the accuracy */
  outsideTerritory?: boolean
  distanceM?: number
  /** the form's idempotency key: a retried request finds this record instead of adding a second */
  requestId?: string
}
export interface SubmittedData {
  note: string
  overdueReason?: string
  late: boolean
}
export interface Doer {
  userId: string
  name: string
  seat: number
  claimedAt: EpochMs
  via: Holder['via']
  startedAt?: EpochMs
}
export interface AcceptedData {
  rating: number
  closureCode: ClosureCode
  note?: string
  doers: Doer[]
  submittedAt: EpochMs
  late: boolean
  returnCount: number
  scoring: ScoringContext
}
export interface ReturnedData {
  reason: string
  returnCount: number
  doers: Doer[]
  submittedAt: EpochMs
  scoring: ScoringContext
}
export interface EscalatedData {
  reason: string
  kind: 'manual' | 'sign_timeout' | 'bounce_limit'
  /**
   * Holders whose seats ended with the escalation. Always empty now: the holders stay responsible
   * until the centre answers. Logs written before that rule list the holders it unseated.
   */
  released: Doer[]
}
/** 发回: the centre answers an escalation by sending the task back to its holders, who carry on. */
export interface SentBackData {
  note?: string
}
export interface OverdueEscalatedData {
  dueAt: EpochMs
}
export interface ReopenedData {
  reason: string
  /** the reopened task's new due date (from the SLA of its tier) */
  dueAt: EpochMs
}
export interface CancelledData {
  closureCode: ClosureCode
  reason: string
}
/** 并入已有工单: another lead's records were added to this task (a note: the task does not change). */
export interface SourceAddedData {
  leadId: string
  channels: string[]
  records: string[]
  title: string
  /** photos the lead's records carried (公众上报) */
  photos?: string[]
}
export interface PhoneRevealedData {
  party: number
  partyName: string
}

/**
 * 申诉 (issue 5) on a deduction this task caused. The appeal's id is the contested ledger entry's id
 * (one appeal per entry); the note repeats what the timeline needs, so it reads without the ledger.
 */
export interface AppealFiledData {
  appealId: string
  entryId: string
  /** the person the deduction is about (who appealed) */
  userId: string
  name: string
  /** the contested points (negative) */
  delta: number
  /** the deduction's own sentence, e.g. 「认领后放弃 邻里纠纷（JQ20261127-0003）−2」 */
  entryReason: string
  /** why the worker contests it */
  reason: string
}
export interface AppealDecidedData extends Omit<AppealFiledData, 'reason'> {
  decision: 'upheld' | 'granted'
  note: string
  /** granted: the correction (冲正) entry written */
  correctionEntryId?: string
}

/**
 * A 攻坚小组 was confirmed for the task (mediators domain): the task gets `seats` team seats, which its
 * members take by 指派 as they accept their invitation. Nobody claims them (no pool is published).
 */
export interface TeamFormedData {
  teamId: string
  seats: number
  /** who was invited */
  members: Ref[]
  /** the composition rule, in words */
  rule: string
}
/** The team changed: a decline, a replacement, a removal, a departure (seats and members as they are now). */
export interface TeamChangedData {
  teamId: string
  seats: number
  members: Ref[]
  note: string
}

/** One reason for a risk score, in words, with its points ("描述含「扬言」 +25"). */
export interface RiskFactorRecord {
  code: string
  points: number
  text: string
}

/** 风险预警: the colour changed (the engine re-scored the case, or a person set it with a reason). */
export interface RiskChangedData {
  colour: RiskColour
  previous: RiskColour
  source: 'engine' | 'manual'
  score: number
  factors: RiskFactorRecord[]
  /** a person's reason (manual) */
  reason?: string
  /** the risk rule version that scored it */
  ruleVersion?: number
  /** turned red: someone must act on the task by then */
  followUpBy?: EpochMs
  /** turned red: who is sent the warning (user ids), fixed here so a repair sends to the same people */
  notify?: string[]
}

/** 红色预警督办: still red and nobody acted by the follow-up deadline; the warning goes a level up. */
export interface RiskEscalatedData {
  followUpBy: EpochMs
  /** who is told (user ids) */
  notify: string[]
  score: number
  factors: RiskFactorRecord[]
}

export interface TaskEventDataMap {
  created: CreatedData
  routed: RoutedData
  signed: SignedData
  bounced: BouncedData
  published: PublishedData
  claim_applied: ClaimAppliedData
  claimed: SeatData
  claim_approved: ClaimApprovedData
  assigned: AssignedData
  claim_extended: ClaimExtendedData
  released: SeatLostData
  claim_expired: SeatLostData
  progress: ProgressData
  submitted: SubmittedData
  accepted: AcceptedData
  returned: ReturnedData
  escalated: EscalatedData
  sent_back: SentBackData
  overdue_escalated: OverdueEscalatedData
  reopened: ReopenedData
  cancelled: CancelledData
  phone_revealed: PhoneRevealedData
  source_added: SourceAddedData
  appeal_filed: AppealFiledData
  appeal_decided: AppealDecidedData
  team_formed: TeamFormedData
  team_changed: TeamChangedData
  risk_changed: RiskChangedData
  risk_escalated: RiskEscalatedData
}

interface EventBase {
  taskId: string
  seq: number
  at: EpochMs
  actor: Ref
}

/** One entry of the task log. `_id` in the database is `<taskId>:<seq padded to 10>`. */
export type TaskEvent = { [K in TaskEventType]: EventBase & { type: K; data: TaskEventDataMap[K] } }[TaskEventType]
export type TaskEventOf<K extends TaskEventType> = EventBase & { type: K; data: TaskEventDataMap[K] }
