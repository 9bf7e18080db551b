/** What the mediators API answers (the mini-app renders these; never hand-copy them). */
import type { RiskColour, TaskCategory } from '../tasks/constants'
import type { Ref } from '../tasks/types'
import type {
  AgeBand,
  ContactChannel,
  Guidance,
  Industry,
  MediationOutcome,
  MediatorKind,
  MediatorType,
  MemberStatus,
  OrgKind,
  RelationKind,
  TeamStatus,
} from './constants'
import type { CompositionRuleSet } from './rules'
import type { Reason } from './scoring'
import type { MediatorStats } from './stats'

export interface CodeLabel<T extends string = string> {
  code: T
  label: string
}

export interface OrgView {
  id: string
  name: string
  kind: OrgKind
  kindLabel: string
  industry?: Industry
  industryLabel?: string
  territory: { code: string; name: string }
  contactName: string
  contactPhone: string
  address?: string
  intro?: string
  active: boolean
  rev: number
  members: number
}

export interface RelationView {
  kind: RelationKind
  kindLabel: string
  name: string
  phoneMasked?: string
  note?: string
}

export interface MediatorStatsView extends MediatorStats {
  avgDurationLabel: string
  load: number
  loadCap: number
}

export interface MediatorView {
  id: string
  name: string
  kind: MediatorKind
  kindLabel: string
  type: MediatorType
  typeLabel: string
  title: string
  orgs: Array<{ id: string; name: string }>
  domains: CodeLabel<TaskCategory>[]
  specialties: string[]
  dialects: string[]
  ageBand?: AgeBand
  ageBandLabel?: string
  years: number
  home?: { code: string; name: string }
  phoneMasked?: string
  channel: ContactChannel
  channelLabel: string
  availability: { onLeaveUntil: string | null; note?: string }
  loadCap: number
  /** the cap in the profile (absent: the rule table's default) */
  ownLoadCap?: number
  intro?: string
  publicCard: boolean
  active: boolean
  rev: number
  stats: MediatorStatsView
  /** admins only */
  relations?: RelationView[]
  can: { edit: boolean; editAvailability: boolean; seeRelations: boolean; revealPhone: boolean }
}

export interface MediatorListItem {
  id: string
  name: string
  kind: MediatorKind
  kindLabel: string
  type: MediatorType
  typeLabel: string
  title: string
  orgNames: string[]
  homeName?: string
  done: number
  successRate: number | null
  averageRating: number | null
  load: number
  loadCap: number
  onLeaveUntil: string | null
  active: boolean
}

export interface MediatorListResponse {
  items: MediatorListItem[]
  nextCursor: string | null
}

/** A public mediator card (选调解员): nothing private — no phone, home, age, relations or load. */
export interface PublicMediatorCard {
  id: string
  name: string
  typeLabel: string
  title: string
  orgs: string[]
  domains: string[]
  specialties: string[]
  dialects: string[]
  years: number
  done: number
  successRate: number | null
  averageRating: number | null
  ratingCount: number
  intro?: string
  /** not on leave now */
  available: boolean
}

export interface RulesView {
  version: number
  rules: CompositionRuleSet
  updatedAt: string | null
  updatedBy: Ref | null
  note?: string
}

export interface CandidateView {
  id: string
  name: string
  type: MediatorType
  typeLabel: string
  score: number
  reasons: Reason[]
  summary: string
  /** why excluded, as the viewer may read it (admins: the relation named; others: that one exists) */
  excludedBecause?: string[]
}

export interface SlotProposalView {
  key: string
  label: string
  type: MediatorType
  count: number
  picks: CandidateView[]
  alternatives: CandidateView[]
  excluded: CandidateView[]
  pool: { total: number; excluded: number }
  shortfall?: string
}

export interface TeamProposalView {
  taskId: string
  taskNo: string
  rule: { id: string; description: string; note?: string }
  slots: SlotProposalView[]
  preferred?: { id: string; name?: string; status: 'kept' | 'excluded' | 'not_found'; message: string; reasons: string[] }
  dialect?: string
  /** the viewer sees private relations in the reasons */
  detailed: boolean
}

export interface TeamMemberView {
  mediatorId: string
  name: string
  typeLabel: string
  slotKey: string
  slotLabel: string
  status: MemberStatus
  statusLabel: string
  channel: ContactChannel
  channelLabel: string
  summary: string
  reason?: string
  invitedAt: string
  answeredAt?: string
  replacedBy?: string
  /** holds a seat of the task (accepted and assigned) */
  holdsSeat: boolean
  /** the SMS invitation's delivery, when sent by SMS: 已发送 / 已送达 / 未送达（原因）… */
  delivery?: string
}

export interface TeamView {
  id: string
  taskId: string
  taskNo: string
  status: TeamStatus
  statusLabel: string
  proposer: Ref
  rule: { id: string; description: string }
  formedAt: string
  seats: number
  members: TeamMemberView[]
  endedAt?: string
  endReason?: string
  /** what the viewer may do now */
  can: { replace: string[]; remove: string[]; answer: boolean; record: boolean }
}

export interface SessionView {
  id: string
  at: string
  place: string
  attendees: string[]
  summary: string
  nextStep?: string
  by: Ref
  recordedAt: string
}

export interface ScanView {
  fileId: string
  url: string
  by: Ref
  at: string
}

export interface OutcomeView {
  outcome: MediationOutcome
  outcomeLabel: string
  facts: string
  terms: string[]
  performance?: string
  guidedTo: CodeLabel<Guidance>[]
  note?: string
  organisation: string
  recordedAt: string
  by: Ref
  durationLabel: string
  /** the generated 调解协议书 (.docx), when there are terms */
  agreementUrl?: string
  scans: ScanView[]
  judicialConfirmation?: { court: string; note?: string; at: string; by: Ref }
}

export interface TaskMediationView {
  task: {
    id: string
    taskNo: string
    title: string
    category: TaskCategory
    categoryLabel: string
    riskColour: RiskColour
    riskLabel: string
    territory: { code: string; name: string }
    parties: Array<{ name: string; role?: string; phoneMasked?: string }>
    state: string
    stateLabel: string
  }
  canPropose: boolean
  /** why a team cannot be proposed now */
  proposeBlocked?: string
  canSetPreference: boolean
  preference: { mediatorId: string; name: string; note?: string; by: Ref; at: string } | null
  team: TeamView | null
  /** earlier teams of this task (dissolved, or before a reopen) */
  pastTeams: number
  sessions: SessionView[]
  outcome: OutcomeView | null
  /** may add sessions and the outcome (the team is on) */
  canRecord: boolean
  /** may attach the signed scan and mark 司法确认 (after the outcome too) */
  canAttach: boolean
}

export interface InvitationView {
  teamId: string
  taskId: string
  taskNo: string
  title: string
  categoryLabel: string
  riskColour: RiskColour
  riskLabel: string
  territoryName: string
  /** the parties' names (so a member can recuse themself), never their numbers */
  parties: string[]
  proposer: Ref
  slotLabel: string
  summary: string
  status: MemberStatus
  statusLabel: string
  teamStatusLabel: string
  invitedAt: string
  /** the other members (names and kinds), so a member knows who they would work with */
  others: Array<{ name: string; typeLabel: string; statusLabel: string }>
}

export interface ReplacementsView {
  slotLabel: string
  candidates: CandidateView[]
  excluded: CandidateView[]
  shortfall?: string
}
