/**
 * One channel record → one cleaned intake record (标准化采集、清洗): the profile picks the columns, each
 * value is cleaned by its kind, the category is mapped, the address resolved to a micro-grid, the
 * police flag decided. What cannot be used is reported per column in Chinese: an *error* keeps the
 * record out (no source id, no time, nothing to act on), a *warning* keeps the record and flags the
 * field (a phone that is no phone is dropped and said so, an address below the confidence threshold).
 * Phones and ID numbers come out in plain form here; the BFF encrypts them before storing.
 */
import { type AddressIndex, type AddressMatch, matchAddress } from '../address/match'
import { type ChannelCode, channelSpec } from '../channels'
import { ID_FIELDS, INTAKE_FIELD_LABELS, type IntakeField, PHONE_FIELDS } from '../fields'
import { UNNAMED } from '../linking-evidence'
import type { ChannelProfile } from '../profiles'
import { requiredFields } from '../profiles'
import type { Taxonomy } from '../taxonomy'
import { type CategoryResult, classifyCategory } from './category'
import { parseChinaTime } from './dates'
import { validateIdNumber } from './id-number'
import { normalisePhone } from './phone'
import { type PoliceFlag, policeFlagOf } from './police'
import { cleanLine, cleanName, cleanText, parseAmount, parseCount, splitParties } from './text'

export interface RowIssue {
  /** the channel's column (or our field's label when the column is missing altogether) */
  column: string
  field: IntakeField
  value: string
  reason: string
  severity: 'error' | 'warning'
}

export interface CleanParty {
  name: string
  role: string
  /** normal form (13805740101, 057463012345) */
  phone?: string
  phoneDisplay?: string
  /** validated 18-digit number */
  idNo?: string
}

export interface CleanRecord {
  channel: ChannelCode
  sourceId: string
  reportedAt: number
  /** the time the source says it happened (defaults to reportedAt) */
  occurredAt: number
  /** only a date was given (登记日期): time windows treat it as the whole day */
  dateOnly: boolean
  sourceUpdatedAt?: number
  dueAt?: number
  parties: CleanParty[]
  address: string
  place?: string
  territory: AddressMatch
  category: CategoryResult
  police: PoliceFlag
  title: string
  content: string
  handlingUnit?: string
  handlingNote?: string
  status?: string
  peopleCount?: number
  amount?: number
  form?: string
  receiver?: string
}

export interface CleanContext {
  channel: ChannelCode
  profile: ChannelProfile
  taxonomy: Taxonomy
  addresses: AddressIndex
  now: Date
}

export interface CleanOutcome {
  record: CleanRecord | null
  issues: RowIssue[]
  /** field → the column and raw value it came from (the dry run shows this mapping) */
  mapped: Partial<Record<IntakeField, { column: string; value: string }>>
}

/** The channel's words for the person who reports, and for the other side. */
const ROLES: Record<ChannelCode, [string, string]> = {
  '110': ['报警人', '对方当事人'],
  '12345': ['诉求人', '对方当事人'],
  zlf: ['信访人', '对方当事人'],
  '81890': ['求助人', '对方当事人'],
  odr: ['申请人', '被申请人'],
  labour: ['投诉人', '用人单位'],
  petition: ['信访人', '对方当事人'],
  mediation: ['当事人', '当事人'],
  window: ['来访人', '对方当事人'],
  grid: ['当事人', '当事人'],
  public: ['反映人', '对方当事人'],
}

const SOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9_\-./]{0,63}$/

/** Cell values as text: numbers and dates keep their type for the date parser, the rest is a string. */
function cellText(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString()
  return String(v)
}

export function cleanRecord(ctx: CleanContext, row: Record<string, unknown>): CleanOutcome {
  const spec = channelSpec(ctx.channel)
  const issues: RowIssue[] = []
  const mapped: CleanOutcome['mapped'] = {}
  const values: Partial<Record<IntakeField, unknown>> = {}
  const columnOf: Partial<Record<IntakeField, string>> = {}
  // own keys only: a column called 「constructor」 is data, not the object's prototype
  const cells = new Map(Object.entries(row))
  for (const m of ctx.profile.columns) {
    const header = m.headers.find((h) => cellText(cells.get(h)).trim() !== '')
    columnOf[m.field] = header ?? m.headers[0]
    if (!header) continue
    values[m.field] = cells.get(header)
    mapped[m.field] = { column: header, value: cellText(cells.get(header)).slice(0, 200) }
  }
  const col = (f: IntakeField) => columnOf[f] ?? INTAKE_FIELD_LABELS[f]
  const issue = (field: IntakeField, reason: string, severity: RowIssue['severity'] = 'warning') =>
    issues.push({ column: col(field), field, value: cellText(values[field]).slice(0, 200), reason, severity })

  for (const field of requiredFields(ctx.channel)) {
    if (values[field] === undefined) issue(field, `缺少「${col(field)}」`, field === 'sourceId' || field === 'reportedAt' ? 'error' : 'warning')
  }

  const sourceId = cleanLine(values.sourceId, 80)
  if (values.sourceId !== undefined && !SOURCE_ID.test(sourceId)) issue('sourceId', '来源编号只能由字母、数字和 - _ . / 组成，最长 64 位', 'error')

  const time = (field: IntakeField, severity: RowIssue['severity']) => {
    if (values[field] === undefined) return undefined
    const r = parseChinaTime(values[field])
    if (!r.ok) {
      issue(field, r.reason, severity)
      return undefined
    }
    return r
  }
  const reported = time('reportedAt', 'error')
  const occurred = time('occurredAt', 'warning')
  const updated = time('sourceUpdatedAt', 'warning')
  const due = time('dueAt', 'warning')
  if (reported?.ok && reported.ms > ctx.now.getTime() + 10 * 60_000) issue('reportedAt', '时间晚于现在，请核对', 'error')

  const content = cleanText(values.content, 4000)
  const categoryRaw = cleanLine(values.category, 80)
  if (!content && !categoryRaw) issue('content', '没有诉求内容，也没有分类：无从办理', 'error')

  // parties: the reporter, the other side, and a 当事人 list
  const [reporterRole, otherRole] = ROLES[ctx.channel]
  const parties: CleanParty[] = []
  const phoneOf = (field: IntakeField): Pick<CleanParty, 'phone' | 'phoneDisplay'> => {
    if (values[field] === undefined) return {}
    const r = normalisePhone(values[field], ctx.profile.defaultAreaCode)
    if (!r.ok) {
      issue(field, `${r.reason}，已忽略`)
      return {}
    }
    if (r.note) issue(field, r.note)
    return { phone: r.national, phoneDisplay: r.display }
  }
  const idOf = (field: IntakeField): Pick<CleanParty, 'idNo'> => {
    if (values[field] === undefined) return {}
    const r = validateIdNumber(values[field], ctx.now)
    if (!r.ok) {
      issue(field, `${r.reason}，已忽略`)
      return {}
    }
    if (r.note) issue(field, r.note)
    return { idNo: r.value }
  }
  const person = (nameField: IntakeField, phoneField: IntakeField, idField: IntakeField, role: string) => {
    const named = cleanName(values[nameField])
    const phone = phoneOf(phoneField)
    const id = idOf(idField)
    if (!phone.phone && named.phone) {
      const r = normalisePhone(named.phone, ctx.profile.defaultAreaCode)
      if (r.ok) Object.assign(phone, { phone: r.national, phoneDisplay: r.display })
    }
    if (!named.name && !phone.phone && !id.idNo) return
    parties.push({ name: named.name || UNNAMED, role: named.note ?? role, ...phone, ...id })
  }
  person('reporterName', 'reporterPhone', 'reporterIdNo', reporterRole)
  person('otherPartyName', 'otherPartyPhone', 'otherPartyIdNo', otherRole)
  for (const p of splitParties(values.partiesText)) {
    const same = parties.find((q) => q.name === p.name)
    const phone = p.phone ? normalisePhone(p.phone, ctx.profile.defaultAreaCode) : null
    if (same) continue
    parties.push({ name: p.name, role: p.role ?? reporterRole, ...(phone?.ok ? { phone: phone.national, phoneDisplay: phone.display } : {}) })
  }
  // a single phone column next to a list of parties belongs to the first of them
  if (values.reporterName === undefined && values.partiesText !== undefined && parties.length && !parties[0].phone) {
    Object.assign(parties[0], phoneOf('reporterPhone'))
  }

  const address = cleanLine(values.address, 200)
  const place = cleanLine(values.place, 100) || undefined
  const territory = matchAddress(ctx.addresses, address, place)
  if (address && !territory.micro && !territory.candidates.length) issue('address', `${territory.matched}，请人工指定属地`)
  else if (address && !territory.micro)
    issue('address', `地址只识别到「${territory.matched}」，可能是 ${territory.candidates.length} 个微网格之一，请人工确认属地`)
  else if (address && !territory.confident) issue('address', `地址匹配不确定（置信度 ${territory.confidence}），请人工确认属地`)

  const category = classifyCategory(ctx.taxonomy, ctx.profile.categoryTable, categoryRaw, content)
  if (!category.confident) {
    issue(
      'category',
      category.via === 'none'
        ? `分类「${categoryRaw || '（空）'}」无法对应，暂归“其他”`
        : `分类「${categoryRaw || '（空）'}」按关键词推测为 ${category.code}，请确认`,
    )
  }
  const node = ctx.taxonomy.byCode.get(category.code)
  const police = policeFlagOf(ctx.profile, values.policeFlag, node, `${categoryRaw} ${content}`, spec.policeByDefault)

  const peopleCount = values.peopleCount === undefined ? null : parseCount(values.peopleCount)
  if (values.peopleCount !== undefined && peopleCount === null) issue('peopleCount', '人数应为整数，已忽略')
  const amount = values.amount === undefined ? null : parseAmount(values.amount)
  if (values.amount !== undefined && amount === null) issue('amount', '金额格式不正确，已忽略')

  if (issues.some((i) => i.severity === 'error') || !reported?.ok) return { record: null, issues, mapped }

  const label = node?.label ?? '纠纷'
  const summary = content.replace(/\s+/g, ' ').slice(0, 24)
  const record: CleanRecord = {
    channel: ctx.channel,
    sourceId,
    reportedAt: reported.ms,
    occurredAt: occurred?.ok ? occurred.ms : reported.ms,
    dateOnly: reported.dateOnly,
    ...(updated?.ok ? { sourceUpdatedAt: updated.ms } : {}),
    ...(due?.ok ? { dueAt: due.ms } : {}),
    parties,
    address,
    ...(place ? { place } : {}),
    territory,
    category,
    police,
    title: summary ? `${label}：${summary}` : label,
    content: content || categoryRaw,
    ...optionalText('handlingUnit', values.handlingUnit),
    ...optionalText('handlingNote', values.handlingNote, 1000),
    ...optionalText('status', values.status),
    ...(peopleCount !== null ? { peopleCount } : {}),
    ...(amount !== null ? { amount } : {}),
    ...optionalText('form', values.form),
    ...optionalText('receiver', values.receiver),
  }
  return { record, issues, mapped }
}

function optionalText<K extends string>(key: K, value: unknown, max = 100): Partial<Record<K, string>> {
  const s = cleanLine(value, max)
  return s ? ({ [key]: s } as Record<K, string>) : {}
}

/** Fields whose raw values are personal data (masked wherever a raw record is shown). */
export const PERSONAL_FIELDS: readonly IntakeField[] = [...PHONE_FIELDS, ...ID_FIELDS, 'partiesText']
