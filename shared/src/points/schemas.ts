/** Request schemas of the points and rules API (the BFF parses with them; the mini-app validates forms with them). */
import { z } from 'zod'
import { BOARD_KINDS } from './constants'
import { PERIOD_KEY_PATTERN } from './period'
import { ruleSetSchema } from './rules'

export const periodKey = z.string().regex(PERIOD_KEY_PATTERN, '考核期格式应为 2026-11（月）或 2026-Q4（季度）')

/** `GET /api/points/me`, `GET /api/points/people/:userId` */
export const ledgerQuery = z.object({ period: periodKey.optional() }).strict()

/** `GET /api/points/leaderboard` */
export const boardQuery = z.object({ period: periodKey.optional(), board: z.enum(BOARD_KINDS, { error: '排行榜类型不存在' }).default('people') }).strict()

/** `GET /api/points/export` */
export const exportQuery = z.object({ period: periodKey.optional() }).strict()

/** `GET /api/points/tasks/:taskId` */
export const taskIdParam = z.string().min(1).max(100)

const note = z.string().trim().max(200, '说明不能超过 200 字').optional()

/** `PUT /api/rules/draft`: saves the draft; `baseRevision` is the draft revision it was edited from (0 for none). */
export const saveDraftBody = z.object({ baseRevision: z.number().int().min(0), rules: ruleSetSchema, note }).strict()
export type SaveDraftBody = z.infer<typeof saveDraftBody>

/** `POST /api/rules/preview`: the period to replay (default: the last complete period). */
export const previewBody = z.object({ rules: ruleSetSchema, period: periodKey.optional() }).strict()
export type PreviewBody = z.infer<typeof previewBody>

/**
 * `POST /api/rules/publish`. `expectedVersion` is the latest version the admin saw: if someone
 * published meanwhile, this one is refused (409) instead of silently replacing theirs.
 * `effectiveFrom` is a day (`YYYY-MM-DD`, from 00:00 China time), today or later; default: now.
 */
export const publishRulesBody = z
  .object({
    expectedVersion: z.number().int().min(0),
    rules: ruleSetSchema,
    effectiveFrom: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '生效日期格式应为 2026-12-01')
      .optional(),
    note,
  })
  .strict()
export type PublishRulesBody = z.infer<typeof publishRulesBody>

/** `POST /api/points/appeals`: contest one of my deductions. */
export const createAppealBody = z
  .object({
    entryId: z.string().min(1).max(300),
    reason: z.string().trim().min(5, '请写明申诉理由（至少 5 个字）').max(500, '申诉理由不能超过 500 字'),
  })
  .strict()
export type CreateAppealBody = z.infer<typeof createAppealBody>

/** `POST /api/points/appeals/:entryId/decide`: uphold the deduction or grant the appeal (a correction entry). */
export const decideAppealBody = z
  .object({
    decision: z.enum(['uphold', 'grant'], { error: '请选择维持原扣分或申诉成立' }),
    note: z.string().trim().min(2, '请填写处理意见').max(500, '处理意见不能超过 500 字'),
  })
  .strict()
export type DecideAppealBody = z.infer<typeof decideAppealBody>

/** `GET /api/points/appeals`: newest first, a page at a time (`cursor` from the previous page's `nextCursor`). */
export const appealListQuery = z
  .object({
    status: z.enum(['pending', 'decided', 'all'], { error: '申诉状态应为 pending、decided 或 all' }).default('pending'),
    cursor: z.string().max(400).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict()
export type AppealListQuery = z.infer<typeof appealListQuery>
