// 人员管理: the people list, a person's page, adding from the address book's newcomers. Admins change; the centre reads.

import type { NewcomersView, OrgSyncReport } from '@jqtb/shared/src/org/dto'
import type { Platform } from '@jqtb/shared/src/platforms'
import type { Role } from '@jqtb/shared/src/roles'
import type { PeopleListView, PersonDetail } from '@jqtb/shared/src/users/dto'
import type { AddPersonInput, PeopleListQuery, UpdatePersonInput } from '@jqtb/shared/src/users/schemas'
import { api } from './api'
import { query } from './http'

export type { NewcomersView, NewcomerView as Newcomer, OrgSyncReport as SyncReport } from '@jqtb/shared/src/org/dto'
// Types only from shared: the zod schemas stay out of the bundle (the server validates and answers in Chinese).
export type { Platform } from '@jqtb/shared/src/platforms'
export type { PersonChange, PersonDetail, PersonRow } from '@jqtb/shared/src/users/dto'
export type { AddPersonInput as PersonInput, UpdatePersonInput as PersonPatch } from '@jqtb/shared/src/users/schemas'

/** The list's filter bar (`GET /api/admin/people` query, before paging). */
export interface PeopleFilters {
  q?: string
  role?: Role | ''
  territory?: string
  department?: string
  status?: PeopleListQuery['status']
}

const person = (id: string) => `/api/admin/people/${encodeURIComponent(id)}`

export function listPeople(filters: PeopleFilters, cursor?: string | null): Promise<PeopleListView> {
  return api(`/api/admin/people${query({ ...filters, role: filters.role || undefined, cursor, limit: 30 })}`)
}

export function getPerson(id: string): Promise<PersonDetail> {
  return api<PersonDetail>(person(id))
}

export function addPerson(input: AddPersonInput): Promise<PersonDetail> {
  return api<PersonDetail>('/api/admin/people', { method: 'POST', data: input })
}

export function updatePerson(id: string, patch: UpdatePersonInput): Promise<PersonDetail> {
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

export function syncAddressBook(): Promise<OrgSyncReport> {
  return api<OrgSyncReport>('/api/admin/org/sync', { method: 'POST', data: {} })
}
