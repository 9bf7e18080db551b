// 多元化解队伍: the mediator pool, organisations, the rule table, a task's 攻坚小组 and its mediation records.
// Types only from shared: the zod schemas stay out of the bundle (the server validates and answers in Chinese).
import type {
  InvitationView,
  MediatorListResponse,
  MediatorView,
  OrgView,
  ReplacementsView,
  RulesView,
  TaskMediationView,
  TeamProposalView,
} from '@jqtb/shared/src/mediators/dto'
import type { CompositionRuleSet } from '@jqtb/shared/src/mediators/rules'
import type {
  AddMediatorBody,
  AnswerBody,
  AvailabilityBody,
  OrgBody,
  OutcomeBody,
  ProfileFields,
  RelationInput,
  SessionBody,
} from '@jqtb/shared/src/mediators/schemas'
import { api } from './api'
import { query } from './http'

export const MEDIATOR_PAGES = {
  pool: '/pages/mediators/index',
  profile: '/pages/mediators/profile/index',
  edit: '/pages/mediators/edit/index',
  rules: '/pages/mediators/rules/index',
  team: '/pages/mediators/team/index',
  record: '/pages/mediators/record/index',
  invite: '/pages/mediators/invite/index',
} as const

const enc = encodeURIComponent

export interface PoolFilters {
  q?: string
  type?: string
  domain?: string
  status?: 'active' | 'inactive' | 'all'
}

export const listMediators = (f: PoolFilters, cursor?: string | null) => api<MediatorListResponse>(`/api/mediators${query({ ...f, cursor, limit: 30 })}`)
export const getMediator = (id: string) => api<MediatorView>(`/api/mediators/${enc(id)}`)
export const myProfile = () => api<MediatorView>('/api/mediators/me')
export const addMediator = (body: AddMediatorBody) => api<MediatorView>('/api/mediators', { method: 'POST', data: body })
export const updateMediator = (id: string, rev: number, profile: Partial<ProfileFields>) =>
  api<MediatorView>(`/api/mediators/${enc(id)}`, { method: 'PUT', data: { rev, profile } })
export const setRelations = (id: string, rev: number, relations: RelationInput[]) =>
  api<MediatorView>(`/api/mediators/${enc(id)}/relations`, { method: 'PUT', data: { rev, relations } })
export const setAvailability = (id: string, body: AvailabilityBody) =>
  api<MediatorView>(`/api/mediators/${enc(id)}/availability`, { method: 'PUT', data: body })
export const revealMediatorPhone = (id: string) => api<{ phone: string }>(`/api/mediators/${enc(id)}/reveal-phone`, { method: 'POST', data: {} })

export const listOrgs = () => api<{ items: OrgView[] }>('/api/mediation/orgs')
export const createOrg = (body: OrgBody) => api<OrgView>('/api/mediation/orgs', { method: 'POST', data: body })
export const updateOrg = (id: string, rev: number, org: OrgBody) => api<OrgView>(`/api/mediation/orgs/${enc(id)}`, { method: 'PUT', data: { rev, org } })

export const getRules = () => api<RulesView>('/api/mediation/rules')
export const saveRules = (baseVersion: number, rules: CompositionRuleSet, note?: string) =>
  api<RulesView>('/api/mediation/rules', { method: 'PUT', data: { baseVersion, rules, ...(note ? { note } : {}) } })

export const getTaskMediation = (taskId: string) => api<TaskMediationView>(`/api/mediation/tasks/${enc(taskId)}`)
export const getProposal = (taskId: string, dialect?: string) => api<TeamProposalView>(`/api/mediation/tasks/${enc(taskId)}/proposal${query({ dialect })}`)
export const setPreference = (taskId: string, mediatorId: string | null, note?: string) =>
  api<TaskMediationView>(`/api/mediation/tasks/${enc(taskId)}/preference`, { method: 'PUT', data: { mediatorId, ...(note ? { note } : {}) } })
export const confirmTeam = (taskId: string, body: { requestId: string; dialect?: string; members: Array<{ slotKey: string; mediatorId: string }> }) =>
  api<TaskMediationView>(`/api/mediation/tasks/${enc(taskId)}/team`, { method: 'POST', data: body })

const team = (teamId: string, verb: string) => `/api/mediation/teams/${enc(teamId)}/${verb}`
export const getReplacements = (teamId: string, mediatorId: string) => api<ReplacementsView>(`${team(teamId, 'replacements')}${query({ mediatorId })}`)
export const replaceMember = (teamId: string, mediatorId: string, replacementId: string) =>
  api<TaskMediationView>(team(teamId, 'replace'), { method: 'POST', data: { mediatorId, replacementId } })
export const removeMember = (teamId: string, mediatorId: string, reason: string) =>
  api<TaskMediationView>(team(teamId, 'remove'), { method: 'POST', data: { mediatorId, reason } })
export const answerInvitation = (teamId: string, body: AnswerBody) => api<TaskMediationView>(team(teamId, 'answer'), { method: 'POST', data: body })
export const getInvitation = (teamId: string) => api<InvitationView>(team(teamId, 'invitation'))
export const myInvitations = () => api<{ items: InvitationView[] }>('/api/mediation/invitations')
export const addSession = (teamId: string, body: SessionBody) => api<TaskMediationView>(team(teamId, 'sessions'), { method: 'POST', data: body })
export const recordOutcome = (teamId: string, body: Partial<OutcomeBody>) => api<TaskMediationView>(team(teamId, 'outcome'), { method: 'POST', data: body })
export const addScan = (teamId: string, fileId: string) => api<TaskMediationView>(team(teamId, 'scans'), { method: 'POST', data: { fileId } })
export const markJudicial = (teamId: string, court: string) =>
  api<TaskMediationView>(team(teamId, 'judicial-confirmation'), { method: 'POST', data: { court } })
