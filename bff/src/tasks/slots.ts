/**
 * Claim slots: the active-claim cap as unique keys (see ClaimSlotDoc in model.ts for why).
 * A worker's claims count against the cap while claimed or in progress; submitting, closing,
 * releasing, expiring or escalating gives the slot back.
 */
import type { TaskState } from '@jqtb/shared'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { TaskDeps } from './store'

export const slotId = (userId: string, k: number) => `${userId}:slot:${k}`

/** Does this holding count against the holder's cap? Assignments (指派) and self-reports do not. */
export function countsAgainstCap(t: TaskState | null, userId: string): boolean {
  if (!t || !['published', 'claimed', 'in_progress'].includes(t.state)) return false
  return t.holders.some((h) => h.userId === userId && (h.via === 'claim' || h.via === 'approval'))
}

/**
 * Takes one of the worker's `cap` slots for `taskId`, or answers 422 CLAIM_LIMIT_REACHED. Existing
 * slots are read first only to try free indexes before taken ones; the insert decides.
 */
export async function acquireSlot(deps: TaskDeps, userId: string, taskId: string, cap: number, who = '您'): Promise<{ id: string; fresh: boolean }> {
  const { ClaimSlot } = deps.db.models
  const held = await ClaimSlot.find({ userId }, { _id: 1, slot: 1, taskId: 1 }).lean()
  const existing = held.find((s) => s.taskId === taskId)
  if (existing) return { id: existing._id, fresh: false }
  const taken = new Set(held.map((s) => s.slot))
  const order = [...Array(cap).keys()].sort((a, b) => Number(taken.has(a)) - Number(taken.has(b)))
  for (const k of order) {
    if (held.length >= cap) break // a lowered cap: slots above it still count
    try {
      await ClaimSlot.collection.insertOne({ _id: slotId(userId, k), userId, slot: k, taskId, at: deps.clock.now() } as never)
      return { id: slotId(userId, k), fresh: true }
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
  }
  throw new AppError('CLAIM_LIMIT_REACHED', `${who}同时在办的认领已达上限（${cap} 件），请先办结或放弃已认领的工单`, { cap })
}

/** Gives back the slot `userId` holds for `taskId` (if any). */
export async function releaseSlot(deps: TaskDeps, userId: string, taskId: string): Promise<void> {
  const { ClaimSlot } = deps.db.models
  const slots = await ClaimSlot.find({ userId, taskId }, { _id: 1 }).lean()
  // the taskId in the filter keeps a release from freeing a slot someone re-took for another task
  for (const s of slots) await ClaimSlot.deleteOne({ _id: s._id, taskId })
}

/** Gives back one slot this request took (a claim that lost, or turned out to be a repeat). */
export async function dropSlot(deps: TaskDeps, slot: { id: string; fresh: boolean }, taskId: string): Promise<void> {
  if (slot.fresh) await deps.db.models.ClaimSlot.deleteOne({ _id: slot.id, taskId })
}
