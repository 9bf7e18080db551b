// 人员管理: the people list, a person's page, adding from the address book's newcomers. Admins change; the centre reads.
import type { Role } from '@jqtb/shared/src/roles'
import type { SpecialtyTag } from '@jqtb/shared/src/tags'
import { api } from './api'
import { query } from './http'

export type Platform = 'dingtalk' | 'zhezhengding'

export interface PersonRow {
  id: string
  name: string
  title: string
  /** masked: 138****0101 */
  mobile: string | null
  roles: Role[]
  roleLabels: string[]
  territory: { code: string; name: string }
  department: { code: string; name: string } | null
  tags: string[]
  /** may sign in */
  active: boolean
  identities: Array<{ provider: Platform; platform: string; externalId: string }>
}

export interface PersonChange {
  seq: number
  at: string
  actor: { id: string; name: string }
  kind: string
  kindLabel: string
  note: string | null
  changes: Array<{ field: string; label: string; from: string; to: string }>
}

export interface PersonDetail extends PersonRow {
  createdAt: string
  updatedAt: string
  departure: { at: string; by: string; reason: string | null } | null
  history: PersonChange[]
}

export interface PeopleFilters {
  q?: string
  role?: Role | ''
  territory?: string
  department?: string
  status?: 'active' | 'inactive' | 'all'
}

export interface Newcomer {
  provider: Platform
  externalId: string
  name: string
  title: string
  departments: string[]
}

export interface NewcomersView {
  run: { at: string; provider: Platform; by: string } | null
  items: Newcomer[]
}

export interface SyncReport {
  provider: Platform
  departments: number
  members: number
  updated: string[]
  deactivated: string[]
  kept: Array<{ userId: string; name: string; reason: string }>
  newcomers: Array<Omit<Newcomer, 'provider'>>
}

export interface PersonInput {
  name: string
  title?: string
  mobile?: string
  roles: Role[]
  territory: string
  department?: string
  tags?: SpecialtyTag[]
  identities: { dingtalk?: string; zhezhengding?: string }
}

export type PersonPatch = Partial<Omit<PersonInput, 'identities' | 'department'>> & { department?: string | null }

const person = (id: string) => `/api/admin/people/${encodeURIComponent(id)}`

export function listPeople(filters: PeopleFilters, cursor?: string | null): Promise<{ items: PersonRow[]; nextCursor: string | null }> {
  return api(`/api/admin/people${query({ ...filters, role: filters.role || undefined, cursor, limit: 30 })}`)
}

export function getPerson(id: string): Promise<PersonDetail> {
  return api<PersonDetail>(person(id))
}

export function addPerson(input: PersonInput): Promise<PersonDetail> {
  return api<PersonDetail>('/api/admin/people', { method: 'POST', data: input })
}

export function updatePerson(id: string, patch: PersonPatch): Promise<PersonDetail> {
  return api<PersonDetail>(person(id), { method: 'PATCH', data: patch })
}

export function linkIdentity(id: string, provider: Platform, externalId: string): Promise<PersonDetail> {
  return api<PersonDetail>(`${person(id)}/identities`, { method: 'POST', data: { provider, externalId } })
}

export function unlinkIdentity(id: string, provider: Platform): Promise<PersonDetail> {
  return api<PersonDetail>(`${person(id)}/identities/${provider}`, { method: 'DELETE' })
}

export function deactivatePerson(id: string, reason: string): Promise<PersonDetail> {
  return api<PersonDetail>(`${person(id)}/deactivate`, { method: 'POST', data: reason ? { reason } : {} })
}

export function reactivatePerson(id: string): Promise<PersonDetail> {
  return api<PersonDetail>(`${person(id)}/reactivate`, { method: 'POST', data: {} })
}

export function pendingNewcomers(): Promise<NewcomersView> {
  return api<NewcomersView>('/api/admin/org/newcomers')
}

export function syncAddressBook(): Promise<SyncReport> {
  return api<SyncReport>('/api/admin/org/sync', { method: 'POST', data: {} })
}
