/**
 * What the 人员管理 API returns (the BFF's users/presenter.ts builds these; the mini-app renders them).
 * Times are ISO 8601 strings; phone numbers are masked (138****0101).
 */
import type { Platform } from '../platforms'
import type { Role } from '../roles'
import type { CodeName } from '../tasks/types'

/** One line of the people list (管理员、社治中心). */
export interface PersonRow {
  id: string
  name: string
  title: string
  /** masked: 138****0101 */
  mobile: string | null
  roles: Role[]
  roleLabels: string[]
  territory: CodeName
  department: CodeName | null
  tags: string[]
  /** may sign in: no departure record and not marked inactive */
  active: boolean
  identities: Array<{ provider: Platform; platform: string; externalId: string }>
}

/** `GET /api/admin/people` */
export interface PeopleListView {
  items: PersonRow[]
  nextCursor: string | null
}

/** One entry of a person's history, values shown as a person reads them (names, not codes). */
export interface PersonChange {
  seq: number
  at: string
  actor: { id: string; name: string }
  kind: string
  kindLabel: string
  note: string | null
  changes: Array<{ field: string; label: string; from: string; to: string }>
}

/** A person's page: the row, when they were added, the departure if any, and their history. */
export interface PersonDetail extends PersonRow {
  createdAt: string
  updatedAt: string
  departure: { at: string; by: string; reason: string | null } | null
  history: PersonChange[]
}

/** One demo user of the simulator-backed dev login (`GET /api/dev/users`). */
export interface DemoUserView {
  id: string
  name: string
  roles: Role[]
  roleLabels: string[]
  territory: string
  territoryName: string
  department?: string
  title?: string
  /** masked */
  mobile?: string
  tags: string[]
}
