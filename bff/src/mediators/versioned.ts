/**
 * Documents several people may edit (an organisation, a mediator's profile — by an admin, and its
 * availability by the mediator themself — a task's preferred mediator): on FerretDB two updates of one
 * document can silently revert each other (docs/database.md#non-atomic-updates). So each change is
 * an insert of revision `<id>:<rev+1>` holding the whole new value: the unique `_id` orders the
 * writers; a stale writer gets 409 (or, when it asked to, re-reads and applies its change again).
 * The plain document is a cache of the latest revision; readers of one document fold forward from it
 * (one point read when it is current), and every writer settles it (docs/mediators.md#storage).
 */
import type { Ref } from '@jqtb/shared'
import type { Model } from 'mongoose'
import type { Clock } from '../infra/clock'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { RevisionDoc } from './model'

export const revisionId = (id: string, rev: number) => `${id}:${String(rev).padStart(6, '0')}`

type Cached<T> = T & { _id: string; rev: number; updatedAt: Date }

interface Store {
  // biome-ignore lint/suspicious/noExplicitAny: the cache model of any versioned type
  cache: Model<any>
  // biome-ignore lint/suspicious/noExplicitAny: revision documents
  revisions: Model<any>
  clock: Clock
}

/** The current value of `id` (the cache, folded forward to the newest revision), or null. */
export async function readVersioned<T>(store: Store, id: string): Promise<Cached<T> | null> {
  let doc = (await store.cache.findById(id).lean()) as Cached<T> | null
  let rev = doc?.rev ?? 0
  for (;;) {
    const next = (await store.revisions.findById(revisionId(id, rev + 1)).lean()) as RevisionDoc<T> | null
    if (!next) break
    doc = { ...next.value, _id: id, rev: next.rev, updatedAt: next.at }
    rev = next.rev
  }
  return doc
}

async function settle<T>(store: Store, id: string, value: Cached<T>): Promise<void> {
  let current = value
  for (let round = 0; round < 8; round++) {
    await store.cache.replaceOne({ _id: id }, current, { upsert: true }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err // two first writers upserting at once: the other's write stands
    })
    const next = (await store.revisions.findById(revisionId(id, current.rev + 1)).lean()) as RevisionDoc<T> | null
    if (!next) return
    current = { ...next.value, _id: id, rev: next.rev, updatedAt: next.at }
  }
}

export interface SaveOptions<T> {
  id: string
  by: Ref
  /** the revision the change was made from (a form): stale → 409; absent: apply to whatever is current */
  baseRev?: number
  /** the new value from the current one (null: nothing to change) */
  change: (current: Cached<T> | null) => T | null
  /** what the 409 says */
  staleMessage?: string
}

/** Saves a new revision; answers the value as saved. */
export async function saveVersioned<T>(store: Store, opts: SaveOptions<T>): Promise<Cached<T>> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = await readVersioned<T>(store, opts.id)
    const rev = current?.rev ?? 0
    if (opts.baseRev !== undefined && opts.baseRev !== rev) {
      throw new AppError('CONFLICT', opts.staleMessage ?? '内容已被他人修改，请刷新后再改', { currentRev: rev })
    }
    const value = opts.change(current)
    if (value === null) return current as Cached<T>
    const at = store.clock.now()
    try {
      await store.revisions.create({ _id: revisionId(opts.id, rev + 1), entityId: opts.id, rev: rev + 1, at, by: opts.by, value })
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      if (opts.baseRev !== undefined) throw new AppError('CONFLICT', opts.staleMessage ?? '内容刚被他人修改，请刷新后再改', { currentRev: rev + 1 })
      continue // someone saved in between: apply the change to theirs
    }
    const saved = { ...value, _id: opts.id, rev: rev + 1, updatedAt: at } as Cached<T>
    await settle(store, opts.id, saved)
    return saved
  }
  throw new AppError('CONFLICT', '修改过于频繁，请稍后再试')
}

/** Rewrites caches left behind their revisions (a writer that died between its insert and its cache write). */
export async function repairVersioned(store: Store, since: Date): Promise<number> {
  const recent = (await store.revisions.find({ at: { $gte: since } }, { entityId: 1, rev: 1 }).lean()) as Array<{ entityId: string; rev: number }>
  const newest = new Map<string, number>()
  for (const r of recent) newest.set(r.entityId, Math.max(newest.get(r.entityId) ?? 0, r.rev))
  let repaired = 0
  for (const [id, rev] of newest) {
    const cached = (await store.cache.findById(id, { rev: 1 }).lean()) as { rev?: number } | null
    if ((cached?.rev ?? 0) >= rev) continue
    const value = await readVersioned(store, id)
    if (value) await settle(store, id, value)
    repaired++
  }
  return repaired
}
