/**
 * Claim slots: the active-claim cap as unique keys (see ClaimSlotDoc in model.ts for why).
 * A worker's claims count against the cap while claimed or in progress (or escalated from there);
 * submitting, closing, releasing, expiring, or the centre moving the task to others gives the slot back.
 *
 * Each slot carries a token, fresh for every claim, that the claim event copies: the slot of one
 * claim is told from a later claim's slot on the same index, so giving a slot back can never free
 * the slot of another claim (which would let its worker exceed the cap).
 */
import { randomUUID } from 'node:crypto'
import type { TaskState } from '@jqtb/shared'
import { AppError, isDuplicateKey } from '../infra/errors'
import { readLog, type TaskDeps } from './log'
import type { ClaimSlotDoc } from './model'

export const slotId = (userId: string, k: number) => `${userId}:slot:${k}`

/** A slot a claim holds: its key, its index k, and the token of this claim. */
export interface Slot {
  id: string
  k: number
  token: string
}

const COUNTING_STATES = ['published', 'claimed', 'in_progress']

/** Does this holding count against the holder's cap? Assignments (指派) and self-reports do not. */
export function countsAgainstCap(t: TaskState | null, userId: string): boolean {
  if (!t) return false
  const working = COUNTING_STATES.includes(t.state) || (t.state === 'escalated' && COUNTING_STATES.includes(t.escalation?.from ?? ''))
  return working && t.holders.some((h) => h.userId === userId && (h.via === 'claim' || h.via === 'approval'))
}

/**
 * Takes one of the worker's `cap` slots for `taskId`, or answers 422 CLAIM_LIMIT_REACHED. It simply
 * tries to insert k = 0, 1, … cap−1: a taken key answers with a cheap duplicate-key error, so the
 * common case (a free slot 0) is one insert and no reads.
 */
export async function acquireSlot(deps: TaskDeps, userId: string, taskId: string, cap: number, who = '您'): Promise<Slot> {
  const { ClaimSlot } = deps.db.models
  const token = randomUUID()
  for (let k = 0; k < cap; k++) {
    try {
      await ClaimSlot.collection.insertOne({ _id: slotId(userId, k), userId, slot: k, taskId, token, at: deps.clock.now() } as never)
      return { id: slotId(userId, k), k, token }
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
  }
  throw new AppError('CLAIM_LIMIT_REACHED', `${who}同时在办的认领已达上限（${cap} 件），请先办结或放弃已认领的工单`, { cap })
}

/** Gives back the slot a holder's claim took (its index and token are on the holder, from the claim event). */
export async function releaseSlot(deps: TaskDeps, userId: string, k: number, taskId: string, token: string | undefined): Promise<number> {
  return freeSlot(deps, slotId(userId, k), taskId, token)
}

/**
 * Gives back the slot this request took for a claim that did not win. When the claim's fate is
 * unknown (the driver failed after the insert may have committed), the log decides: a claim event
 * carrying this slot's token keeps the slot; an unreadable log keeps it too (the sweeper frees it
 * after the grace period if no claim holds it).
 */
export async function dropSlot(deps: TaskDeps, slot: Slot, taskId: string, fateUnknown: boolean): Promise<void> {
  if (fateUnknown) {
    const log = await readLog(deps, taskId).catch(() => null)
    if (!log || log.state?.holders.some((h) => h.capToken === slot.token)) return
  }
  await freeSlot(deps, slot.id, taskId, slot.token)
}

/** Is slot document `s` the one this claim (task, token) took? */
export const sameClaim = (s: Pick<ClaimSlotDoc, 'taskId' | 'token'> | null | undefined, taskId: string, token: string | undefined) =>
  !!s && s.taskId === taskId && (s.token ?? '') === (token ?? '')

/**
 * Deletes slot `id` if it still belongs to the claim (`taskId`, `token`). The only delete is
 * `deleteOne({_id})` (docs/database.md#release-tickets), so "check, then delete" must not race with another
 * deleter of the same claim's slot (the live effect, a sweeper on another instance): if one deleted it
 * and the worker took the index again for a new claim in between, the other's delete would free the new
 * claim's slot, and the worker could go over the cap. So the deleters of one claim's slot first insert
 * a release ticket keyed by that claim (`<slot>:<token>`): one of them wins it and deletes, after
 * checking again that the slot is still that claim's; while the slot holds this token, nobody but the
 * ticket's winner deletes it.
 */
export async function freeSlot(deps: TaskDeps, id: string, taskId: string, token: string | undefined): Promise<number> {
  const { ClaimSlot, ClaimSlotRelease } = deps.db.models
  const slot = await ClaimSlot.findById(id, { taskId: 1, token: 1, at: 1 }).lean()
  if (!slot || !sameClaim(slot, taskId, token)) return 0
  // slots written before tokens existed: their time tells one claim from the next
  const ticket = `${id}:${slot.token ?? `${taskId}@${new Date(slot.at).getTime()}`}`
  try {
    await ClaimSlotRelease.collection.insertOne({ _id: ticket, at: deps.clock.now() } as never)
  } catch (err) {
    if (isDuplicateKey(err)) return 0 // another deleter of this claim's slot has it
    throw err
  }
  if (!sameClaim(await ClaimSlot.findById(id, { taskId: 1, token: 1 }).lean(), taskId, token)) return 0
  return (await ClaimSlot.deleteOne({ _id: id })).deletedCount
}

/** Release tickets older than this are of slots long gone; the sweeper deletes them. */
export const RELEASE_TICKET_TTL_MS = 24 * 3_600_000
