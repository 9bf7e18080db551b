/**
 * Keys and small units of the points domain: ledger ids (the exactly-once keys), the grid and
 * community a territory code belongs to, and how points are rounded and written.
 */
import type { SubjectKind } from './constants'

/** The id of a task event (`task_events._id`): the task id and the seq padded to 10 digits. */
export function taskEventId(taskId: string, seq: number): string {
  return `${taskId}:${String(seq).padStart(10, '0')}`
}

export const entryId = (eventId: string, kind: SubjectKind, subjectId: string, reason: string) => `${eventId}:${kind}:${subjectId}:${reason}`

/** Points carry at most one decimal place. */
export const round1 = (x: number) => {
  const r = Math.round(x * 10) / 10
  return r === 0 ? 0 : r
}

/** `+5` / `−2` / `+0.5` for reasons. */
export const signed = (x: number) => (x >= 0 ? `+${x}` : `−${Math.abs(x)}`)

/** A task's grid (or community, when the task lies at community level): territories are scored per grid. */
export function gridOf(code: string): string {
  const parts = code.split('-')
  return parts.length > 3 ? parts.slice(0, 3).join('-') : code
}
export const communityOf = (code: string): string | null => {
  const parts = code.split('-')
  return parts.length >= 2 ? parts.slice(0, 2).join('-') : null
}
/** The grid of a territory code, or null when the code is above grid level. */
export const gridLevelOf = (code: string): string | null => {
  const parts = code.split('-')
  return parts.length >= 3 ? parts.slice(0, 3).join('-') : null
}
