/** OpenAPI response components of the risk endpoints (requests come from the zod schemas in shared/src/risk). */
import { RISK_COLOURS, WATCH_EVENT_TYPES } from '@jqtb/shared'
import { int, nullable, obj, ref, type Schema, str, time } from '../openapi/schema'

const colour = { type: 'string', enum: [...RISK_COLOURS] }
const strings = (description?: string): Schema => ({ type: 'array', items: str(), ...(description ? { description } : {}) })
const factor = obj(
  { code: str(), points: int('分值（负数为减分）'), text: str('原因'), line: str('原因与分值，如「描述含「扬言」 +25」'), forceRed: { type: 'boolean' } },
  ['code', 'points', 'text', 'line'],
)
const linked = {
  id: str('案件编号：task:<工单号> 或 lead:<线索号>'),
  ref: str(),
  title: str(),
  taskId: nullable(str()),
  createdAt: time(),
  open: { type: 'boolean' },
  colour,
  channels: strings('来源渠道'),
  via: str('关联方式：同一当事人（姓名）/ 同一地址（地址）'),
}
const contact = nullable(obj({ at: time(), by: str(), what: str() }))
const watchItem = {
  id: str('重点关注对象编号 P-…（人）/ A-…（地址）'),
  kind: { type: 'string', enum: ['party', 'address'] },
  kindLabel: str(),
  label: str('姓名或地址'),
  phone: nullable(str('脱敏号码')),
  score: int(),
  colour,
  trend: { type: 'string', enum: ['new', 'rising', 'steady', 'falling'] },
  trendLabel: str(),
  onList: { type: 'boolean' },
  manual: { type: 'boolean' },
  why: strings('列入原因'),
  recent: int('统计期内案件数'),
  total: int('全部关联案件数'),
  channels: strings(),
  lastAt: nullable(time('最近一次报警')),
  lastContact: contact,
  responsible: nullable(obj({ id: str(), name: str(), assigned: { type: 'boolean' } })),
  reviewDue: { type: 'boolean', description: '本周待复核' },
  reviewedAt: nullable(time()),
  closeRefusal: nullable(str('不能销号的原因；null 为可以销号')),
}
const version = {
  version: int(),
  effectiveFrom: time(),
  publishedAt: time(),
  publishedBy: obj({ id: str(), name: str() }),
  note: nullable(str()),
  rules: { type: 'object', additionalProperties: true, description: '预警规则（见 shared/src/risk/rules.ts）' },
  inForce: { type: 'boolean' },
  scheduled: { type: 'boolean' },
  changes: { type: 'array', items: obj({ path: str(), label: str(), from: str(), to: str() }) },
  summary: strings('规则说明'),
}
const draft = obj({
  revision: int(),
  basedOnVersion: int(),
  rules: { type: 'object', additionalProperties: true },
  savedAt: time(),
  savedBy: obj({ id: str(), name: str() }),
  note: nullable(str()),
  changes: { type: 'array', items: obj({ path: str(), label: str(), from: str(), to: str() }) },
})
const counts = obj({ red: int(), yellow: int(), green: int() })

export const RISK_RESPONSES: Record<string, Schema> = {
  RiskCardView: obj({
    taskId: str(),
    colour,
    label: str(),
    source: { type: 'string', enum: ['engine', 'manual', 'created'] },
    sourceLabel: str(),
    score: int('按现行规则的当前评分'),
    headline: str('如「红色预警（65 分，红线 60 分）」'),
    scoredColour: colour,
    factors: { type: 'array', items: factor },
    floor: nullable(obj({ colour, by: str(), at: time(), reason: str() })),
    thresholds: obj({ yellow: int(), red: int() }),
    ruleVersion: int(),
    followUpBy: nullable(time()),
    followedUpAt: nullable(time()),
    escalatedAt: nullable(time()),
    history: {
      type: 'array',
      items: obj({
        seq: int(),
        at: time(),
        colour,
        previous: colour,
        source: { type: 'string', enum: ['engine', 'manual'] },
        by: str(),
        reason: nullable(str()),
        score: int(),
        factors: strings(),
      }),
    },
    linked: nullable({ type: 'array', items: obj(linked), description: '关联案件（仅社治中心、派出所可见）' }),
    canSet: { type: 'boolean' },
  }),
  WatchListView: obj({
    items: { type: 'array', items: obj(watchItem) },
    nextCursor: nullable(str()),
    counts: obj({ red: int(), yellow: int(), total: int() }),
  }),
  WatchDetailView: obj({
    ...watchItem,
    cases: { type: 'array', items: obj({ ...linked, score: int(), lastContact: contact }) },
    history: {
      type: 'array',
      items: obj({
        seq: int(),
        type: { type: 'string', enum: [...WATCH_EVENT_TYPES] },
        label: str(),
        at: time(),
        by: str(),
        reason: nullable(str()),
        responsible: nullable(str()),
      }),
    },
    canManage: { type: 'boolean' },
  }),
  RiskRuleVersionView: obj(version),
  RiskRuleDraftView: draft,
  RiskRulesOverview: obj({
    inForce: ref('RiskRuleVersionView'),
    latest: ref('RiskRuleVersionView'),
    draft: nullable(ref('RiskRuleDraftView')),
    draftRevision: int(),
    canEdit: { type: 'boolean' },
  }),
  RiskRuleVersionList: obj({ items: { type: 'array', items: ref('RiskRuleVersionView') } }),
  RiskPreviewView: obj({
    days: int(),
    cases: int('重算的案件数'),
    before: counts,
    after: counts,
    changes: {
      type: 'array',
      items: obj({
        caseId: str(),
        ref: str(),
        title: str(),
        taskId: nullable(str()),
        from: colour,
        to: colour,
        scoreBefore: int(),
        scoreAfter: int(),
        why: str('按草稿的评分与分数线'),
        gained: strings('按草稿新增的因素'),
        lost: strings('按草稿不再计的因素'),
      }),
    },
    ruleChanges: { type: 'array', items: obj({ path: str(), label: str(), from: str(), to: str() }) },
  }),
}
