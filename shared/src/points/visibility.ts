import type { Role } from '../roles'

/** Who reads a points line: enough of the signed-in person to decide. */
export interface PointsViewer {
  id: string
  roles: readonly Role[]
  department?: string
}

/** A ledger line (or an appeal about one) as far as seeing it is concerned. */
export interface PointsLineRef {
  subjectKind: string
  subjectId: string
  /** the task's department when the line was written ('' for none); absent when the caller cannot say */
  taskDepartment?: string
  /** the person's department */
  department?: string
}

/**
 * May `viewer`, who may open the task, see this line of the task's points (or an appeal about it)?
 * Admins and the centre see every line; everyone the lines about territories, departments and
 * themselves; a department lead every line of their department's tasks and about their department's
 * people. A caller that cannot say whose task it is leaves `taskDepartment` out and a lead then sees
 * the line, as they see the rest of a task they may open.
 */
export function canSeePointsLine(viewer: PointsViewer, line: PointsLineRef): boolean {
  const centre = viewer.roles.includes('admin') || viewer.roles.includes('dispatcher')
  if (centre || line.subjectKind !== 'person' || line.subjectId === viewer.id) return true
  if (!viewer.roles.includes('dept_lead')) return false
  if (line.taskDepartment === undefined) return true
  return !!viewer.department && (line.taskDepartment === viewer.department || line.department === viewer.department)
}
