/**
 * What follows from an appended event besides the projection: claim slots given back, the task's
 * own notices queued, and the event published to other domains (points, and whoever listens to
 * `task.appended`). Run by the winner right after its append and again by any repair of a
 * projection that is behind its log — so everything here, and every listener, must be idempotent.
 */
import type { TaskEvent, TaskState } from '@jqtb/shared'
import { recordAudit } from '../audit/commands'
import type { AuditEntryDoc } from '../audit/model'
import './events'
import type { TaskDeps } from './log'
import { notifyFor } from './notify'
import { countsAgainstCap, releaseSlot } from './slots'

export async function runEffects(deps: TaskDeps, event: TaskEvent, before: TaskState | null, after: TaskState): Promise<void> {
  // a slot is given back only for the claim that took it (its token), so replaying an old event in a
  // repair cannot free the slot of a later claim by the same worker
  if (before) {
    for (const h of before.holders) {
      if (h.capSlot !== undefined && countsAgainstCap(before, h.userId) && !countsAgainstCap(after, h.userId)) {
        await releaseSlot(deps, h.userId, h.capSlot, event.taskId, h.capToken)
      }
    }
  }
  // every reveal of a party's number is a line of the audit trail (审计日志), keyed by its event: written once
  if (event.type === 'phone_revealed') await recordAudit(deps, revealAuditEntry(event, after))
  await notifyFor(deps, event, after)
  // a failing listener throws here: the projection then stays behind and the repair publishes again
  await deps.events.publish('task.appended', { event, before, after })
}

function revealAuditEntry(event: TaskEvent, task: TaskState): AuditEntryDoc {
  const data = event.data as { party?: number; partyName?: string }
  return {
    _id: `reveal:${event.taskId}:${event.seq}`,
    at: new Date(event.at),
    kind: 'phone.revealed',
    actor: { id: event.actor.id, name: event.actor.name },
    subject: { type: 'task', id: task.id, label: `${task.taskNo} ${task.title}` },
    summary: `${event.actor.name}查看了工单 ${task.taskNo} 当事人「${data.partyName ?? `#${(data.party ?? 0) + 1}`}」的完整号码`,
    fields: ['当事人号码'],
  }
}
