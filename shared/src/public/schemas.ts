/** Request bodies of the citizen's side (公众侧) and of the staff pages that serve it. */
import { z } from 'zod'
import { CONSULT_TOPICS } from './consult'
import { CASE_CODE_PATTERN, CITIZEN_PHOTO_LIMITS, normaliseCaseCode, PUBLIC_CATEGORY_CODES, RATINGS } from './rules'

const mobile = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^\+?86/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号码'))

/** photos the citizen uploaded (`POST /api/public/photos`), by id */
const photoIds = z
  .array(z.string().regex(/^[a-f0-9]{32}$/, '照片编号格式不正确'))
  .max(CITIZEN_PHOTO_LIMITS.perFiling, `最多附 ${CITIZEN_PHOTO_LIMITS.perFiling} 张照片`)
  .default([])
  .transform((ids) => [...new Set(ids)])

const text = (min: number, max: number, what: string) => z.string().trim().min(min, `请填写${what}`).max(max, `${what}最多 ${max} 个字`)

/** `POST /api/public/auth/code` */
export const sendCodeBody = z.object({ phone: mobile }).strict()
/** `POST /api/public/auth/login` */
export const verifyCodeBody = z
  .object({
    phone: mobile,
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, '验证码是 6 位数字'),
  })
  .strict()

export const caseCode = z
  .string()
  .trim()
  .max(20)
  .transform(normaliseCaseCode)
  .pipe(z.string().regex(CASE_CODE_PATTERN, '案件码格式不正确（GZ 开头，共 10 位）'))

/** `POST /api/public/cases` — a citizen files a dispute. */
export const fileCaseBody = z
  .object({
    requestId: z.uuid('请求编号格式不正确'),
    category: z.enum(PUBLIC_CATEGORY_CODES, '请选择是什么事'),
    content: text(5, 1000, '发生了什么（至少 5 个字）'),
    /** the place picked in the address picker, or what the citizen wrote (我不确定: the community alone) */
    community: z.string().trim().max(40).optional(),
    place: z.string().trim().max(60).optional(),
    number: z.string().trim().max(20).optional(),
    addressNote: z.string().trim().max(120).optional(),
    occurredAt: z.iso.datetime({ offset: true, message: '时间格式不正确' }).optional(),
    otherParty: z.string().trim().max(40).optional(),
    name: z.string().trim().max(20).optional(),
    photos: photoIds,
  })
  .strict()
  .refine((b) => !!(b.community || b.place || b.addressNote), { message: '请选择或填写事情发生在哪里', path: ['community'] })

/** `POST /api/public/cases/:code/rating` and the staff phone 回访 record. */
export const rateBody = z.object({ rating: z.enum(RATINGS, '请选择满意、基本满意或不满意'), comment: z.string().trim().max(300).optional() }).strict()

/** `POST /api/public/ratings/:token` — the one-time link from the SMS (no login). */
export const linkRateBody = rateBody

/** `POST /api/followups/phone/:code` — the staff member's phone 回访. */
export const phoneFollowupBody = z
  .object({
    reached: z.boolean(),
    rating: z.enum(RATINGS).optional(),
    comment: z.string().trim().max(300).optional(),
  })
  .strict()
  .refine((b) => !b.reached || !!b.rating, { message: '联系上了请记录满意度', path: ['rating'] })

/** `POST /api/followups/:code/resolve` — the centre closes a 不满意 follow-up: reviewed, or reopened. */
export const resolveFollowupBody = z.object({ action: z.enum(['reviewed', 'reopen']), note: text(2, 500, '处理说明') }).strict()

/** `POST /api/public/cases/:code/mediator` — the citizen asks for a mediator. */
export const preferMediatorBody = z.object({ mediatorId: z.string().trim().min(1).max(64) }).strict()

/** `POST /api/public/consultations` — 法律咨询. */
export const consultBody = z
  .object({
    requestId: z.uuid('请求编号格式不正确'),
    topic: z.enum(CONSULT_TOPICS, '请选择咨询方向'),
    question: text(5, 1000, '您的问题（至少 5 个字）'),
    photos: photoIds,
  })
  .strict()

/** `POST /api/consultations/:id/answer` — a lawyer or 司法所 answers. */
export const answerConsultBody = z.object({ answer: text(5, 2000, '解答') }).strict()

/** `POST /api/public/auth/zlb` — 浙里办 single sign-on: the ticket 浙里办 handed the page. */
export const zlbLoginBody = z
  .object({
    ticket: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{8,128}$/, '浙里办登录凭证格式不正确，请重新从浙里办进入'),
  })
  .strict()

export const caseLookupQuery = z.object({ code: caseCode }).strict()

export type SendCodeBody = z.infer<typeof sendCodeBody>
export type VerifyCodeBody = z.infer<typeof verifyCodeBody>
export type FileCaseBody = z.infer<typeof fileCaseBody>
export type FileCaseInput = z.input<typeof fileCaseBody>
export type RateBody = z.infer<typeof rateBody>
export type PhoneFollowupBody = z.infer<typeof phoneFollowupBody>
export type ResolveFollowupBody = z.infer<typeof resolveFollowupBody>
export type ConsultBody = z.infer<typeof consultBody>
export type ZlbLoginBody = z.infer<typeof zlbLoginBody>
export type AnswerConsultBody = z.infer<typeof answerConsultBody>
