/**
 * What is waiting now, read from the task projection: the live red and overdue lists of the
 * 一屏掌控 (each list and its total under one filter) and the queue counts of the first pages (counted
 * by the tasks domain with the very filter of the list each opens), so a number and its list agree.
 */
import { type QueueView, TASK_STATES, type TaskState, type TaskStateName, taskCountsQuery } from '@jqtb/shared'
import type { Db } from '../infra/db'
import type { AuthUser } from '../kernel/actor'
import { type TaskDeps, toState } from '../tasks/log'
import type { TaskDoc } from '../tasks/model'
import { visibleFilter } from '../tasks/policy'
import { countTasks } from '../tasks/queries'
import { type Scope, taskFilterOf } from './policy'

export const OPEN_STATES: TaskStateName[] = TASK_STATES.filter((s) => s !== 'closed' && s !== 'cancelled')

type Filter = Record<string, unknown>

export interface LiveList {
  total: number
  items: TaskState[]
}

async function listAndCount(db: Db, filter: Filter, sort: Record<string, 1 | -1>, limit: number): Promise<LiveList> {
  const [docs, total] = await Promise.all([db.models.Task.find(filter).sort(sort).limit(limit).lean<TaskDoc[]>(), db.models.Task.countDocuments(filter)])
  return { total, items: docs.map(toState) }
}

/** Open red warnings (newest first) and open overdue tasks (most overdue first) in the scope, as the viewer may see them. */
export async function liveLists(db: Db, viewer: AuthUser, scope: Scope, now: number, limit: number) {
  const base: Filter[] = [visibleFilter(viewer), taskFilterOf(scope), { state: { $in: OPEN_STATES } }]
  const [red, overdue] = await Promise.all([
    listAndCount(db, { $and: [...base, { riskColour: 'red' }] }, { createdAt: -1, _id: -1 }, limit),
    listAndCount(db, { $and: [...base, { overdueFrom: { $lt: now } }] }, { dueAt: 1, _id: 1 }, limit),
  ])
  return { red, overdue }
}

interface QueueSpec {
  key: string
  label: string
  hint: string
  urgent?: boolean
  list: QueueView['list']
}

/** Each queue counted by the tasks domain's own count of the list it opens (GET /api/tasks/counts). */
async function count(deps: TaskDeps, viewer: AuthUser, specs: QueueSpec[]): Promise<QueueView[]> {
  const counts = await Promise.all(
    specs.map((s) =>
      countTasks(
        deps,
        viewer,
        taskCountsQuery.parse({
          view: s.list.view,
          ...(s.list.state ? { state: s.list.state.join(',') } : {}),
          ...(s.list.riskColour ? { riskColour: s.list.riskColour } : {}),
          ...(s.list.territory ? { territory: s.list.territory } : {}),
          ...(s.list.overdue ? { overdue: '1' } : {}),
        }),
      ),
    ),
  )
  return specs.map((s, i) => ({ ...s, urgent: !!s.urgent, count: counts[i].total }))
}

const WORKING: TaskStateName[] = ['claimed', 'in_progress', 'returned']

/** The queues a person's first page lists, with their counts — each counted by the filter of the list it opens. */
export async function queuesFor(deps: TaskDeps, viewer: AuthUser, scope: Scope): Promise<QueueView[]> {
  switch (scope.dim) {
    case 'street':
      return count(deps, viewer, [
        { key: 'draft', label: '待分拨', hint: '新建或退回、尚未分拨的工单', list: { view: 'all', state: ['draft'] } },
        { key: 'escalated', label: '已上报', hint: '上报社治中心、等待答复', urgent: true, list: { view: 'all', state: ['escalated'] } },
        { key: 'review', label: '待验收', hint: '由社治中心验收的工单', list: { view: 'review' } },
        { key: 'overdue', label: '超期', hint: '超过办理时限、未办结', urgent: true, list: { view: 'all', overdue: true } },
        { key: 'red', label: '红色预警', hint: '未办结的红色预警', urgent: true, list: { view: 'all', riskColour: 'red', state: OPEN_STATES } },
      ])
    case 'department':
      return count(deps, viewer, [
        { key: 'routed', label: '待签收', hint: '分拨到本部门、等待签收', urgent: true, list: { view: 'department', state: ['routed'] } },
        { key: 'signed', label: '待分派', hint: '已签收、尚未发布或指派', list: { view: 'department', state: ['signed'] } },
        { key: 'working', label: '办理中', hint: '揭榜中、已认领、处置中、已驳回', list: { view: 'department', state: ['published', ...WORKING] } },
        { key: 'review', label: '待验收', hint: '提交验收、等待本部门验收', list: { view: 'review' } },
        { key: 'overdue', label: '超期', hint: '本部门超期未办结', urgent: true, list: { view: 'department', overdue: true } },
        { key: 'red', label: '红色预警', hint: '本部门未办结的红色预警', urgent: true, list: { view: 'department', riskColour: 'red', state: OPEN_STATES } },
      ])
    case 'community':
    case 'grid':
      return count(deps, viewer, [
        { key: 'published', label: '揭榜中', hint: '本社区等待认领的工单', list: { view: 'all', state: ['published'], territory: scope.key } },
        { key: 'working', label: '办理中', hint: '已认领、处置中、已驳回', list: { view: 'all', state: WORKING, territory: scope.key } },
        { key: 'review', label: '待验收', hint: '由本社区验收的工单', list: { view: 'review' } },
        { key: 'overdue', label: '超期', hint: '本社区超期未办结', urgent: true, list: { view: 'all', overdue: true, territory: scope.key } },
        {
          key: 'red',
          label: '红色预警',
          hint: '本社区未办结的红色预警',
          urgent: true,
          list: { view: 'all', riskColour: 'red', state: OPEN_STATES, territory: scope.key },
        },
      ])
    case 'person':
      return count(deps, viewer, [
        { key: 'working', label: '在办', hint: '我认领、被指派或上报、尚未提交的', list: { view: 'mine', state: WORKING } },
        { key: 'submitted', label: '待验收', hint: '已提交、等待验收', list: { view: 'mine', state: ['submitted'] } },
        { key: 'overdue', label: '超期', hint: '超期未办结的', urgent: true, list: { view: 'mine', overdue: true } },
      ])
  }
}
