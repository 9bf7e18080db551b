/**
 * Request bodies and queries of the mediators API (zod; `.strict()` everywhere: unknown keys are
 * refused). The BFF validates with exactly these; the mini-app's forms reuse them.
 */
import { z } from 'zod'
import { RISK_COLOURS, TASK_CATEGORY_CODES } from '../tasks/constants'
import { isoDateTime, requestId, territoryCode, userId } from '../tasks/schemas'
import { AGE_BANDS, DIALECTS, GUIDANCE, INDUSTRIES, MAX_LOAD_CAP, MEDIATOR_TYPES, ORG_KINDS, OUTCOMES, RELATION_KINDS } from './constants'
import { compositionRuleSetSchema } from './rules'

const text = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, min <= 1 ? `请填写${what}` : `${what}至少 ${min} 个字`)
    .max(max, `${what}不能超过 ${max} 个字`)

export const mobileNumber = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号应为 11 位数字，以 1 开头')
const officePhone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '联系电话格式不正确（手机或 0574-12345678）')

export const mediatorId = userId
export const orgId = z.string().regex(/^org-[a-z0-9-]{1,40}$/, '调解组织编号格式不正确')
/** `<taskId>:team:<round>` */
export const teamId = z.string().regex(/^JQ\d{8}-\d{4,7}:team:\d{1,3}$/, '攻坚小组编号格式不正确')
const revision = z.number({ error: '缺少版本号（rev），请刷新后再改' }).int().min(0)

const unique =
  <T>(what: string) =>
  (xs: T[]) =>
    new Set(xs).size === xs.length || `${what}不能重复`

// ------------------------------------------------------------------------------------------------
// Organisations

export const orgBody = z
  .object({
    name: text(2, 40, '组织名称'),
    kind: z.enum(ORG_KINDS, { error: '组织类型不在可选列表中' }),
    industry: z.enum(INDUSTRIES, { error: '行业不在可选列表中' }).optional(),
    /** where it works: a village/community, or the street */
    territory: territoryCode,
    contactName: text(1, 20, '联系人'),
    contactPhone: officePhone,
    address: z.string().trim().max(100, '地址不能超过 100 个字').optional(),
    intro: z.string().trim().max(300, '简介不能超过 300 个字').optional(),
    active: z.boolean().default(true),
  })
  .strict()
  .refine((o) => o.kind !== 'industry' || o.industry !== undefined, { path: ['industry'], message: '行业性调委会请选择行业（医疗、交通、劳动…）' })

export const updateOrgBody = z.object({ rev: revision, org: orgBody }).strict()

// ------------------------------------------------------------------------------------------------
// Mediators

const relationInput = z
  .object({
    kind: z.enum(RELATION_KINDS, { error: '关系类型不在可选列表中' }),
    name: text(1, 40, '关系人姓名或单位名称'),
    /** kept only as a keyed hash (for matching parties), never stored readable */
    phone: mobileNumber.optional(),
    note: z.string().trim().max(40, '说明不能超过 40 个字').optional(),
  })
  .strict()

/** The profile fields an admin edits (type, organisations, domains, dialect, experience, home …). */
export const profileFields = z
  .object({
    type: z.enum(MEDIATOR_TYPES, { error: '调解员类型不在可选列表中' }),
    title: z.string().trim().max(40, '称谓最多 40 个字').default(''),
    orgIds: z.array(orgId).max(5, '最多属于 5 个调解组织').refine(unique('调解组织'), '调解组织不能重复').default([]),
    domains: z
      .array(z.enum(TASK_CATEGORY_CODES, { error: '纠纷领域不在可选列表中' }))
      .max(TASK_CATEGORY_CODES.length)
      .refine(unique('纠纷领域'), '纠纷领域不能重复')
      .default([]),
    specialties: z.array(z.string().trim().min(1).max(12, '每项专长最多 12 个字')).max(8, '专长最多 8 项').refine(unique('专长'), '专长不能重复').default([]),
    dialects: z
      .array(z.enum(DIALECTS as unknown as [string, ...string[]], { error: '乡音不在可选列表中' }))
      .max(5)
      .refine(unique('乡音'), '乡音不能重复')
      .default([]),
    ageBand: z.enum(AGE_BANDS, { error: '年龄段不在可选列表中' }).optional(),
    years: z.number({ error: '从业年限请填写数字' }).int('从业年限须为整数').min(0, '从业年限不能为负').max(60, '从业年限最多 60 年').default(0),
    /** home village/community, or a grid or micro-grid inside it */
    home: territoryCode.optional(),
    /** active memberships at once; absent: the rule table's default */
    loadCap: z.number().int().min(1, '在办上限至少为 1').max(MAX_LOAD_CAP, `在办上限最多 ${MAX_LOAD_CAP}`).optional(),
    intro: z.string().trim().max(200, '简介不能超过 200 个字').optional(),
    /** listed on the public mediator cards (with the person's consent) */
    publicCard: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .strict()

/** `POST /api/mediators`: someone in 人员管理 joins the pool, or an external person is added with a phone. */
export const addMediatorBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), userId, profile: profileFields, relations: z.array(relationInput).max(20).default([]) }).strict(),
  z
    .object({
      kind: z.literal('external'),
      name: text(1, 32, '姓名'),
      /** stored encrypted; shown masked; SMS goes here */
      phone: mobileNumber,
      profile: profileFields,
      relations: z.array(relationInput).max(20).default([]),
    })
    .strict(),
])

export const updateMediatorBody = z.object({ rev: revision, profile: profileFields }).strict()
export const relationsBody = z.object({ rev: revision, relations: z.array(relationInput).max(20, '最多申报 20 条关系') }).strict()

/** `PUT /api/mediators/:id/availability`: on leave until a time (null: available now). */
export const availabilityBody = z
  .object({
    until: isoDateTime.nullable(),
    note: z.string().trim().max(60, '说明最多 60 个字').optional(),
  })
  .strict()

export const mediatorListQuery = z
  .object({
    q: z.string().trim().min(1).max(32).optional(),
    type: z.enum(MEDIATOR_TYPES).optional(),
    org: orgId.optional(),
    domain: z.enum(TASK_CATEGORY_CODES).optional(),
    community: territoryCode.optional(),
    status: z.enum(['active', 'inactive', 'all']).default('active'),
    cursor: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict()

export const publicCardQuery = z
  .object({
    type: z.enum(MEDIATOR_TYPES).optional(),
    domain: z.enum(TASK_CATEGORY_CODES).optional(),
    org: orgId.optional(),
    cursor: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict()

// ------------------------------------------------------------------------------------------------
// Rules

export const saveRulesBody = z
  .object({ baseVersion: z.number().int().min(0), rules: compositionRuleSetSchema, note: z.string().trim().max(200).optional() })
  .strict()

// ------------------------------------------------------------------------------------------------
// Proposal and team

export const proposalQuery = z
  .object({
    /** the parties' dialect (乡音), to favour mediators who speak it */
    dialect: z.enum(DIALECTS as unknown as [string, ...string[]], { error: '乡音不在可选列表中' }).optional(),
  })
  .strict()

/** `PUT /api/mediation/tasks/:taskId/preference`: the centre names the mediator a citizen asked for. */
export const preferenceBody = z
  .object({
    mediatorId: mediatorId.nullable(),
    /** who asked and how (e.g. 申请人张三来电要求) */
    note: text(2, 100, '说明（谁、何时提出）').optional(),
  })
  .strict()
  .refine((b) => b.mediatorId === null || b.note !== undefined, { path: ['note'], message: '请说明是哪位当事人、何时提出的要求' })

export const confirmTeamBody = z
  .object({
    requestId,
    dialect: proposalQuery.shape.dialect,
    /** who fills each slot of the proposal (the engine's picks, or the proposer's swaps) */
    members: z
      .array(z.object({ slotKey: z.string().regex(/^(\d{1,2}|preferred)$/), mediatorId }).strict())
      .min(1, '请至少选择一名成员')
      .max(12),
  })
  .strict()
  .refine((b) => new Set(b.members.map((m) => m.mediatorId)).size === b.members.length, { path: ['members'], message: '同一人不能占两个席位' })

export const replaceMemberBody = z.object({ mediatorId, replacementId: mediatorId }).strict()
export const removeMemberBody = z.object({ mediatorId, reason: text(2, 200, '移出原因') }).strict()
export const replacementsQuery = z.object({ mediatorId }).strict()

export const answerBody = z
  .object({
    answer: z.enum(['accept', 'decline'], { error: '请选择接受或婉拒' }),
    reason: z.string().trim().max(200, '原因不能超过 200 个字').optional(),
  })
  .strict()
  .refine((b) => b.answer === 'accept' || (b.reason?.length ?? 0) >= 2, { path: ['reason'], message: '婉拒请简要说明原因，便于另行安排' })

// ------------------------------------------------------------------------------------------------
// Mediation records

export const sessionBody = z
  .object({
    requestId,
    at: isoDateTime,
    place: text(2, 60, '调解地点'),
    attendees: z.array(z.string().trim().min(1).max(30)).min(1, '请填写参加人员').max(30, '参加人员最多 30 人'),
    summary: text(4, 2000, '调解情况'),
    nextStep: z.string().trim().max(500, '下一步安排不能超过 500 个字').optional(),
  })
  .strict()

export const outcomeBody = z
  .object({
    outcome: z.enum(OUTCOMES, { error: '请选择调解结果' }),
    /** 纠纷主要事实、争议事项 (for the agreement) */
    facts: text(4, 2000, '纠纷主要事实'),
    /** 协议内容: one term per line */
    terms: z.array(z.string().trim().min(2, '每条协议内容至少 2 个字').max(500)).max(20, '协议条款最多 20 条').default([]),
    /** 履行方式、时限 */
    performance: z.string().trim().max(500).optional(),
    guidedTo: z.array(z.enum(GUIDANCE)).max(GUIDANCE.length).default([]),
    note: z.string().trim().max(500).optional(),
    /** the organisation named on the agreement (default: the street's people's mediation committee) */
    organisation: z.string().trim().min(2).max(40).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.outcome !== 'failed' && b.terms.length === 0) ctx.addIssue({ code: 'custom', path: ['terms'], message: '请填写达成的协议内容（至少一条）' })
    if (b.outcome === 'failed' && b.terms.length) ctx.addIssue({ code: 'custom', path: ['terms'], message: '调解不成不能填写协议条款' })
    if (b.outcome === 'failed' && b.guidedTo.length === 0)
      ctx.addIssue({ code: 'custom', path: ['guidedTo'], message: '调解不成时，请选择已引导当事人的途径（诉讼、仲裁、信访、法律援助）' })
  })

export const scanBody = z.object({ fileId: z.string().regex(/^[a-f0-9]{32}$/, '文件编号格式不正确') }).strict()

export const judicialConfirmationBody = z.object({ court: text(2, 40, '受理法院'), note: z.string().trim().max(200).optional() }).strict()

export const riskColourFilter = z.enum(RISK_COLOURS)

export type OrgBody = z.output<typeof orgBody>
export type ProfileFields = z.output<typeof profileFields>
export type AddMediatorBody = z.output<typeof addMediatorBody>
export type RelationInput = z.output<typeof relationInput>
export type AvailabilityBody = z.output<typeof availabilityBody>
export type MediatorListQuery = z.output<typeof mediatorListQuery>
export type PublicCardQuery = z.output<typeof publicCardQuery>
export type SaveRulesBody = z.output<typeof saveRulesBody>
export type ConfirmTeamBody = z.output<typeof confirmTeamBody>
export type AnswerBody = z.output<typeof answerBody>
export type SessionBody = z.output<typeof sessionBody>
export type OutcomeBody = z.output<typeof outcomeBody>
export type PreferenceBody = z.output<typeof preferenceBody>
