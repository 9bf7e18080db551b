import { z } from 'zod'
import {
  CLAIM_MODE_LABELS,
  CLAIM_MODES,
  type ClaimMode,
  RISK_LABELS,
  type RiskColour,
  TASK_CATEGORY_CODES,
  type TaskCategory,
  type TaskTier,
} from './constants'

const claimModes = (colour: string) =>
  z
    .array(z.enum(CLAIM_MODES, { error: '认领方式不存在' }))
    .min(1, `${colour}工单至少保留一种认领方式`)
    .max(CLAIM_MODES.length)
    .refine((m) => new Set(m).size === m.length, '认领方式重复')

const hours = z
  .number()
  .positive()
  .max(24 * 90)

/**
 * Admin-editable task settings (PUT /api/settings/tasks). Stored versioned in the database; the
 * BFF reads the latest version for every decision, so a change applies to the next action.
 */
export const taskSettingsSchema = z
  .object({
    /** SLA per complexity tier, in days from creation to due date */
    slaDays: z.object({ simple: z.number().positive().max(365), general: z.number().positive().max(365), complex: z.number().positive().max(365) }).strict(),
    /** reminders are sent this many hours before the due date (each once) */
    reminderOffsetsHours: z.array(hours).max(5),
    /** how long a claim holds before it lapses unless handling has started, per tier */
    claimHours: z.object({ simple: hours, general: hours, complex: hours }).strict(),
    /** per-category overrides of claimHours */
    claimHoursByCategory: z.partialRecord(z.enum(TASK_CATEGORY_CODES), hours).default({}),
    /** the holder is warned this many minutes before the claim lapses */
    claimWarningMinutes: z
      .number()
      .int()
      .positive()
      .max(24 * 60),
    /** how many tasks a worker may hold at once by claiming */
    activeClaimCap: z.number().int().min(1).max(20),
    /** a routed task not signed for within this many hours escalates to the centre */
    signWindowHours: hours,
    /** the bounce that reaches this count escalates to the centre instead of returning to its queue */
    bounceLimit: z.number().int().min(1).max(10),
    /**
     * 三色预警 drives the claim rules: the claim modes a task of each colour may be published with (a
     * lead can always 指派). A task that turns a colour whose rule excludes its mode leaves the hall.
     */
    claimModesByRisk: z.object({ red: claimModes('红色预警'), yellow: claimModes('黄色预警'), green: claimModes('绿色') }).strict(),
    /** "new tasks in your territory" notices are batched over windows of this many minutes */
    publishBatchMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  })
  .strict()

export type TaskSettings = z.infer<typeof taskSettingsSchema>

export const DEFAULT_TASK_SETTINGS: TaskSettings = {
  slaDays: { simple: 1, general: 7, complex: 20 },
  reminderOffsetsHours: [24, 4],
  claimHours: { simple: 4, general: 24, complex: 48 },
  claimHoursByCategory: {},
  claimWarningMinutes: 60,
  activeClaimCap: 3,
  signWindowHours: 24,
  bounceLimit: 2,
  // a red dispute is never 抢单: someone chosen (申请→审批, 定向) or a team (攻坚小组), or 指派
  claimModesByRisk: { red: ['apply', 'reserved', 'team'], yellow: [...CLAIM_MODES], green: [...CLAIM_MODES] },
  publishBatchMinutes: 10,
}

/** May a task of this colour be claimed in this mode (published with it, or claimed from the hall)? */
export function claimModeAllowed(settings: Pick<TaskSettings, 'claimModesByRisk'>, colour: RiskColour, mode: ClaimMode): boolean {
  return settings.claimModesByRisk[colour].includes(mode)
}

/** Why not, in words: 「红色预警工单不能以「抢单」方式认领，可选：申请→审批、定向、攻坚小组，或直接指派」. */
export function claimModeRefusal(settings: Pick<TaskSettings, 'claimModesByRisk'>, colour: RiskColour, mode: ClaimMode): string {
  const allowed = settings.claimModesByRisk[colour].map((m) => CLAIM_MODE_LABELS[m]).join('、')
  return `${RISK_LABELS[colour]}工单不能以「${CLAIM_MODE_LABELS[mode]}」方式认领，可选：${allowed}，或直接指派`
}

/** `PUT /api/settings/tasks` body: the whole settings object and the version it was edited from. */
export const updateTaskSettingsBody = z
  .object({ baseVersion: z.number().int().min(0), settings: taskSettingsSchema, note: z.string().max(200).optional() })
  .strict()
export type UpdateTaskSettingsBody = z.infer<typeof updateTaskSettingsBody>

export interface TaskSettingsView {
  version: number
  settings: TaskSettings
  updatedAt: string | null
  updatedBy: { id: string; name: string } | null
  note?: string
}

export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

/** Due date of a task created at `createdAt` (epoch ms). */
export function dueAtFor(settings: TaskSettings, tier: TaskTier, createdAt: number): number {
  return createdAt + settings.slaDays[tier] * DAY_MS
}

/** How long a claim on a task of this category and tier holds, in ms. */
export function claimDurationMs(settings: TaskSettings, category: TaskCategory, tier: TaskTier): number {
  return (settings.claimHoursByCategory[category] ?? settings.claimHours[tier]) * HOUR_MS
}
