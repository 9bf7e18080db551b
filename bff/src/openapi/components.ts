/**
 * Response shapes for the OpenAPI document. Requests are generated from the zod schemas that
 * validate them; responses are TypeScript interfaces (shared/src/tasks/dto.ts), described here by hand.
 */
import {
  CLAIM_MODES,
  CLOSURE_CODES,
  ERROR_STATUS,
  RISK_COLOURS,
  ROLES,
  SPECIALTY_TAGS,
  TASK_ACTIONS,
  TASK_EVENT_TYPES,
  TASK_STATES,
  TASK_TIERS,
} from '@jqtb/shared'

type Schema = Record<string, unknown>

const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) })
const time = (description?: string): Schema => ({ type: 'string', format: 'date-time', ...(description ? { description } : {}) })
const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] })
const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) })
const obj = (properties: Record<string, Schema>, required = Object.keys(properties), extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  required,
  ...extra,
})
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })
const codeName = obj({ code: str(), name: str() })

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
  rewardPoints: int(),
  claimMode: nullable({ type: 'string', enum: [...CLAIM_MODES] }),
  claimModeLabel: nullable(str()),
  seats: int(),
  openSeats: int(),
  holders: { type: 'array', items: holder },
  applicants: { type: 'array', items: obj({ userId: str(), name: str(), at: time(), note: str() }, ['userId', 'name', 'at']) },
  reservedFor: { type: 'array', items: obj({ id: str(), name: str() }) },
  parties: { type: 'array', items: obj({ name: str(), role: str(), phone: str('脱敏号码，如 138****5678') }, ['name']) },
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

const settingsView = obj(
  {
    version: int(),
    settings: { type: 'object', additionalProperties: true },
    updatedAt: nullable(time()),
    updatedBy: nullable(obj({ id: str(), name: str() })),
  },
  ['version', 'settings', 'updatedAt', 'updatedBy'],
)

export const RESPONSE_SCHEMAS: Record<string, Schema> = {
  Error: obj({
    error: obj(
      {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: str('给人看的中文说明'),
        details: { description: '程序可用的细节，例如 TASK_ALREADY_CLAIMED 的认领人与到期时间' },
      },
      ['code', 'message'],
    ),
  }),
  TaskView: obj(taskViewProps),
  TimelineEntry: timelineEntry,
  TaskDetailView: obj({ ...taskViewProps, timeline: { type: 'array', items: ref('TimelineEntry') } }),
  TaskListResponse: obj({ items: { type: 'array', items: ref('TaskView') }, nextCursor: nullable(str('下一页游标；最后一页为 null')) }),
  TaskActionResponse: obj(
    { task: ref('TaskView'), event: nullable(ref('TimelineEntry')), result: { type: 'string', enum: ['done', 'applied', 'unchanged'] } },
    ['task', 'event'],
  ),
  RevealPhoneResponse: obj({ party: int(), name: str(), phone: str() }),
  FileView: obj({ id: str(), contentType: str(), size: int(), url: str('签名链接，无需登录头即可加载') }),
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
  TaskSettingsView: settingsView,
  TaskSettingsHistory: obj({ items: { type: 'array', items: ref('TaskSettingsView') } }),
}
