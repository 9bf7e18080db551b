/** Request schemas of the risk API (the BFF parses with them; the mini-app validates forms with them). */
import { z } from 'zod'
import { RISK_COLOURS } from '../tasks/constants'
import { phoneNumber, territoryCode, userId } from '../tasks/schemas'
import { riskRuleSetSchema } from './rules'

const reason = (what: string) => z.string().trim().min(2, `请填写${what}（至少 2 个字）`).max(200, `${what}不能超过 200 字`)

/** `POST /api/risk/tasks/:id/colour`: a person sets the colour, with the reason. */
export const setRiskColourBody = z.object({ colour: z.enum(RISK_COLOURS, { error: '颜色只能是红、黄、绿' }), reason: reason('理由') }).strict()
export type SetRiskColourBody = z.infer<typeof setRiskColourBody>

/** `POST /api/risk/watch`: the 派出所 puts a person (by phone) or an address on the list. */
export const addWatchBody = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('party'),
      name: z.string().trim().min(1, '请填写姓名').max(40, '姓名不能超过 40 字'),
      phone: phoneNumber,
      reason: reason('列入理由'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('address'),
      address: z.string().trim().min(4, '请填写详细地址（至少 4 个字）').max(100, '地址不能超过 100 字'),
      territory: territoryCode.optional(),
      reason: reason('列入理由'),
    })
    .strict(),
])
export type AddWatchBody = z.infer<typeof addWatchBody>
export type AddWatchInput = z.input<typeof addWatchBody>

/** `POST /api/risk/watch/:id/close`: 销号, with the reason. */
export const closeWatchBody = z.object({ reason: reason('销号理由') }).strict()
/** `POST /api/risk/watch/:id/review`: 每周复核, what was found. */
export const reviewWatchBody = z.object({ note: reason('复核情况') }).strict()
/** `POST /api/risk/watch/:id/responsible`: who follows the subject up. */
export const watchResponsibleBody = z.object({ userId }).strict()

export const watchId = z.string().regex(/^[PA]-[a-f0-9]{16}$/, '重点关注对象编号格式不正确')

/** `GET /api/risk/watch` */
export const watchListQuery = z
  .object({
    kind: z.enum(['party', 'address']).optional(),
    colour: z.enum(RISK_COLOURS).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict()
export type WatchListQuery = z.infer<typeof watchListQuery>

const note = z.string().trim().max(200, '说明不能超过 200 字').optional()

export const saveRiskDraftBody = z.object({ baseRevision: z.number().int().min(0), rules: riskRuleSetSchema, note }).strict()
export type SaveRiskDraftBody = z.infer<typeof saveRiskDraftBody>
export const previewRiskBody = z.object({ rules: riskRuleSetSchema }).strict()
export const publishRiskRulesBody = z
  .object({
    expectedVersion: z.number().int().min(0),
    rules: riskRuleSetSchema,
    effectiveFrom: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '生效日期格式应为 2026-12-01')
      .optional(),
    note,
  })
  .strict()
export type PublishRiskRulesBody = z.infer<typeof publishRiskRulesBody>
