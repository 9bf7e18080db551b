/**
 * What the mediators domain tells the others (docs/mediators.md#events): a team formed, an outcome
 * recorded, an agreement sent for 司法确认. At least once; each payload's `id` is the listener's key.
 */
import type { Guidance, MediationOutcome, PartyRef, RiskColour, TaskCategory } from '@jqtb/shared'

export interface MediationTeamFormed {
  id: string
  taskId: string
  teamId: string
  category: TaskCategory
  riskColour: RiskColour
  territory: string
  memberIds: string[]
  at: string
}

export interface MediationRecorded {
  /** `<teamId>:outcome` */
  id: string
  taskId: string
  taskNo: string
  teamId: string
  category: TaskCategory
  riskColour: RiskColour
  territory: string
  outcome: MediationOutcome
  guidedTo: Guidance[]
  parties: PartyRef[]
  memberIds: string[]
  sessions: number
  startedAt: string
  recordedAt: string
  durationMs: number
}

export interface MediationConfirmed {
  /** `<teamId>:confirmed` */
  id: string
  taskId: string
  teamId: string
  outcomeId: string
  court?: string
  at: string
}

declare module '../kernel/events' {
  interface DomainEvents {
    'mediation.team_formed': MediationTeamFormed
    'mediation.recorded': MediationRecorded
    'mediation.confirmed': MediationConfirmed
  }
}
