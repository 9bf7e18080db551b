/**
 * Claim slots: the active-claim cap as unique keys (see ClaimSlotDoc in model.ts for why).
 * A worker's claims count against the cap while claimed or in progress; submitting, closing,
 * releasing, expiring or escalating gives the slot back.
 */
import type { TaskState } from '@jqtb/shared'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { TaskDeps } from './store'

export const slotId = (userId: string, k: number) => `${userId}:slot:${k}`

/** A slot a claim holds: its key, its index k, and whether this request inserted it. */
export interface Slot {
  id: string
  k: number
  fresh: boolean
}

/** Does this holding count against the holder's cap? Assignments (指派) and self-reports do not. */
export function countsAgainstCap(t: TaskState | null, userId: string): boolean {
  if (!t || !['published', 'claimed', 'in_progress'].includes(t.state)) return false
  return t.holders.some((h) => h.userId === userId && (h.via === 'claim' || h.via === 'approval'))
}

/**
 * Takes one of the worker's `cap` slots for `taskId`, or answers 422 CLAIM_LIMIT_REACHED. It simply
 * tries to insert k = 0, 1, … cap−1: a taken key answers with a cheap duplicate-key error, so the
 * common case (a free slot 0) is one insert and no reads.
 */
export async function acquireSlot(deps: TaskDeps, userId: string, taskId: string, cap: number, who = '您'): Promise<Slot> {
  const { ClaimSlot } = deps.db.models
  for (let k = 0; k < cap; k++) {
    try {
      await ClaimSlot.collection.insertOne({ _id: slotId(userId, k), userId, slot: k, taskId, at: deps.clock.now() } as never)
      return { id: slotId(userId, k), k, fresh: true }
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
  }
  throw new AppError('CLAIM_LIMIT_REACHED', `${who}同时在办的认领已达上限（${cap} 件），请先办结或放弃已认领的工单`, { cap })
}

/**
 * Gives back the slot a holder's claim took (its index is on the holder, from the claim event).
 * The taskId in the filter keeps a late release from freeing a slot re-taken for another task.
 */
export async function releaseSlot(deps: TaskDeps, userId: string, k: number, taskId: string): Promise<void> {
  await deleteSlotOf(deps, slotId(userId, k), taskId)
}

/** Gives back one slot this request took (a claim that lost, or turned out to be a repeat). */
export async function dropSlot(deps: TaskDeps, slot: Slot, taskId: string): Promise<void> {
  if (slot.fresh) await deleteSlotOf(deps, slot.id, taskId)
}

/**
 * Deletes slot `id` if it still belongs to `taskId`: a point read, then `deleteOne({_id})` — the
 * filter on `_id` alone (MONGO-PORTABLE.md §10, and the only delete FerretDB answers from its index).
 * Between the two a slot could in theory be freed and re-taken for another task; the sweeper's
 * reconciliation would then free the wrongly kept one. Exactness of the cap never depends on it:
 * a wrong delete can only lower the count.
 */
export async function deleteSlotOf(deps: TaskDeps, id: string, taskId: string): Promise<number> {
  const { ClaimSlot } = deps.db.models
  const slot = await ClaimSlot.findById(id, { taskId: 1 }).lean()
  if (slot?.taskId !== taskId) return 0
  return (await ClaimSlot.deleteOne({ _id: id })).deletedCount
}
