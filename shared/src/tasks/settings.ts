import { z } from 'zod'
import { TASK_CATEGORY_CODES, type TaskCategory, type TaskTier } from './constants'

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
  publishBatchMinutes: 10,
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
