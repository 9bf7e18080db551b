/** What the address-book endpoints return (the BFF's org/commands.ts and org/queries.ts build these). */
import type { Platform } from '../platforms'

/** Someone in the platform's address book who is not in our organisation. */
export interface SyncNewcomer {
  externalId: string
  name: string
  title: string
  /** the platform's department names */
  departments: string[]
}

/** `POST /api/admin/org/sync` */
export interface OrgSyncReport {
  provider: Platform
  departments: number
  members: number
  /** our users whose name, title or mobile changed to the platform's */
  updated: string[]
  /** our users who are no longer in the platform's address book (or marked as left): deactivated */
  deactivated: string[]
  /** people who left but were not deactivated, and why (the last admin) */
  kept: Array<{ userId: string; name: string; reason: string }>
  /** people in the platform's address book who are not in our organisation: an admin adds them (POST /api/admin/people) */
  newcomers: SyncNewcomer[]
}

export interface NewcomerView extends SyncNewcomer {
  provider: Platform
}

/** `GET /api/admin/org/newcomers`: the newcomers of the latest sync that nobody has added since. */
export interface NewcomersView {
  run: { at: string; provider: Platform; by: string } | null
  items: NewcomerView[]
}
