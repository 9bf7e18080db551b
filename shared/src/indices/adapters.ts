/**
 * Facts from other domains' events, read by topic name (their payloads as the publishing domains
 * document them: docs/intake.md#events for `lead.linked`; docs/indices.md#sources for the others).
 * Every function is pure and defensive: a payload that does not have what a fact needs gives null
 * (the listener ignores it), never a half fact. Applying the same event twice gives the same fact
 * (at-least-once delivery).
 */
import { z } from 'zod'
import type { FollowUpFact, LeadFact, MediationFact, RecordFact, TaskFact } from './facts'

const instant = z.union([z.number(), z.string(), z.date()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : new Date(v).getTime()
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'not a time' })
    return z.NEVER
  }
  return ms
})

/** `lead.linked` (intake): a source became a new lead, joined one, or a new lead was linked as a repeat. */
export const leadLinkedPayload = z.object({
  leadId: z.string().min(1),
  sourceKey: z.string().min(1),
  kind: z.enum(['new', 'joined', 'repeat']),
  relatedLeadIds: z.array(z.string()).optional(),
  at: instant,
})
export type LeadLinkedPayload = z.infer<typeof leadLinkedPayload>

/**
 * The lead's fact after a `lead.linked` event. `source` is the source record it names (its channel,
 * micro-grid and category), null when it cannot be found. A new or repeat lead starts (or restarts) the
 * fact; a joined source adds its channel. The lead counts when it was first received.
 */
export function leadFactAfter(
  prev: LeadFact | null,
  e: LeadLinkedPayload,
  source: { channel: string; territory?: string; category?: string } | null,
): LeadFact {
  const channel = source?.channel ?? e.sourceKey.split(':')[0]
  const base: LeadFact = prev ?? { kind: 'lead', id: e.leadId, receivedAt: e.at, channels: [], repeat: false }
  const fact: LeadFact = {
    ...base,
    receivedAt: Math.min(base.receivedAt, e.at),
    channels: base.channels.includes(channel) ? base.channels : e.kind === 'joined' ? [...base.channels, channel] : [channel, ...base.channels],
    repeat: base.repeat || e.kind === 'repeat',
  }
  if (e.kind !== 'joined' || !fact.territory) {
    if (source?.territory && !fact.territory) fact.territory = source.territory
    if (source?.category && !fact.category) fact.category = source.category
  }
  return fact
}

/**
 * `mediation.recorded` (mediators, bff/src/mediators/events.ts): an outcome recorded for a mediation — `id`,
 * `recordedAt` and `outcome: 'success' | 'partial' | 'failed'` as the mediators domain publishes them
 * (`mediationId` / `at` also read).
 */
export const mediationRecordedPayload = z.preprocess(
  (v) => (v && typeof v === 'object' ? { mediationId: (v as { id?: unknown }).id, at: (v as { recordedAt?: unknown }).recordedAt, ...v } : v),
  z.object({
    mediationId: z.string().min(1),
    taskId: z.string().optional(),
    outcome: z.string().min(1),
    at: instant,
    territory: z.string().optional(),
    department: z.string().optional(),
    category: z.string().optional(),
  }),
)
export type MediationRecordedPayload = z.infer<typeof mediationRecordedPayload>

const SUCCEEDED = new Set(['succeeded', 'success', 'resolved', 'agreed', '成功', '调解成功'])
const UNFINISHED = new Set(['ongoing', 'scheduled', 'started', 'in_progress'])

/** The mediation's fact: finished once an outcome other than "still going" is recorded; placed where its task is. */
export function mediationFactOf(e: MediationRecordedPayload, task: TaskFact | null): MediationFact {
  const finished = !UNFINISHED.has(e.outcome)
  const territory = e.territory ?? task?.territory
  const department = e.department ?? task?.department
  const category = e.category ?? task?.category
  return {
    kind: 'mediation',
    id: e.mediationId,
    ...(e.taskId ? { taskId: e.taskId } : {}),
    ...(territory ? { territory } : {}),
    ...(department ? { department } : {}),
    ...(category ? { category } : {}),
    ...(finished ? { finishedAt: e.at } : {}),
    succeeded: finished && SUCCEEDED.has(e.outcome),
  }
}

/** `followup.rated` (公众侧 回访): the citizen's rating of a closed case (or a phone 回访's result). */
export const followUpRatedPayload = z.object({
  taskId: z.string().min(1),
  rating: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']),
  at: instant,
})
export type FollowUpRatedPayload = z.infer<typeof followUpRatedPayload>

/** The 回访 of a closed task: counted with the closure it follows; 满意 and 基本满意 are satisfied. */
export function followUpFactOf(e: FollowUpRatedPayload, task: TaskFact): FollowUpFact | null {
  if (task.closedAt === undefined) return null
  return {
    kind: 'follow_up',
    id: task.id,
    taskId: task.id,
    territory: task.territory,
    ...(task.department ? { department: task.department } : {}),
    closedAt: task.closedAt,
    calledAt: e.at,
    satisfied: e.rating !== 'dissatisfied',
  }
}

/** A source record of 统一归口 as the intake domain stores it (its query fields). */
export function recordFactOf(doc: {
  _id: string
  channel: string
  reportedAt: Date | number
  micro?: string
  community?: string
  categoryCode?: string
}): RecordFact {
  const territory = doc.micro || doc.community
  return {
    kind: 'record',
    id: doc._id,
    channel: doc.channel,
    receivedAt: new Date(doc.reportedAt).getTime(),
    ...(territory ? { territory } : {}),
    ...(doc.categoryCode ? { category: doc.categoryCode } : {}),
  }
}
