/** OpenAPI response components of the task endpoints (requests come from the zod schemas in shared/). */
import {
  CLAIM_MODES,
  CLOSURE_CODES,
  RISK_COLOURS,
  ROLES,
  SPECIALTY_TAGS,
  TASK_ACTIONS,
  TASK_EVENT_TYPES,
  TASK_STATES,
  TASK_TIERS,
  VULNERABLE_FLAGS,
} from '@jqtb/shared'

import { codeName, int, nullable, obj, ref, type Schema, str, time } from '../openapi/schema'

const holder = obj({
  userId: str(),
  name: str(),
  seat: int('席位序号，从 0 开始'),
  claimedAt: time(),
  expiresAt: nullable(time('认领到期时间（倒计时用）；指派或已开始处置时为 null')),
  extended: { type: 'boolean' },
  via: { type: 'string', enum: ['claim', 'approval', 'assign', 'self_report'] },
  startedAt: nullable(time()),
})

const taskViewProps: Record<string, Schema> = {
  id: str(),
  taskNo: str('工单编号，如 JQ20261127-0001'),
  title: str(),
  description: str(),
  category: str(),
  categoryLabel: str(),
  tier: { type: 'string', enum: [...TASK_TIERS] },
  tierLabel: str(),
  state: { type: 'string', enum: [...TASK_STATES] },
  stateLabel: str(),
  origin: str(),
  originLabel: str(),
  territory: codeName,
  department: nullable(codeName),
  riskColour: { type: 'string', enum: [...RISK_COLOURS] },
  riskLabel: str(),
  risk: obj({
    source: { type: 'string', enum: ['engine', 'manual', 'created'], description: '当前颜色由谁决定：系统评分、人工设定、创建时选定' },
    score: nullable(int('最近一次预警事件时的评分')),
    since: time('当前颜色开始时间'),
    followUpBy: nullable(time('红色预警须在此前跟进处置')),
    escalatedAt: nullable(time('红色预警超时督办时间')),
    floor: nullable(obj({ colour: { type: 'string', enum: [...RISK_COLOURS] }, by: str(), at: time(), reason: str() })),
  }),
  rewardPoints: int(),
  claimMode: nullable({ type: 'string', enum: [...CLAIM_MODES] }),
  claimModeLabel: nullable(str()),
  seats: int(),
  openSeats: int(),
  holders: { type: 'array', items: holder },
  applicants: { type: 'array', items: obj({ userId: str(), name: str(), at: time(), note: str() }, ['userId', 'name', 'at']) },
  reservedFor: { type: 'array', items: obj({ id: str(), name: str() }) },
  parties: {
    type: 'array',
    items: obj(
      {
        name: str(),
        role: str(),
        phone: str('脱敏号码，如 138****5678'),
        flags: { type: 'array', items: { type: 'string', enum: [...VULNERABLE_FLAGS] }, description: '弱势当事人：老人、未成年人、残疾人、孕妇' },
      },
      ['name'],
    ),
  },
  location: nullable(obj({ lat: { type: 'number' }, lng: { type: 'number' }, address: str() }, ['lat', 'lng'])),
  createdAt: time(),
  updatedAt: time(),
  dueAt: time('办理时限'),
  claimDeadline: nullable(time('揭榜截止')),
  overdue: { type: 'boolean' },
  submittedAt: nullable(time()),
  closedAt: nullable(time()),
  closureCode: nullable({ type: 'string', enum: [...CLOSURE_CODES] }),
  closureLabel: nullable(str()),
  rating: nullable(int()),
  reviewNote: nullable(str()),
  bounceCount: int(),
  returnCount: int(),
  progressCount: int(),
  lastProgressAt: nullable(time()),
  reporter: nullable(obj({ id: str(), name: str() })),
  escalation: nullable(obj({ reason: str(), kind: str(), at: time(), by: str() })),
  source: nullable(obj({ leadId: str('线索编号'), channels: { type: 'array', items: str() }, records: { type: 'array', items: str('<渠道>:<来源编号>') } })),
  actions: {
    type: 'array',
    items: { type: 'string', enum: [...TASK_ACTIONS] },
    description: '当前用户此刻可执行的操作（按钮）；每个对应 POST /api/tasks/{id}/<action>',
  },
  seq: int('工单版本（最后一个事件的序号）'),
}

const timelineEntry = obj(
  {
    seq: int(),
    type: { type: 'string', enum: [...TASK_EVENT_TYPES] },
    label: str('事件名称'),
    actor: obj({ id: str(), name: str() }),
    at: time(),
    note: str('中文说明'),
    data: { type: 'object', additionalProperties: true, description: '结构化细节：照片（签名链接）、定位、评分等' },
  },
  ['seq', 'type', 'label', 'actor', 'at', 'data'],
)

export const TASK_RESPONSES: Record<string, Schema> = {
  TaskView: obj(taskViewProps),
  TimelineEntry: timelineEntry,
  TaskDetailView: obj({ ...taskViewProps, timeline: { type: 'array', items: ref('TimelineEntry') } }),
  TaskCountsView: obj({
    by: { type: 'string', enum: ['state', 'riskColour', 'category'] },
    counts: { type: 'object', additionalProperties: int(), description: '每个取值的工单数（为 0 的不列出）' },
    total: int(),
  }),
  TaskListResponse: obj({ items: { type: 'array', items: ref('TaskView') }, nextCursor: nullable(str('下一页游标；最后一页为 null')) }),
  TaskActionResponse: obj(
    { task: ref('TaskView'), event: nullable(ref('TimelineEntry')), result: { type: 'string', enum: ['done', 'applied', 'unchanged'] } },
    ['task', 'event'],
  ),
  RevealPhoneResponse: obj({ party: int(), name: str(), phone: str() }),
  AssigneeList: obj({
    items: {
      type: 'array',
      items: obj({
        id: str(),
        name: str(),
        roleLabels: { type: 'array', items: str() },
        title: str(),
        territoryName: str(),
        tags: { type: 'array', items: str() },
      }),
    },
  }),
  PoolSizeView: obj({
    size: { type: 'integer', minimum: 0 },
    territory: codeName,
    roles: { type: 'array', items: { type: 'string', enum: [...ROLES] } },
    tags: { type: 'array', items: { type: 'string', enum: [...SPECIALTY_TAGS] } },
    scopes: { type: 'array', items: obj({ code: str(), name: str(), level: str() }) },
  }),
}
