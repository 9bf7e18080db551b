/** OpenAPI response components of the intake endpoints (requests come from the zod schemas in shared/). */
import { CHANNEL_CODES, INTAKE_FLAGS } from '@jqtb/shared'
import { codeName, int, nullable, obj, ref, type Schema, str, time } from '../openapi/schema'

const num = { type: 'number' }
const bool = { type: 'boolean' }
const list = (items: Schema) => ({ type: 'array', items })
const channel = { type: 'string', enum: [...CHANNEL_CODES] }

const issue = obj({
  column: str('渠道的列名'),
  field: str('我方字段'),
  value: str('原值（个人信息脱敏）'),
  reason: str('原因（中文）'),
  severity: { type: 'string', enum: ['error', 'warning'] },
})
const territory = obj({
  micro: nullable(codeName),
  area: nullable(codeName),
  confidence: num,
  confident: bool,
  matched: str('识别出的地名'),
  candidates: list(obj({ code: str(), name: str(), score: num, why: str() })),
})
const category = obj({ code: str(), path: str('劳动 / 拖欠工资'), raw: str('渠道原分类'), confidence: num, confident: bool, via: str(), viaLabel: str() })

const recordProps: Record<string, Schema> = {
  key: str('<渠道>:<来源编号>'),
  channel,
  channelLabel: str(),
  sourceId: str(),
  sourceIdLabel: str(),
  version: int(),
  receivedAt: time(),
  reportedAt: time(),
  dateOnly: bool,
  title: str(),
  category: ref('CategoryView'),
  territory: ref('TerritoryGuessView'),
  police: bool,
  policeVia: str(),
  parties: list(obj({ name: str(), role: str(), phone: nullable(str('138****5678')), idNo: nullable(str('3302**********3626')) })),
  address: str(),
  flags: list({ type: 'string', enum: [...INTAKE_FLAGS] }),
  flagLabels: list(str()),
  viaLabel: str(),
  leadId: nullable(str()),
}

export const INTAKE_RESPONSES: Record<string, Schema> = {
  IssueView: issue,
  TerritoryGuessView: territory,
  CategoryView: category,
  IngestResultView: obj({
    index: int(),
    key: nullable(str()),
    sourceId: nullable(str()),
    result: { type: 'string', enum: ['created', 'updated', 'unchanged', 'rejected'] },
    version: nullable(int()),
    issues: list(ref('IssueView')),
  }),
  PushResponse: obj({ results: list(ref('IngestResultView')), counts: obj({ created: int(), updated: int(), unchanged: int(), rejected: int() }) }),
  IntakeRecordView: obj(recordProps),
  IntakeRecordDetailView: obj({
    ...recordProps,
    content: str(),
    occurredAt: time(),
    dueAt: nullable(time()),
    extra: list(obj({ label: str(), value: str() })),
    warnings: list(ref('IssueView')),
    raw: list(obj({ column: str(), value: str() })),
    versions: list(obj({ version: int(), receivedAt: time(), viaLabel: str(), current: bool })),
  }),
  IntakeRecordListResponse: obj({ items: list(ref('IntakeRecordView')), nextCursor: nullable(str()) }),
  AddressPreviewView: obj({ ...(territory.properties as Record<string, Schema>), placeKey: nullable(str()) }),
  ChannelProfileView: obj({ version: int(), profile: { type: 'object', additionalProperties: true }, updatedAt: nullable(time()), updatedBy: nullable(str()) }),
  ChannelKeyView: obj(
    { id: str(), channel, label: str(), createdAt: time(), createdBy: str(), revokedAt: nullable(time()), secret: str('只在生成时返回一次') },
    ['id', 'channel', 'label', 'createdAt', 'createdBy', 'revokedAt'],
  ),
  ImportView: obj(
    {
      id: str(),
      channel,
      channelLabel: str(),
      filename: str(),
      format: { type: 'string', enum: ['csv', 'xlsx'] },
      encoding: str(),
      size: int(),
      state: { type: 'string', enum: ['analysing', 'ready', 'refused', 'committing', 'done', 'failed'] },
      stateLabel: str(),
      createdAt: time(),
      createdBy: str(),
      progress: obj({ phase: str(), rows: int(), percent: int() }),
      counts: obj({ rows: int(), good: int(), bad: int(), warned: int(), created: int(), updated: int(), unchanged: int(), rejected: int() }),
      header: list(str()),
      headerRow: int(),
      sample: list({ type: 'object', additionalProperties: true, description: '前 20 行：每列映射到的字段、清洗结果、问题' }),
      problems: list({ type: 'object', additionalProperties: true, description: '问题清单：row、column、value、reason、severity' }),
      problemsTotal: int(),
      refusal: nullable(obj({ code: str(), message: str() })),
      sameAs: nullable(obj({ id: str(), createdAt: time() })),
      errorSheetUrl: nullable(str()),
    },
    undefined,
  ),
}
