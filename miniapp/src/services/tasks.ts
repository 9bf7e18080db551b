// Types only from shared: the zod schemas stay out of the bundle (the server validates and answers in Chinese).

import type { FileView } from '@jqtb/shared/src/files/dto'
import type { Role } from '@jqtb/shared/src/roles'
import type { TaskAction } from '@jqtb/shared/src/tasks/constants'
import type {
  AssigneeView,
  PoolSizeView,
  RevealPhoneResponse,
  TaskActionResponse,
  TaskCountsView,
  TaskDetailView,
  TaskListResponse,
} from '@jqtb/shared/src/tasks/dto'
import type { CreateTaskInput, ReportInput, TaskListView } from '@jqtb/shared/src/tasks/schemas'
import type { PickedPhoto } from '../platform'
import { getPlatform } from '../platform'
import { api, withLogin } from './api'
import { query, unwrap } from './http'

export interface TaskFilters {
  state?: string
  category?: string
  tier?: string
  riskColour?: string
  territory?: string
  q?: string
  overdue?: boolean
}

export function listTasks(view: TaskListView, filters: TaskFilters = {}, cursor?: string | null, limit = 20): Promise<TaskListResponse> {
  const { overdue, ...rest } = filters
  return api<TaskListResponse>(`/api/tasks${query({ view, ...rest, overdue: overdue ? '1' : undefined, cursor, limit })}`)
}

/** How many tasks the list would show per state / risk colour / type (the chips' numbers). */
export function countTasks(view: TaskListView, filters: TaskFilters, by: 'state' | 'riskColour' | 'category'): Promise<TaskCountsView> {
  const { overdue, ...rest } = filters
  return api<TaskCountsView>(`/api/tasks/counts${query({ view, ...rest, overdue: overdue ? '1' : undefined, by })}`)
}

export function getTask(id: string): Promise<TaskDetailView> {
  return api<TaskDetailView>(`/api/tasks/${encodeURIComponent(id)}`)
}

/** One verb on a task: `POST /api/tasks/:id/<verb>`. */
export function runTaskAction(id: string, action: Exclude<TaskAction, 'reveal-phone'>, body: Record<string, unknown> = {}): Promise<TaskActionResponse> {
  return api<TaskActionResponse>(`/api/tasks/${encodeURIComponent(id)}/${action}`, { method: 'POST', data: body })
}

export function revealPhone(id: string, party: number): Promise<RevealPhoneResponse> {
  return api<RevealPhoneResponse>(`/api/tasks/${encodeURIComponent(id)}/reveal-phone`, { method: 'POST', data: { party } })
}

export function createTask(body: CreateTaskInput): Promise<TaskActionResponse> {
  return api<TaskActionResponse>('/api/tasks', { method: 'POST', data: body })
}

export function submitReport(body: ReportInput): Promise<TaskActionResponse> {
  return api<TaskActionResponse>('/api/reports', { method: 'POST', data: body })
}

/** Uploads one photo (multipart field `file`) through the platform's uploader; answers the stored file. */
export function uploadPhoto(photo: PickedPhoto): Promise<FileView> {
  return withLogin(async (token) => {
    const res = await getPlatform().uploadPhoto({ url: `${BFF_BASE_URL}/api/files`, headers: { authorization: `Bearer ${token}` }, fieldName: 'file', photo })
    return unwrap<FileView>(res.statusCode, res.data)
  })
}

/** A candidate pool as the publish sheet names it (empty territory: the task's own). */
export interface PoolChoice {
  territory: string
  roles: Role[]
  tags: string[]
}

const poolParams = (pool: PoolChoice) => query({ territory: pool.territory || undefined, roles: pool.roles.join(','), tags: pool.tags.join(',') })

/** Without a pool: whom the lead may 指派 to. With one: the people that pool admits (whom 定向 may name). */
export function listAssignees(taskId: string, pool?: PoolChoice): Promise<{ items: AssigneeView[] }> {
  return api<{ items: AssigneeView[] }>(`/api/tasks/${encodeURIComponent(taskId)}/assignees${pool ? poolParams(pool) : ''}`)
}

/** How many people the pool admits, and the 认领范围 the lead may pick from. */
export function getPoolSize(taskId: string, pool: PoolChoice): Promise<PoolSizeView> {
  return api<PoolSizeView>(`/api/tasks/${encodeURIComponent(taskId)}/pool-size${poolParams(pool)}`)
}
