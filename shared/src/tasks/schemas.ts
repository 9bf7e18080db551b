/**
 * Request bodies and queries of the task API, as zod schemas. The BFF validates with exactly these
 * (unknown keys rejected: every object is `.strict()`), the OpenAPI document is generated from them,
 * and the mini-app's forms can reuse them for client-side checks.
 */
import { z } from 'zod'
import { ROLES } from '../roles'
import { SPECIALTY_TAGS } from '../tags'
import { CLAIM_MODES, CLOSURE_CODES, PROGRESS_KINDS, RISK_COLOURS, TASK_CATEGORY_CODES, TASK_STATES, TASK_TIERS, VULNERABLE_FLAGS } from './constants'

export const MAX_PHOTOS = 9

export const territoryCode = z.string().regex(/^[A-Z]{1,8}(-[A-Z0-9]{1,4}){0,4}$/, '区域编码格式不正确')
export const departmentCode = z.string().regex(/^[A-Z0-9_]{1,16}$/, '部门编码格式不正确')
export const userId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '用户编号格式不正确')
export const taskId = z.string().regex(/^JQ\d{8}-\d{4,7}$/, '工单编号格式不正确')
export const fileId = z.string().regex(/^[a-f0-9]{32}$/, '文件编号格式不正确')
export const isoDateTime = z.iso.datetime({ offset: true, message: '时间格式应为 ISO 8601，例如 2026-11-27T18:00:00+08:00' })
const text = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, min <= 1 ? `请填写${what}` : `${what}至少 ${min} 个字`)
    .max(max, `${what}不能超过 ${max} 个字`)
const reason = (what: string) => text(2, 500, what)

/**
 * The idempotency key of a form (a uuid the mini-app makes once per draft and sends again on every
 * retry): a request that landed but whose answer was lost is not done twice.
 */
export const requestId = z.uuid('请求编号格式不正确')

export const phoneNumber = z.string().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '电话号码格式不正确')

export const partyInput = z
  .object({
    name: text(1, 40, '当事人姓名'),
    role: z.string().trim().max(20).optional(),
    phone: phoneNumber.optional(),
    /** 弱势当事人: 老人, 未成年人, 残疾人, 孕妇 */
    flags: z.array(z.enum(VULNERABLE_FLAGS, '当事人标注只能是老人、未成年人、残疾人或孕妇')).max(VULNERABLE_FLAGS.length).optional(),
  })
  .strict()

export const geoPointInput = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    address: z.string().trim().max(200).optional(),
  })
  .strict()

/** A reported position: what the phone says, with its accuracy radius in metres. */
export const locationInput = geoPointInput.extend({ accuracy: z.number().min(0).max(10_000) }).strict()

/** `POST /api/tasks` (社治中心 creates a task; with `department` it is routed at once). */
export const createTaskBody = z
  .object({
    title: text(2, 60, '标题'),
    description: text(1, 2000, '情况描述'),
    category: z.enum(TASK_CATEGORY_CODES),
    tier: z.enum(TASK_TIERS),
    territory: territoryCode,
    riskColour: z.enum(RISK_COLOURS).default('green'),
    parties: z.array(partyInput).max(10).default([]),
    location: geoPointInput.optional(),
    /** overrides the SLA due date of the tier */
    dueAt: isoDateTime.optional(),
    department: departmentCode.optional(),
    /** 警情号 / 工单号 of the source channel */
    sourceRef: z.string().trim().max(64).optional(),
    requestId: requestId.optional(),
  })
  .strict()

/** `POST /api/tasks/:id/route` — the centre sends the task to a department for 签收. */
export const routeBody = z.object({ department: departmentCode, note: z.string().trim().max(500).optional() }).strict()

/** `POST /api/tasks/:id/publish` — into the 揭榜大厅 with a claim mode and a candidate pool. */
export const publishBody = z
  .object({
    claimMode: z.enum(CLAIM_MODES),
    seats: z.number().int().min(1).max(20).default(1),
    rewardPoints: z.number().int().min(0).max(1000).default(0),
    claimDeadline: isoDateTime.optional(),
    /** overrides the claim time limit from the settings */
    claimHours: z
      .number()
      .positive()
      .max(24 * 30)
      .optional(),
    eligibility: z
      .object({
        /** default: the task's territory */
        territory: territoryCode.optional(),
        /** default: grid workers */
        roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length).optional(),
        /** 专长: a claimant needs at least one of them (none: no requirement) */
        tags: z.array(z.enum(SPECIALTY_TAGS, '请从专长列表中选择')).max(SPECIALTY_TAGS.length).optional(),
      })
      .strict()
      .default({}),
    /** 定向: who may claim */
    reservedFor: z.array(userId).max(20).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.claimMode === 'team' && b.seats < 2) ctx.addIssue({ code: 'custom', path: ['seats'], message: '攻坚小组至少需要 2 个席位' })
    if (b.claimMode !== 'team' && b.seats !== 1) ctx.addIssue({ code: 'custom', path: ['seats'], message: '只有攻坚小组模式可以设置多个席位' })
    if (b.claimMode === 'reserved' && !b.reservedFor?.length) ctx.addIssue({ code: 'custom', path: ['reservedFor'], message: '定向揭榜需指定认领人' })
    if (b.claimMode !== 'reserved' && b.reservedFor?.length) ctx.addIssue({ code: 'custom', path: ['reservedFor'], message: '只有定向揭榜可以指定认领人' })
  })

/** `POST /api/tasks/:id/claim` — 揭榜 (in 申请→审批 mode this is the application). */
export const claimBody = z.object({ note: z.string().trim().max(200).optional() }).strict()
/** `POST /api/tasks/:id/approve-claim` — approve one applicant. */
export const approveClaimBody = z.object({ userId }).strict()
/** `POST /api/tasks/:id/release` — 放弃 (scored). */
export const releaseBody = z.object({ reason: z.string().trim().max(500).optional() }).strict()
/** `POST /api/tasks/:id/extend` — once per claim, with a reason. */
export const extendBody = z.object({ reason: reason('延期理由') }).strict()
/** `POST /api/tasks/:id/assign` — 指派; `replaceUserId` overrides a current holder. */
export const assignBody = z.object({ userId, replaceUserId: userId.optional(), note: z.string().trim().max(500).optional() }).strict()
/** `POST /api/tasks/:id/sign` — 签收. */
export const signBody = z.object({ note: z.string().trim().max(500).optional() }).strict()
/** `POST /api/tasks/:id/bounce` — 退回 to the centre (not ours); reason required. */
export const bounceBody = z.object({ reason: reason('退回理由'), suggestedDepartment: departmentCode.optional() }).strict()
/** `POST /api/tasks/:id/progress` — a progress record (note, up to 9 photos from POST /api/files, location). */
export const progressBody = z
  .object({
    kind: z.enum(PROGRESS_KINDS).default('note'),
    note: text(1, 1000, '进展说明'),
    photos: z.array(fileId).max(MAX_PHOTOS, `最多上传 ${MAX_PHOTOS} 张照片`).default([]),
    location: locationInput.optional(),
    requestId: requestId.optional(),
  })
  .strict()
/** `POST /api/tasks/:id/submit` — 提交验收; after the due date `overdueReason` is required. */
export const submitBody = z.object({ note: text(1, 1000, '办理结果'), overdueReason: z.string().trim().min(2).max(500).optional() }).strict()
/** `POST /api/tasks/:id/review` — 验收: accept with a rating, or return with a reason. */
export const reviewBody = z.discriminatedUnion('decision', [
  z
    .object({
      decision: z.literal('accept'),
      rating: z.number().int().min(1, '评分为 1–5 分').max(5, '评分为 1–5 分'),
      closureCode: z.enum(CLOSURE_CODES).default('resolved'),
      note: z.string().trim().max(500).optional(),
    })
    .strict(),
  z.object({ decision: z.literal('return'), reason: reason('驳回理由') }).strict(),
])
/** `POST /api/tasks/:id/escalate` — 上报 to the centre. */
export const escalateBody = z.object({ reason: reason('上报理由') }).strict()
/** `POST /api/tasks/:id/send-back` — 发回: the centre answers an escalation by sending the task back to its holders. */
export const sendBackBody = z.object({ note: z.string().trim().max(500).optional() }).strict()
/** `POST /api/tasks/:id/reopen` — the centre reopens a closed task. */
export const reopenBody = z.object({ reason: reason('重新打开理由') }).strict()
/** `POST /api/tasks/:id/cancel` — the centre cancels (duplicate, not a dispute …). */
export const cancelBody = z.object({ closureCode: z.enum(CLOSURE_CODES), reason: reason('撤销理由') }).strict()
/** `POST /api/tasks/:id/reveal-phone` — show one party's full number (recorded in the timeline). */
export const revealPhoneBody = z.object({ party: z.number().int().min(0).max(9) }).strict()

/** `POST /api/reports` — a grid worker's 自处理上报 (already fixed, goes to review) or 直接上报 (for the centre). */
export const reportBody = z
  .object({
    kind: z.enum(['self_handled', 'direct']),
    title: text(2, 60, '标题'),
    description: text(1, 2000, '情况描述'),
    category: z.enum(TASK_CATEGORY_CODES),
    tier: z.enum(TASK_TIERS).default('simple'),
    /** default: the reporter's own territory; must lie inside it */
    territory: territoryCode.optional(),
    riskColour: z.enum(RISK_COLOURS).default('green'),
    parties: z.array(partyInput).max(10).default([]),
    location: locationInput.optional(),
    photos: z.array(fileId).max(MAX_PHOTOS, `最多上传 ${MAX_PHOTOS} 张照片`).default([]),
    /** 自处理上报: what was done on the spot */
    handlingNote: z.string().trim().min(1).max(1000).optional(),
    requestId: requestId.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind === 'self_handled' && !b.handlingNote) ctx.addIssue({ code: 'custom', path: ['handlingNote'], message: '自处理上报请填写处置情况' })
  })

export const TASK_VIEWS = ['hall', 'mine', 'department', 'review', 'all'] as const
export type TaskListView = (typeof TASK_VIEWS)[number]

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length))

/** `GET /api/tasks` query string. */
export const taskListQuery = z
  .object({
    view: z.enum(TASK_VIEWS).default('all'),
    /** comma-separated states */
    state: csv(TASK_STATES).optional(),
    category: csv(TASK_CATEGORY_CODES).optional(),
    tier: z.enum(TASK_TIERS).optional(),
    riskColour: csv(RISK_COLOURS).optional(),
    /** narrow to a territory inside the caller's own */
    territory: territoryCode.optional(),
    /** words in the title or task number */
    q: z.string().trim().min(1).max(40).optional(),
    overdue: z.enum(['1', 'true']).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict()

/** `GET /api/tasks/counts`: how many tasks of a list view (with the same filters) there are per state, risk colour or type. */
export const taskCountsQuery = taskListQuery
  .omit({ cursor: true, limit: true })
  .extend({ by: z.enum(['state', 'riskColour', 'category']).default('state') })
  .strict()

/**
 * `GET /api/tasks/:id/pool-size` and the 定向 picker (`GET /api/tasks/:id/assignees` with any of these):
 * the candidate pool the publish sheet is about to name; absent values take the publish defaults.
 */
export const poolQuery = z
  .object({
    territory: territoryCode.optional(),
    /** comma-separated roles */
    roles: csv(ROLES).optional(),
    /** comma-separated 专长 */
    tags: csv(SPECIALTY_TAGS).optional(),
  })
  .strict()

export type CreateTaskBody = z.infer<typeof createTaskBody>
export type RouteBody = z.infer<typeof routeBody>
export type PublishBody = z.infer<typeof publishBody>
export type ClaimBody = z.infer<typeof claimBody>
export type ApproveClaimBody = z.infer<typeof approveClaimBody>
export type ReleaseBody = z.infer<typeof releaseBody>
export type ExtendBody = z.infer<typeof extendBody>
export type AssignBody = z.infer<typeof assignBody>
export type SignBody = z.infer<typeof signBody>
export type BounceBody = z.infer<typeof bounceBody>
export type ProgressBody = z.infer<typeof progressBody>
export type SubmitBody = z.infer<typeof submitBody>
export type ReviewBody = z.infer<typeof reviewBody>
export type EscalateBody = z.infer<typeof escalateBody>
export type SendBackBody = z.infer<typeof sendBackBody>
export type ReopenBody = z.infer<typeof reopenBody>
export type CancelBody = z.infer<typeof cancelBody>
export type RevealPhoneBody = z.infer<typeof revealPhoneBody>
export type ReportBody = z.infer<typeof reportBody>
export type TaskListQuery = z.infer<typeof taskListQuery>
export type TaskCountsQuery = z.infer<typeof taskCountsQuery>
export type PoolQuery = z.infer<typeof poolQuery>
/** What a form sends (before defaults are applied): use for the mini-app's request types. */
export type ReportInput = z.input<typeof reportBody>
export type CreateTaskInput = z.input<typeof createTaskBody>
export type PublishInput = z.input<typeof publishBody>
export type ProgressInput = z.input<typeof progressBody>
export type ReviewInput = z.input<typeof reviewBody>
