/** What leaves the server about intake: labels in Chinese, times as ISO, phone and 身份证 numbers masked. */
import {
  type CategoryView,
  CHANNEL_LABELS,
  CHANNELS,
  channelSpec,
  IMPORT_STATE_LABELS,
  type ImportView,
  INTAKE_FIELD_LABELS,
  INTAKE_FLAG_LABELS,
  type IntakeField,
  type IntakeFlag,
  type IntakeRecordDetailView,
  type IntakeRecordView,
  type IssueView,
  type Taxonomy,
  type TaxonomyNodeView,
  type TerritoryGuessView,
  taxonomyLevel,
  taxonomyPath,
} from '@jqtb/shared'
import type { AddressMatch } from '@jqtb/shared/src/intake/address/match'
import type { RowIssue } from '@jqtb/shared/src/intake/clean/record'
import type { PhotoLinks } from '../files/presenter'
import { maskFieldValue } from './ingest'
import type { IntakeImportDoc, IntakeSourceDoc, IntakeVersionBody, IntakeVia, RawField } from './model'

const iso = (ms: number | Date | undefined) => (ms === undefined ? null : new Date(ms).toISOString())

export const CATEGORY_VIA_LABELS: Record<string, string> = {
  table: '按渠道分类对照表',
  code: '本系统分类',
  label: '按分类名称',
  keyword: '按关键词推测',
  none: '无法对应，暂归其他',
}

export const POLICE_VIA_LABELS: Record<string, string> = {
  field: '渠道标注',
  category: '按分类',
  keyword: '内容涉及暴力或违法',
  channel: '渠道默认',
}

export function viaLabel(via: IntakeVia): string {
  switch (via.kind) {
    case 'push':
      return '系统推送'
    case 'import':
      return `文件导入${via.by ? `（${via.by.name}）` : ''}`
    case 'window':
      return `窗口登记${via.by ? `（${via.by.name}）` : ''}`
    case 'grid':
      return `网格上报${via.by ? `（${via.by.name}）` : ''}`
    case 'public':
      return '公众上报（群众手机提交）'
    default:
      return '演示数据'
  }
}

/** The deepest territory code every candidate lies in (GT-01-02 for micro-grids of one grid), or null. */
function commonArea(codes: string[]): string | null {
  if (!codes.length) return null
  const parts = codes.map((c) => c.split('-'))
  const out: string[] = []
  for (let i = 0; i < parts[0].length; i++) {
    if (parts.every((p) => p[i] === parts[0][i])) out.push(parts[0][i])
    else break
  }
  return out.length >= 2 ? out.join('-') : null
}

export function presentTerritory(t: AddressMatch, names: Map<string, string>): TerritoryGuessView {
  const ref = (code: string) => ({ code, name: names.get(code) ?? code })
  const area = t.micro ? null : commonArea(t.candidates.map((c) => c.micro))
  return {
    micro: t.micro ? ref(t.micro) : null,
    area: area ? ref(area) : null,
    confidence: t.confidence,
    confident: t.confident,
    matched: t.matched,
    candidates: t.candidates.map((c) => ({ ...ref(c.micro), score: c.score, why: c.why })),
  }
}

export function presentCategory(c: IntakeVersionBody['record']['category'], tax: Taxonomy): CategoryView {
  return {
    code: c.code,
    path: taxonomyPath(tax, c.code),
    raw: c.raw,
    confidence: c.confidence,
    confident: c.confident,
    via: c.via,
    viaLabel: CATEGORY_VIA_LABELS[c.via] ?? c.via,
  }
}

export const presentIssue = (i: RowIssue): IssueView => ({ column: i.column, field: i.field, value: i.value, reason: i.reason, severity: i.severity })

export function presentRecord(doc: IntakeSourceDoc, current: IntakeVersionBody, tax: Taxonomy, names: Map<string, string>): IntakeRecordView {
  const r = current.record
  const spec = channelSpec(doc.channel)
  const flags = doc.flags as IntakeFlag[]
  return {
    key: doc._id,
    channel: doc.channel,
    channelLabel: CHANNEL_LABELS[doc.channel],
    sourceId: doc.sourceId,
    sourceIdLabel: spec.sourceIdLabel,
    version: doc.version,
    receivedAt: doc.receivedAt.toISOString(),
    reportedAt: iso(r.reportedAt)!,
    dateOnly: r.dateOnly,
    title: r.title,
    category: presentCategory(r.category, tax),
    territory: presentTerritory(r.territory, names),
    police: r.police.police,
    policeVia: POLICE_VIA_LABELS[r.police.via] ?? r.police.via,
    parties: r.parties.map((p) => ({ name: p.name, role: p.role, phone: p.phoneMasked ?? null, idNo: p.idMasked ?? null })),
    address: r.address,
    flags,
    flagLabels: flags.map((f) => INTAKE_FLAG_LABELS[f] ?? f),
    viaLabel: viaLabel(current.via),
    leadId: doc.leadId ?? null,
  }
}

/** The raw fields as sent: personal ones were stored encrypted and are shown masked (not decrypted). */
function presentRaw(raw: RawField[], doc: IntakeSourceDoc): Array<{ column: string; value: string }> {
  const spec = channelSpec(doc.channel)
  const fieldOf = new Map(spec.fields.map((f) => [f.column, f.field]))
  return raw.map(({ k, v }) => ({ column: k, value: v.startsWith('v1:') ? maskedHint(fieldOf.get(k)) : maskFieldValue(fieldOf.get(k) ?? '', v) }))
}

const maskedHint = (field: IntakeField | undefined) => (field ? `（${INTAKE_FIELD_LABELS[field]}，已加密保存）` : '（已加密保存）')

export function presentRecordDetail(
  doc: IntakeSourceDoc,
  current: IntakeVersionBody,
  versions: IntakeVersionBody[],
  tax: Taxonomy,
  names: Map<string, string>,
  photoLinks: PhotoLinks,
): IntakeRecordDetailView {
  const r = current.record
  const extra: Array<{ label: string; value: string }> = []
  const add = (field: IntakeField, value: string | number | undefined) => {
    if (value !== undefined && value !== '') extra.push({ label: INTAKE_FIELD_LABELS[field], value: String(value) })
  }
  add('handlingUnit', r.handlingUnit)
  add('handlingNote', r.handlingNote)
  add('status', r.status)
  add('peopleCount', r.peopleCount)
  add('amount', r.amount)
  add('form', r.form)
  add('receiver', r.receiver)
  add('place', r.place)
  return {
    ...presentRecord(doc, current, tax, names),
    content: r.content,
    photos: photoLinks(current.photos ?? []),
    occurredAt: iso(r.occurredAt)!,
    dueAt: iso(r.dueAt),
    extra,
    warnings: r.warnings.map(presentIssue),
    raw: presentRaw(current.raw, doc),
    versions: versions
      .map((v) => ({ version: v.version, receivedAt: new Date(v.receivedAt).toISOString(), viaLabel: viaLabel(v.via), current: v.version === current.version }))
      .sort((a, b) => b.version - a.version),
  }
}

export function presentImport(imp: IntakeImportDoc, names: Map<string, string>): ImportView {
  const size = Math.max(1, imp.size)
  const percent = imp.state === 'done' || imp.state === 'ready' ? 100 : Math.min(99, Math.round((imp.progress.bytes / size) * 100))
  return {
    id: imp._id,
    channel: imp.channel,
    channelLabel: CHANNEL_LABELS[imp.channel],
    filename: imp.filename,
    format: imp.format,
    encoding: imp.format === 'xlsx' ? 'xlsx' : imp.detectedEncoding === 'gbk' ? 'GBK' : imp.detectedEncoding === 'utf8' ? 'UTF-8' : '识别中',
    size: imp.size,
    state: imp.state,
    stateLabel: IMPORT_STATE_LABELS[imp.state],
    createdAt: imp.createdAt.toISOString(),
    createdBy: imp.createdBy.name,
    progress: { phase: imp.progress.phase, rows: imp.progress.rows, percent },
    counts: imp.counts,
    header: imp.header,
    headerRow: imp.headerRow,
    sample: imp.sample.map((s) => ({
      row: s.row,
      mapped: s.mapped.map((m) => ({ ...m, fieldLabel: INTAKE_FIELD_LABELS[m.field as IntakeField] ?? m.field })),
      result: s.result ? { ...s.result, microName: s.result.micro ? (names.get(s.result.micro) ?? s.result.micro) : null } : null,
      issues: s.issues.map(presentIssue),
    })),
    problems: imp.problems.map((p) => ({ ...presentIssue(p), row: p.row })),
    problemsTotal: imp.counts.bad + imp.counts.warned,
    refusal: imp.refusal ?? null,
    sameAs: null,
    errorSheetUrl:
      imp.counts.bad > 0 && (imp.state === 'ready' || imp.state === 'done' || imp.state === 'committing') ? `/api/intake/imports/${imp._id}/errors.xlsx` : null,
  }
}

export function presentTaxonomy(tax: Taxonomy): TaxonomyNodeView[] {
  return tax.nodes.map((n) => ({
    code: n.code,
    label: n.label,
    path: taxonomyPath(tax, n.code),
    parent: n.parent ?? null,
    level: taxonomyLevel(n.code),
    taskCategory: n.taskCategory,
    keywords: n.keywords,
    police: !!n.police,
    custom: !!n.custom,
  }))
}

export const CHANNEL_CODES_WITH_PUSH = CHANNELS.filter((c) => c.push).map((c) => c.code)
