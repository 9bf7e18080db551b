/**
 * 个人信息保护法 (storage limited to what the purpose needs): parties' personal information is kept no longer than needed. A closed or cancelled
 * task's parties are anonymised `retentionDays` after it closed: the name replaced, the number (ciphertext,
 * keyed hash, masked form) removed, the role kept (the case still reads as 报警人 vs 被反映人).
 */

import { TERMINAL_STATES } from './constants'
import type { StoredParty, TaskState } from './types'

export const ANONYMISED_NAME = '当事人（已匿名化）'
const DAY_MS = 86_400_000

/** Is this task due for anonymisation at `now`? Only closed/cancelled tasks, only once. */
export function partiesDue(task: Pick<TaskState, 'state' | 'closedAt' | 'parties'>, now: number, retentionDays: number): boolean {
  if (!TERMINAL_STATES.includes(task.state) || task.closedAt === undefined) return false
  if (task.closedAt > now - retentionDays * DAY_MS) return false
  return task.parties.some((p) => !isAnonymised(p))
}

export const isAnonymised = (p: StoredParty) => p.name === ANONYMISED_NAME && !p.phoneEnc && !p.phoneHash && !p.phoneMasked

export function anonymiseParty(p: StoredParty): StoredParty {
  return { name: ANONYMISED_NAME, ...(p.role ? { role: p.role } : {}) }
}

/** The closing instant before which tasks are due (the job's query). */
export const retentionCutoff = (now: number, retentionDays: number) => now - retentionDays * DAY_MS
