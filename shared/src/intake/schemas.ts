/** Request bodies and queries of the intake API (the BFF validates with exactly these). */
import { z } from 'zod'
import { RISK_COLOURS, TASK_TIERS } from '../tasks/constants'
import { departmentCode, isoDateTime, requestId, taskId, territoryCode } from '../tasks/schemas'
import { CHANNEL_CODES } from './channels'
import { HANDLERS } from './routing'

const cellValue = z.union([z.string().max(4000, '单元格内容过长（最多 4000 字）'), z.number(), z.boolean(), z.null()])

/** One record as its channel sends it: its own column names → values. */
export const channelRecord = z
  .record(z.string().min(1).max(40, '列名不能超过 40 个字'), cellValue)
  .refine((r) => Object.keys(r).length <= 60, '一条记录最多 60 个字段')

/** `POST /api/intake/channels/:channel/records` (signed; see docs/intake.md#push-api). */
export const pushBody = z.object({ records: z.array(channelRecord).min(1, '至少一条记录').max(100, '每次最多 100 条记录') }).strict()
export type PushBody = z.infer<typeof pushBody>

export const channelParam = z.enum(CHANNEL_CODES, '没有这个渠道')

const text = (min: number, max: number, what: string) => z.string().trim().min(min, `请填写${what}`).max(max, `${what}不能超过 ${max} 个字`)

export const WINDOW_FORMS = ['来访', '来电', '来信'] as const
export const WINDOW_DESKS = ['信访接待', '行政调解', '人民调解', '劳动争议调解', '公共法律服务'] as const

/** `POST /api/intake/window` — 窗口登记 at the centre's reception desk. */
export const windowBody = z
  .object({
    requestId,
    form: z.enum(WINDOW_FORMS),
    desk: z.enum(WINDOW_DESKS),
    visitorName: text(1, 40, '来访人姓名'),
    visitorPhone: z.string().trim().max(40).optional(),
    visitorIdNo: z.string().trim().max(24).optional(),
    otherPartyName: z.string().trim().max(40).optional(),
    address: text(2, 200, '事发地址'),
    category: z.string().regex(/^[a-z_]+(\.[a-z_0-9]+){0,2}$/, '请选择纠纷类型'),
    content: text(2, 2000, '诉求内容'),
    occurredAt: isoDateTime.optional(),
  })
  .strict()
export type WindowBody = z.infer<typeof windowBody>
export type WindowInput = z.input<typeof windowBody>

export const INTAKE_FLAGS = ['address_unsure', 'address_none', 'category_guess', 'field_dropped', 'police'] as const

/** `GET /api/intake/records` */
export const recordListQuery = z
  .object({
    channel: z.enum(CHANNEL_CODES).optional(),
    flag: z.enum(INTAKE_FLAGS).optional(),
    /** words in the title, source id or address */
    q: z.string().trim().min(1).max(40).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict()
export type RecordListQuery = z.infer<typeof recordListQuery>

/** The form fields of `POST /api/intake/imports` (multipart, with the file). */
export const importFields = z
  .object({
    channel: z.enum(CHANNEL_CODES, '请选择渠道'),
    encoding: z.enum(['auto', 'utf8', 'gbk']).default('auto'),
  })
  .strict()
export type ImportFields = z.infer<typeof importFields>

/** `POST /api/intake/channels/:channel/keys` */
export const createKeyBody = z.object({ label: text(2, 40, '密钥用途') }).strict()

/** `POST /api/intake/taxonomy` — an admin adds a kind or an item under an existing node. */
export const taxonomyNodeBody = z
  .object({
    baseVersion: z.number().int().min(0),
    parent: z.string().regex(/^[a-z_]+(\.[a-z_0-9]+)?$/, '请选择上级分类'),
    slug: z.string().regex(/^[a-z][a-z0-9_]{1,23}$/, '编码为 2–24 位小写字母、数字或下划线，以字母开头'),
    label: text(2, 20, '分类名称'),
    keywords: z.array(z.string().trim().min(1).max(10)).max(20).default([]),
    police: z.boolean().default(false),
  })
  .strict()
export type TaxonomyNodeBody = z.infer<typeof taxonomyNodeBody>

/** `GET /api/intake/address?address=&place=` — what an address resolves to (the 窗口登记 form shows it while typing). */
export const addressQuery = z.object({ address: z.string().trim().min(1).max(200), place: z.string().trim().max(100).optional() }).strict()

const reasonText = (what: string) => z.string().trim().min(2, `请填写${what}`).max(500, `${what}不能超过 500 个字`)

/** `POST /api/intake/leads/:id/convert` — 转为工单; every field defaults to the suggestion. */
export const convertLeadBody = z
  .object({
    title: z.string().trim().min(2).max(60).optional(),
    categoryCode: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_0-9]+){0,2}$/)
      .optional(),
    tier: z.enum(TASK_TIERS).optional(),
    territory: territoryCode.optional(),
    riskColour: z.enum(RISK_COLOURS).optional(),
    handler: z.enum(HANDLERS).optional(),
    department: departmentCode.optional(),
  })
  .strict()
export type ConvertLeadBody = z.infer<typeof convertLeadBody>

/** `POST /api/intake/leads/:id/attach` — 并入已有工单. */
export const attachLeadBody = z.object({ taskId }).strict()
/** `POST /api/intake/leads/:id/return` (退回 110 …) and `/transfer` (移交): to whom and why. */
export const handOverBody = z.object({ to: z.string().trim().min(2).max(40).optional(), reason: reasonText('理由') }).strict()
/** `/refuse` (不予受理), `/resolve` (已化解), `/reopen`: why. */
export const reasonBody = z.object({ reason: reasonText('理由') }).strict()
/** `POST /api/intake/leads/:id/merge` — the records move to `into`. */
export const mergeLeadBody = z.object({ into: z.string().regex(/^XS\d{8}-[0-9A-F]{8}(-2)?$/, '线索编号格式不正确'), reason: reasonText('合并理由') }).strict()
/** `POST /api/intake/leads/:id/split` — one record out into a lead of its own. */
export const splitLeadBody = z.object({ sourceKey: z.string().min(3).max(80), reason: reasonText('拆分理由') }).strict()

export const BULK_LEAD_ACTIONS = ['convert', 'refuse', 'resolve'] as const
/** `POST /api/intake/leads/bulk` — the same decision on many leads (each answered on its own). */
export const bulkLeadBody = z
  .object({
    action: z.enum(BULK_LEAD_ACTIONS),
    leadIds: z
      .array(z.string().regex(/^XS\d{8}-[0-9A-F]{8}(-2)?$/))
      .min(1)
      .max(50),
    reason: reasonText('理由').optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.action !== 'convert' && !b.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '请填写理由' })
  })
export type BulkLeadBody = z.infer<typeof bulkLeadBody>

export const LEAD_VIEWS = ['inbox', 'decided', 'all'] as const
/** `GET /api/intake/leads` */
export const leadListQuery = z
  .object({
    view: z.enum(LEAD_VIEWS).default('inbox'),
    riskColour: z.enum(RISK_COLOURS).optional(),
    channel: z.enum(CHANNEL_CODES).optional(),
    /** only leads linked as repeats */
    repeat: z.enum(['1', 'true']).optional(),
    /** only police matters (to return to 110) */
    police: z.enum(['1', 'true']).optional(),
    q: z.string().trim().min(1, '请输入要搜索的内容').max(40, '搜索内容最多 40 个字：编号请输全，不要带其他文字').optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict()
export type LeadListQuery = z.infer<typeof leadListQuery>
