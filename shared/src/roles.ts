/** What a person may do is decided by role AND territory (属地); these are the roles. */
export const ROLES = ['grid_worker', 'community_staff', 'dept_lead', 'dept_staff', 'dispatcher', 'admin', 'mediator'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  grid_worker: '网格员',
  community_staff: '村社干部',
  dept_lead: '部门负责人',
  dept_staff: '部门工作人员',
  dispatcher: '社治中心调度员',
  admin: '管理员',
  mediator: '调解员',
}

/** Roles a task can be published to (the people who claim work): what the publish sheet offers as 可认领角色. */
export const CLAIMANT_ROLES: readonly Role[] = ['grid_worker', 'mediator', 'community_staff', 'dept_staff']
