/** Request schemas of the indices API (the BFF parses with them). */
import { z } from 'zod'
import { isDrillTarget } from './drill'
import { DIMENSIONS } from './marks'
import { PERIOD_LEVELS, parseIndexPeriod } from './periods'

export const indexPeriodKey = z
  .string()
  .max(12)
  .refine((s) => parseIndexPeriod(s) !== null, '时间段格式应为 2026-11-27（日）、2026-W48（周）、2026-11（月）、2026-Q4（季）或 2026（年）')

export const dimKey = z
  .string()
  .max(80)
  .regex(
    new RegExp(`^(${DIMENSIONS.join('|')}):[A-Za-z0-9_-]{1,60}$`),
    '范围格式应为 street:GT、community:GT-01、grid:GT-01-03、department:PCS 或 person:<人员编号>',
  )

/** `GET /api/indices/dashboard`: a period (default: the current one of `level`, default month) and a scope (default: the street). */
export const dashboardQuery = z
  .object({
    period: indexPeriodKey.optional(),
    level: z.enum(PERIOD_LEVELS, { error: '时间粒度应为 day、week、month、quarter 或 year' }).optional(),
    scope: dimKey.optional(),
  })
  .strict()
export type DashboardQuery = z.infer<typeof dashboardQuery>

/** `GET /api/indices/cases`: the cases behind one number. */
export const casesQuery = z
  .object({
    period: indexPeriodKey,
    scope: dimKey,
    target: z.string().max(60).refine(isDrillTarget, '没有这个指标'),
    cursor: z
      .string()
      .regex(/^\d{1,7}$/, '翻页参数无效')
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict()
export type CasesQuery = z.infer<typeof casesQuery>

/** `GET /api/indices/live` */
export const liveQuery = z.object({ scope: dimKey.optional(), limit: z.coerce.number().int().min(1).max(50).default(20) }).strict()

/** `GET /api/indices/summary` */
export const summaryQuery = z.object({ period: indexPeriodKey.optional() }).strict()

/** `GET /api/indices/export`: the month (default: the current one). */
export const indicesExportQuery = z
  .object({
    month: z
      .string()
      .regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式应为 2026-11')
      .optional(),
  })
  .strict()
export type SummaryQuery = z.infer<typeof summaryQuery>
