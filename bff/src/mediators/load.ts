/**
 * A mediator's load as unique keys: each active membership (invited or on a team) holds one of the
 * mediator's `cap` slots, `<mediatorId>:slot:<k>`. Counting cannot enforce a cap on FerretDB (ten
 * parallel proposals all count two), inserting one of `cap` fixed keys can: at most `cap` slot
 * documents exist per person at any concurrency (docs/database.md#claim-slots, which this copies).
 * Giving a slot back goes through a release ticket keyed by the membership, so a late second deleter
 * can never free a newer membership's slot on the same index.
 */
import { randomUUID } from 'node:crypto'
import type { PartyRef } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, isDuplicateKey } from '../infra/errors'

export const loadSlotId = (mediatorId: string, k: number) => `${mediatorId}:slot:${k}`

export interface LoadSlot {
  k: number
  token: string
}

export interface Membership {
  mediatorId: string
  name: string
  teamId: string
  taskId: string
  taskNo: string
  parties: PartyRef[]
}

/** What a proposer reads when the mediator's last seat was just taken by another team. */
export const loadFullMessage = (name: string, cap: number) => `${name}的在办调解已满（${cap} 件），刚被安排到其他小组，请更换人选`

/** Takes one of the mediator's slots for this membership, or 409 naming them. */
export async function acquireLoad(deps: AppDeps, m: Membership, cap: number): Promise<LoadSlot> {
  const { MediatorLoadSlot } = deps.db.models
  const token = randomUUID()
  for (let k = 0; k < cap; k++) {
    try {
      await MediatorLoadSlot.collection.insertOne({
        _id: loadSlotId(m.mediatorId, k),
        mediatorId: m.mediatorId,
        k,
        teamId: m.teamId,
        taskId: m.taskId,
        taskNo: m.taskNo,
        token,
        parties: m.parties,
        at: deps.clock.now(),
      } as never)
      return { k, token }
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
  }
  throw new AppError('CONFLICT', loadFullMessage(m.name, cap), { mediatorId: m.mediatorId, cap })
}

/** Gives back the slot of one membership (slot index and token from the team's log); idempotent. */
export async function releaseLoad(deps: AppDeps, mediatorId: string, slot: LoadSlot): Promise<boolean> {
  const { MediatorLoadSlot, MediatorLoadRelease } = deps.db.models
  const id = loadSlotId(mediatorId, slot.k)
  const current = await MediatorLoadSlot.findById(id, { token: 1 }).lean()
  if (current?.token !== slot.token) return false
  try {
    await MediatorLoadRelease.collection.insertOne({ _id: `${id}:${slot.token}`, at: deps.clock.now() } as never)
  } catch (err) {
    if (isDuplicateKey(err)) return false // another deleter of this membership's slot has it
    throw err
  }
  if ((await MediatorLoadSlot.findById(id, { token: 1 }).lean())?.token !== slot.token) return false
  return (await MediatorLoadSlot.deleteOne({ _id: id })).deletedCount === 1
}

/** Release tickets older than this are of slots long gone. */
export const RELEASE_TICKET_TTL_MS = 24 * 3_600_000
