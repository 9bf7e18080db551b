/**
 * What the task API returns (the BFF's presenter builds these; the mini-app renders them). Times are
 * ISO 8601 strings; phone numbers are masked.
 */

import type { Role } from '../roles'
import type {
  ClaimMode,
  ClosureCode,
  ProgressKind,
  RiskColour,
  TaskAction,
  TaskCategory,
  TaskEventType,
  TaskOrigin,
  TaskStateName,
  TaskTier,
  VulnerableFlag,
} from './constants'
import type { CodeName } from './types'

export interface HolderView {
  userId: string
  name: string
  seat: number
  claimedAt: string
  /** for the countdown; null for 指派 (no claim time limit) and once handling has started */
  expiresAt: string | null
  extended: boolean
  via: 'claim' | 'approval' | 'assign' | 'self_report'
  startedAt: string | null
}

export interface PartyView {
  name: string
  role?: string
  /** masked, e.g. 138****5678 */
  phone?: string
  /** 弱势当事人 */
  flags?: VulnerableFlag[]
}

export interface PhotoView {
  id: string
  /** signed, time-limited URL (works in <image src> without a login header) */
  url: string
}

export interface TaskView {
  id: string
  taskNo: string
  title: string
  description: string
  category: TaskCategory
  categoryLabel: string
  tier: TaskTier
  tierLabel: string
  state: TaskStateName
  stateLabel: string
  origin: TaskOrigin
  originLabel: string
  territory: CodeName
  department: CodeName | null
  riskColour: RiskColour
  riskLabel: string
  /** 三色预警: who set the colour, the red follow-up deadline (the card 为什么是红色 is GET /api/risk/tasks/:id) */
  risk: {
    source: 'engine' | 'manual' | 'created'
    score: number | null
    since: string
    followUpBy: string | null
    escalatedAt: string | null
    /** a person's colour the engine does not go below */
    floor: { colour: RiskColour; by: string; at: string; reason: string } | null
  }
  rewardPoints: number
  claimMode: ClaimMode | null
  claimModeLabel: string | null
  seats: number
  openSeats: number
  holders: HolderView[]
  /** 申请→审批: who applied (only shown to whoever approves, and each applicant sees themself) */
  applicants: Array<{ userId: string; name: string; at: string; note?: string }>
  reservedFor: Array<{ id: string; name: string }>
  parties: PartyView[]
  location: { lat: number; lng: number; address?: string } | null
  createdAt: string
  updatedAt: string
  dueAt: string
  claimDeadline: string | null
  overdue: boolean
  submittedAt: string | null
  closedAt: string | null
  closureCode: ClosureCode | null
  closureLabel: string | null
  rating: number | null
  reviewNote: string | null
  bounceCount: number
  returnCount: number
  progressCount: number
  lastProgressAt: string | null
  reporter: { id: string; name: string } | null
  escalation: { reason: string; kind: string; at: string; by: string } | null
  /** made from a lead (统一归口): the lead and the channels its records came through */
  source: { leadId: string; channels: string[]; records: string[] } | null
  /** the verbs the current user may take now (buttons); each is POST /api/tasks/:id/<verb> */
  actions: TaskAction[]
  /** version of the task (seq of its last event) */
  seq: number
}

export interface TimelineEntry {
  seq: number
  type: TaskEventType
  /** Chinese label of the event */
  label: string
  actor: { id: string; name: string }
  at: string
  /** the human part: reason, note, what changed, in Chinese */
  note?: string
  /** structured details (no protected data), e.g. photos, location, rating */
  data: {
    kind?: ProgressKind
    photos?: PhotoView[]
    location?: { lat: number; lng: number; accuracy: number; address?: string; outsideTerritory?: boolean; distanceM?: number }
    rating?: number
    closureCode?: ClosureCode
    department?: CodeName
    userId?: string
    name?: string
    seat?: number
    expiresAt?: string
    late?: boolean
    [key: string]: unknown
  }
}

export interface TaskDetailView extends TaskView {
  timeline: TimelineEntry[]
}

export interface TaskListResponse {
  items: TaskView[]
  /** opaque; pass as `cursor` for the next page; null at the end */
  nextCursor: string | null
}

/** `GET /api/tasks/counts`: tasks of the view per value of `by` (values with none are absent), and all of them. */
export interface TaskCountsView {
  by: 'state' | 'riskColour' | 'category'
  counts: Record<string, number>
  total: number
}

/** Every verb answers with the task after the change and the event it appended (null when nothing changed). */
export interface TaskActionResponse {
  task: TaskView
  event: TimelineEntry | null
  /** claim in 申请→审批 mode: `applied`; a repeated claim by the holder: `unchanged` */
  result?: 'done' | 'applied' | 'unchanged'
}

/** `POST /api/tasks/:id/reveal-phone` answer. */
export interface RevealPhoneResponse {
  party: number
  name: string
  phone: string
}

/** Details of a 409 TASK_ALREADY_CLAIMED. */
export interface AlreadyClaimedDetails {
  holder: { name: string; claimedAt: string; expiresAt: string | null } | null
  holders: Array<{ name: string; claimedAt: string; expiresAt: string | null }>
}

/** `GET /api/tasks/:id/assignees`: a person a lead can 指派 to, or name for 定向揭榜 from a pool. */
export interface AssigneeView {
  id: string
  name: string
  roleLabels: string[]
  title: string
  territoryName: string
  /** 专长 */
  tags: string[]
}

/** `GET /api/tasks/:id/pool-size`: the candidate pool a publication would name, and how many people it admits. */
export interface PoolSizeView {
  /** active people the pool admits by role, territory and 专长 (a 定向 task narrows it to the named ones) */
  size: number
  territory: CodeName
  roles: Role[]
  tags: string[]
  /** 认领范围 a lead may pick: the task's own territory, then each ancestor up to the street */
  scopes: Array<CodeName & { level: string }>
}
