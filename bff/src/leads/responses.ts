/** OpenAPI response components of the lead endpoints. */
import { CHANNEL_CODES, HANDLERS, LEAD_ACTIONS, LEAD_STATES, RISK_COLOURS } from '@jqtb/shared'
import { codeName, int, nullable, obj, ref, type Schema, str, time } from '../openapi/schema'

const list = (items: Schema) => ({ type: 'array', items })
const num = { type: 'number' }
const bool = { type: 'boolean' }
const matchKinds = list({ type: 'string', enum: ['phone', 'id', 'address'] })

const leadProps: Record<string, Schema> = {
  id: str('线索编号 XS…'),
  state: { type: 'string', enum: [...LEAD_STATES] },
  stateLabel: str(),
  title: str(),
  channels: list(obj({ code: { type: 'string', enum: [...CHANNEL_CODES] }, label: str() })),
  sourceCount: int(),
  firstAt: time('事件最早来件（事发）时间'),
  lastAt: time(),
  micro: nullable(codeName),
  category: obj({ code: str(), path: str() }),
  riskColour: { type: 'string', enum: [...RISK_COLOURS] },
  confidence: num,
  repeatCount30: int('30 天内同一当事人/地址的线索数（含本条）'),
  police: bool,
  taskId: nullable(str()),
  taskNo: nullable(str()),
}

const related = obj({
  leadId: str(),
  title: str(),
  at: time(),
  state: str(),
  stateLabel: str(),
  category: str(),
  family: str(),
  channels: list(str()),
  relation: { type: 'string', enum: ['earlier', 'later'] },
  matchedBy: matchKinds,
  reasons: list(str('如「同一联系电话 138****5678」')),
  taskId: nullable(str()),
  taskNo: nullable(str()),
  taskState: nullable(str()),
  taskStateLabel: nullable(str()),
})

export const LEAD_RESPONSES: Record<string, Schema> = {
  LeadView: obj(leadProps),
  LeadListResponse: obj(
    { items: list(ref('LeadView')), nextCursor: nullable(str()), byRecord: { ...bool, description: 'q 是来件编号：持有该来件的线索（不论状态）' } },
    ['items', 'nextCursor'],
  ),
  LeadHistoryView: obj({
    lead: obj({ id: str(), at: time(), title: str(), category: str(), family: str(), micro: nullable(str()), state: str() }),
    related: list(related),
    repeats: obj({ days30: int(), days90: int() }),
    sources: list(obj({ key: str(), channel: str(), sourceId: str(), at: time() })),
  }),
  SuggestionView: obj({
    category: ref('CategoryView'),
    territory: ref('TerritoryGuessView'),
    handler: { type: 'string', enum: [...HANDLERS] },
    handlerLabel: str(),
    department: nullable(codeName),
    tier: str(),
    tierLabel: str(),
    claimMode: str(),
    claimModeLabel: str(),
    risk: obj({ colour: { type: 'string', enum: [...RISK_COLOURS] }, label: str(), confidence: num, reasons: list(str()) }),
    police: bool,
    confidence: num,
    auto: bool,
  }),
  LeadDetailView: obj({
    ...leadProps,
    suggestion: ref('SuggestionView'),
    sources: list({ type: 'object', additionalProperties: true, description: '各渠道来件（号码脱敏）及归集理由' }),
    history: ref('LeadHistoryView'),
    repeatOf: list(obj({ leadId: str(), reasons: list(str()) })),
    decision: nullable(obj({ label: str(), reason: nullable(str()), to: nullable(str()), by: str(), at: time(), auto: bool })),
    mergedInto: nullable(str()),
    timeline: list(obj({ seq: int(), type: str(), label: str(), at: time(), by: str(), note: str() })),
    actions: list({ type: 'string', enum: [...LEAD_ACTIONS] }),
  }),
  RoutingTableView: obj({
    version: int(),
    updatedAt: nullable(time()),
    updatedBy: nullable(str()),
    autoConvertAbove: num,
    rows: list(
      obj({
        category: str(),
        categoryPath: str(),
        handler: { type: 'string', enum: [...HANDLERS] },
        department: str(),
        tier: str(),
        claimMode: str(),
        auto: bool,
      }),
    ),
  }),
}
