/**
 * Tasks in every state, built only through events, and the people who act on them: the fixtures of
 * the state-machine tests (machine.test.ts, notes.test.ts). Not used by any running code.
 */

import type { TaskStateName } from './constants'
import { foldEvents } from './fold'
import type { TaskEvent, TaskEventDataMap, TaskState, TaskUser } from './types'

export const T0 = Date.UTC(2026, 10, 27, 1, 0)
export const HOUR = 3_600_000
export const TASK = 'JQ20261127-0001'

export const centre = { id: 'u-zhaoyan', name: '赵燕' }
export const lead = { id: 'u-hejun', name: '何军' }
export const wangli = { id: 'u-wangli', name: '王丽' }
export const chen = { id: 'u-chenqiang', name: '陈强' }

export const users: Record<string, TaskUser> = {
  dispatcher: { id: centre.id, roles: ['dispatcher'], territory: 'GT', department: 'SZZX' },
  lead: { id: lead.id, roles: ['dept_lead'], territory: 'GT', department: 'PCS' },
  otherLead: { id: 'u-majie', roles: ['dept_lead'], territory: 'GT', department: 'SFS' },
  staff: { id: 'u-xuming', roles: ['dept_staff'], territory: 'GT', department: 'PCS' },
  wangli: { id: wangli.id, roles: ['grid_worker'], territory: 'GT-01-01' },
  chen: { id: chen.id, roles: ['grid_worker'], territory: 'GT-01-02' },
  zhoumin: { id: 'u-zhoumin', roles: ['grid_worker'], territory: 'GT-02-03' },
  community: { id: 'u-linfang', roles: ['community_staff'], territory: 'GT-01' },
  otherCommunity: { id: 'u-x', roles: ['community_staff'], territory: 'GT-02' },
  admin: { id: 'u-admin', roles: ['admin'], territory: 'GT' },
}

/** Builds a log step by step; each step is [type, data, actor?, at?]. */
export function log(...steps: Array<[keyof TaskEventDataMap, unknown, { id: string; name: string }?, number?]>): TaskEvent[] {
  return steps.map(([type, data, actor, at], i) => ({ taskId: TASK, seq: i + 1, type, data, actor: actor ?? centre, at: at ?? T0 + i * 1000 }) as TaskEvent)
}

export const scoring = {
  taskNo: TASK,
  category: 'noise',
  tier: 'general',
  territory: 'GT-01-01',
  department: 'PCS',
  rewardPoints: 10,
  dueAt: T0 + 7 * 24 * HOUR,
  createdAt: T0,
}
export const created = (extra: Partial<TaskEventDataMap['created']> = {}): [keyof TaskEventDataMap, unknown] => [
  'created',
  {
    taskNo: TASK,
    title: '邻里噪音纠纷',
    description: '夜间装修噪音',
    category: 'noise',
    tier: 'general',
    riskColour: 'yellow',
    origin: 'centre',
    territory: { code: 'GT-01-01', name: '新城社区第1网格' },
    parties: [{ name: '张三', phoneMasked: '138****5678', phoneEnc: 'v1:x', phoneHash: 'h' }],
    dueAt: T0 + 7 * 24 * HOUR,
    ...extra,
  },
]
export const routed: [keyof TaskEventDataMap, unknown] = ['routed', { department: { code: 'PCS', name: '古塘派出所' }, signBy: T0 + 24 * HOUR }]
export const signed: [keyof TaskEventDataMap, unknown, { id: string; name: string }] = ['signed', {}, lead]
export const published = (extra: Partial<TaskEventDataMap['published']> = {}): [keyof TaskEventDataMap, unknown, { id: string; name: string }] => [
  'published',
  {
    claimMode: 'first_come',
    seats: 1,
    rewardPoints: 10,
    claimDurationMs: 24 * HOUR,
    eligibility: { territory: 'GT-01', roles: ['grid_worker'], tags: [] },
    reservedFor: [],
    ...extra,
  },
  lead,
]
export const claimedBy = (
  who: { id: string; name: string },
  seat = 0,
  expiresAt = T0 + 30 * HOUR,
): [keyof TaskEventDataMap, unknown, { id: string; name: string }] => ['claimed', { userId: who.id, name: who.name, seat, expiresAt }, who]
export const progress = (who = wangli): [keyof TaskEventDataMap, unknown, { id: string; name: string }] => [
  'progress',
  { kind: 'visit', note: '已到现场', photos: [] },
  who,
]
export const submitted: [keyof TaskEventDataMap, unknown, { id: string; name: string }] = ['submitted', { note: '已调解', late: false }, wangli]
export const doers = [{ userId: wangli.id, name: wangli.name, seat: 0, claimedAt: T0, via: 'claim' }]

export const fold = (events: TaskEvent[]) => foldEvents(events) as TaskState

/** One task in every state, built only through events. */
export const IN_STATE: Record<TaskStateName, TaskState> = {
  draft: fold(log(created())),
  routed: fold(log(created(), routed)),
  signed: fold(log(created(), routed, signed)),
  published: fold(log(created(), routed, signed, published())),
  claimed: fold(log(created(), routed, signed, published(), claimedBy(wangli))),
  in_progress: fold(log(created(), routed, signed, published(), claimedBy(wangli), progress())),
  submitted: fold(log(created(), routed, signed, published(), claimedBy(wangli), progress(), submitted)),
  returned: fold(
    log(created(), routed, signed, published(), claimedBy(wangli), progress(), submitted, [
      'returned',
      { reason: '缺少现场照片', returnCount: 1, doers, submittedAt: T0, scoring },
      lead,
    ]),
  ),
  // the holder went up to the centre: she stays on it until the centre answers
  escalated: fold(
    log(created(), routed, signed, published(), claimedBy(wangli), [
      'escalated',
      { reason: '涉及多部门，需社治中心协调', kind: 'manual', released: [] },
      wangli,
    ]),
  ),
  closed: fold(
    log(created(), routed, signed, published(), claimedBy(wangli), progress(), submitted, [
      'accepted',
      { rating: 5, closureCode: 'resolved', doers, submittedAt: T0, late: false, returnCount: 0, scoring },
      lead,
    ]),
  ),
  cancelled: fold(log(created(), ['cancelled', { closureCode: 'duplicate', reason: '重复工单' }])),
}
