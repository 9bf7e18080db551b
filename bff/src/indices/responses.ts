/** OpenAPI response components of the indices endpoints (requests come from the zod schemas in shared/). */
import { DIMENSIONS, INDEX_IDS, PERIOD_LEVELS, RISK_COLOURS, TASK_STATES } from '@jqtb/shared'
import { int, nullable, obj, ref, type Schema, str, time } from '../openapi/schema'

const num = (description?: string): Schema => ({ type: 'number', ...(description ? { description } : {}) })
const arr = (items: Schema): Schema => ({ type: 'array', items })
const indexId = { type: 'string', enum: [...INDEX_IDS] }
const valueMap: Schema = { type: 'object', additionalProperties: nullable(num()) }
const textMap: Schema = { type: 'object', additionalProperties: str() }

const period = obj({
  key: str('2026-11-27、2026-W48、2026-11、2026-Q4 或 2026'),
  level: { type: 'string', enum: [...PERIOD_LEVELS] },
  label: str(),
  start: time(),
  end: time(),
})
const scope = obj({ dim: { type: 'string', enum: [...DIMENSIONS] }, key: str(), name: str() })
const comparison = obj({
  period: ref('IndexPeriodView'),
  display: str(),
  comparison: nullable(
    obj({
      delta: num(),
      text: str('+2.1 个百分点、−3 件、持平'),
      arrow: { type: 'string', enum: ['up', 'down', 'flat'] },
      tone: { type: 'string', enum: ['good', 'bad', 'neutral'] },
    }),
  ),
})
const card = obj(
  {
    id: indexId,
    label: str(),
    unit: { type: 'string', enum: ['count', 'percent', 'duration'] },
    better: nullable({ type: 'string', enum: ['up', 'down'] }),
    formula: str('公式（中文）'),
    value: nullable(num('比率为小数，时长为毫秒，数量为件数；无值时为 null')),
    reason: {
      type: 'string',
      enum: ['no_source', 'empty'],
      description: 'no_source：数据来源尚未上线（显示“暂无数据”）；empty：本期无可计算的记录（显示“—”）',
    },
    display: str('92.3%、128 件、3.5 小时、暂无数据、—'),
    num: int(),
    den: int(),
    prev: comparison,
    yoy: comparison,
  },
  ['id', 'label', 'unit', 'better', 'formula', 'value', 'display', 'prev', 'yoy'],
)
const row = obj({ code: str(), name: str(), values: valueMap, displays: textMap })
const slice = obj({ code: str(), label: str(), count: int(), target: str('点开时的 target') })
const liveTask = obj({
  id: str(),
  taskNo: str(),
  title: str(),
  state: { type: 'string', enum: [...TASK_STATES] },
  stateLabel: str(),
  riskColour: { type: 'string', enum: [...RISK_COLOURS] },
  territoryName: str(),
  departmentName: nullable(str()),
  createdAt: time(),
  dueAt: time(),
  overdueBy: nullable(str()),
})
const queue = obj({
  key: str(),
  label: str(),
  hint: str(),
  count: int(),
  urgent: { type: 'boolean' },
  list: obj({ view: str(), state: arr(str()), overdue: { type: 'boolean' }, riskColour: str(), territory: str() }, ['view']),
})

export const INDICES_RESPONSES: Record<string, Schema> = {
  IndexPeriodView: period,
  IndexCardView: card,
  DashboardView: obj({
    period: ref('IndexPeriodView'),
    scope,
    asOf: time(),
    builtAt: nullable(time('存储的数字最近一次重算的时间')),
    sources: { type: 'object', additionalProperties: { type: 'boolean' } },
    cards: arr(ref('IndexCardView')),
    funnel: arr(obj({ target: str(), label: str(), count: int() })),
    trend: obj({ periods: arr(ref('IndexPeriodView')), series: { type: 'object', additionalProperties: arr(nullable(num())) } }),
    rowIndices: arr(indexId),
    heat: arr(obj({ code: str(), name: str(), values: valueMap, displays: textMap, grids: arr(row) })),
    leagues: obj({ communities: arr(row), departments: arr(row) }),
    mix: obj({ category: arr(slice), origin: arr(slice), channel: nullable(arr(slice)) }),
  }),
  LiveView: obj({ asOf: time(), red: obj({ total: int(), items: arr(liveTask) }), overdue: obj({ total: int(), items: arr(liveTask) }) }),
  CasesView: obj(
    {
      period: ref('IndexPeriodView'),
      scope,
      target: str(),
      label: str(),
      display: str(),
      total: int('全部行数（各页合计）'),
      num: int(),
      den: int(),
      rows: arr(
        obj(
          {
            factId: str(),
            taskId: nullable(str()),
            taskNo: nullable(str()),
            title: str(),
            state: nullable(str()),
            stateLabel: nullable(str()),
            territoryName: nullable(str()),
            at: time(),
            tag: str(),
            counts: { type: 'boolean' },
            excluded: { type: 'boolean' },
            ms: num(),
          },
          ['factId', 'taskId', 'taskNo', 'title', 'state', 'stateLabel', 'territoryName', 'at', 'tag', 'counts'],
        ),
      ),
      nextCursor: nullable(str()),
    },
    ['period', 'scope', 'target', 'label', 'display', 'total', 'rows', 'nextCursor'],
  ),
  SummaryView: obj({
    scope,
    period: ref('IndexPeriodView'),
    asOf: time(),
    builtAt: nullable(time()),
    today: nullable(arr(ref('IndexCardView'))),
    cards: arr(ref('IndexCardView')),
    queues: arr(queue),
    points: nullable(obj({ period: str(), periodLabel: str(), total: num(), rank: nullable(int()) })),
    dashboard: { type: 'boolean' },
  }),
}
