/** 通讯录同步 requests (admins). */
import { z } from 'zod'
import { PLATFORMS } from '../platforms'

/** `POST /api/admin/org/sync`: which platform's address book to read (default: the configured one). */
export const orgSyncBody = z.object({ provider: z.enum(PLATFORMS).optional() }).strict()

export type OrgSyncBody = z.output<typeof orgSyncBody>
