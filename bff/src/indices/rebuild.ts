/**
 * Rebuilding the stored numbers (docs/indices.md#rebuild): a period's documents are recomputed from
 * the facts, never incremented. So a rebuild is idempotent — running it twice, or on two instances at
 * once over the same facts, writes the same documents — and `npm run reindex` can recompute
 * everything from the logs.
 *
 * A run takes the dirty days (each by `deleteOne({_id})`: whoever deletes a mark owns it), rebuilds
 * every period containing them (day, week, month, quarter, year) from the facts those periods need,
 * writes the documents whose counters changed, deletes those no longer produced, and writes each
 * period's board last. If it fails, it marks its days dirty again for the next run.
 */

import { createHash } from 'node:crypto'
import { aggregate, type IndexCounters, type IndexPeriod, levelOf, PERIOD_LEVELS, packCounters, parseIndexPeriod, periodKeyAt } from '@jqtb/shared'
import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'
import { settleDeferred } from '../kernel/background'
import { canonical, type IndicesDeps, markDirty, STREET } from './facts'
import type { BoardRow, IndexAggregateDoc, IndexBoardDoc, IndexFactDoc, IndexManifestDoc, ManifestEntry } from './model'
import { newGeneration } from './stored'

export const boardId = (period: string, street = STREET) => `${period}:board:${street}`
export const manifestId = (period: string, street = STREET) => `${period}:manifest:${street}`

const hashOf = (c: IndexCounters) => createHash('sha1').update(canonical(c)).digest('base64url').slice(0, 16)

/** Every period of every level containing the days. */
export function periodsOfDays(days: Iterable<string>): string[] {
  const out = new Set<string>()
  for (const d of days) {
    const p = parseIndexPeriod(d)
    if (!p) continue
    for (const level of PERIOD_LEVELS) out.add(periodKeyAt(p.start, level))
  }
  return [...out]
}

/** The street's tree and departments, as the boards list them. */
async function layout(db: Db) {
  const [nodes, departments] = await Promise.all([
    db.models.Territory.find({ level: { $in: ['street', 'community', 'grid'] } }, { _id: 1, name: 1, level: 1, parent: 1, order: 1 })
      .sort({ order: 1, _id: 1 })
      .lean(),
    db.models.Department.find({}, { _id: 1, name: 1, order: 1 }).sort({ order: 1, _id: 1 }).lean(),
  ])
  const street = nodes.find((n) => n._id === STREET)
  return {
    streetName: street?.name ?? STREET,
    communities: nodes.filter((n) => n.level === 'community'),
    grids: nodes.filter((n) => n.level === 'grid'),
    departments,
  }
}

/** Reads the facts any of the periods needs: those with a mark between the first start and the last end. */
export async function factsFor(db: Db, periods: readonly IndexPeriod[]) {
  const start = Math.min(...periods.map((p) => p.start))
  const end = Math.max(...periods.map((p) => p.end))
  const docs = await db.models.IndexFact.find({ to: { $gte: start }, from: { $lt: end } }, { fact: 1 }).lean<Pick<IndexFactDoc, 'fact'>[]>()
  return docs.map((d) => d.fact)
}

export interface RebuildReport {
  periods: number
  written: number
  deleted: number
}

/** Recomputes the documents of `periodKeys` from the facts and writes what changed. */
export async function rebuildPeriods(deps: IndicesDeps, periodKeys: readonly string[]): Promise<RebuildReport> {
  const report: RebuildReport = { periods: 0, written: 0, deleted: 0 }
  const periods = periodKeys.map((k) => parseIndexPeriod(k)).filter((p): p is IndexPeriod => p !== null)
  if (!periods.length) return report
  const { db } = deps
  const [facts, tree] = await Promise.all([factsFor(db, periods), layout(db)])
  const agg = aggregate(facts, { street: STREET, periods: new Set(periods.map((p) => p.key)) })
  const byPeriod = new Map<string, Array<[string, IndexCounters]>>()
  for (const [id, c] of agg) {
    const period = id.slice(0, id.indexOf(':'))
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), [id, c]])
  }
  for (const p of periods) {
    const r = await writePeriod(deps, p.key, byPeriod.get(p.key) ?? [], tree)
    report.periods++
    report.written += r.written
    report.deleted += r.deleted
  }
  // after the writes (boards are always rewritten: names move with the tree): every process reads afresh
  await newGeneration(db, deps.clock.now())
  return report
}

async function writePeriod(deps: IndicesDeps, period: string, entries: Array<[string, IndexCounters]>, tree: Awaited<ReturnType<typeof layout>>) {
  const { IndexAggregate, IndexBoard, IndexManifest } = deps.db.models
  const now = deps.clock.now()
  const level = levelOf(period)
  const before = new Map((await previousManifest(deps, period)).map((m) => [m.id, m.hash]))
  // due dates a day behind this clock are stored as a count (packCounters): the day covers other instances' clocks
  const packing = { overdueBefore: now.getTime() - 24 * 3_600_000 }
  const docs: IndexAggregateDoc[] = entries.map(([id, c]) => {
    const [, dim, ...rest] = id.split(':')
    return { _id: id, period, level, dim: dim as IndexAggregateDoc['dim'], key: rest.join(':'), c: packCounters(c, packing), hash: hashOf(c), builtAt: now }
  })
  let written = 0
  const fresh = docs.filter((d) => !before.has(d._id))
  const changed = docs.filter((d) => before.has(d._id) && before.get(d._id) !== d.hash)
  // new documents in unordered batches (one already there — another instance, a lost board — is replaced below)
  for (let i = 0; i < fresh.length; i += 100) {
    const batch = fresh.slice(i, i + 100)
    try {
      written += (await IndexAggregate.collection.insertMany(batch as never[], { ordered: false })).insertedCount
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      const e = err as { insertedCount?: number }
      written += e.insertedCount ?? 0
      changed.push(...batch)
    }
  }
  for (const d of changed) {
    await IndexAggregate.collection.replaceOne({ _id: d._id } as never, d as never, { upsert: true }).catch((err) => {
      if (!isDuplicateKey(err)) throw err
    })
    written++
  }
  const keep = new Set(docs.map((d) => d._id))
  let deleted = 0
  for (const id of before.keys()) {
    if (!keep.has(id)) deleted += (await IndexAggregate.deleteOne({ _id: id })).deletedCount
  }
  const of = new Map(entries)
  // a row where nothing counted carries no counters: a day's board stays small
  const counters = (dim: string, key: string) => {
    const c = of.get(`${period}:${dim}:${key}`)
    return c ? { c: packCounters(strip(c), packing) } : {}
  }
  const rows: BoardRow[] = [
    ...tree.communities.map((n) => ({ dim: 'community' as const, key: n._id, name: n.name, ...counters('community', n._id) })),
    ...tree.grids.map((n) => ({ dim: 'grid' as const, key: n._id, name: n.name, parent: n.parent, ...counters('grid', n._id) })),
    ...tree.departments.map((d) => ({ dim: 'department' as const, key: d._id, name: d.name, ...counters('department', d._id) })),
  ]
  const board: IndexBoardDoc = {
    _id: boardId(period),
    period,
    street: STREET,
    streetName: tree.streetName,
    rowsText: JSON.stringify(rows),
    builtAt: now,
  }
  // the manifest after the deletions, as the board was before it had its own document: a crash before
  // it leaves the old list, and the next rebuild deletes again what is no longer counted
  const manifest: IndexManifestDoc = { _id: manifestId(period), period, entries: docs.map((d) => ({ id: d._id, hash: d.hash })), builtAt: now }
  await IndexManifest.collection.replaceOne({ _id: manifest._id } as never, manifest as never, { upsert: true }).catch((err) => {
    if (!isDuplicateKey(err)) throw err
  })
  await IndexBoard.collection.replaceOne({ _id: board._id } as never, board as never, { upsert: true }).catch((err) => {
    if (!isDuplicateKey(err)) throw err
  })
  return { written, deleted }
}

/** The period's aggregate documents as the last rebuild wrote them (from the board, for a board older than manifests). */
async function previousManifest(deps: IndicesDeps, period: string): Promise<ManifestEntry[]> {
  const own = await deps.db.models.IndexManifest.findById(manifestId(period)).lean<IndexManifestDoc>()
  if (own) return own.entries
  return (await deps.db.models.IndexBoard.findById(boardId(period), { manifest: 1 }).lean<IndexBoardDoc>())?.manifest ?? []
}

/** A board row's counters: without the mixes (the board shows none). */
function strip(c: IndexCounters): IndexCounters {
  const out = { ...c }
  out.mix = { category: {}, origin: {}, channel: {} }
  return out
}

/** Dirty days one run of the job takes at most. */
export const DAYS_PER_RUN = 31

/** Takes the dirty days (each by deleting its mark) and rebuilds their periods; on failure they are marked again. */
export async function rebuildDirty(deps: IndicesDeps): Promise<RebuildReport & { days: string[] }> {
  const { IndexDirty } = deps.db.models
  // the facts this process is still refreshing after a command's answer are part of what to rebuild
  await settleDeferred(deps.db, 'views')
  // newest days first, a month of days per run: a backlog (an upgrade, the demo history) is worked off over several runs
  const marks = (await IndexDirty.find({}, { _id: 1 }).lean()).sort((a, b) => (a._id < b._id ? 1 : -1)).slice(0, DAYS_PER_RUN)
  const owned: string[] = []
  for (const m of marks) if ((await IndexDirty.deleteOne({ _id: m._id })).deletedCount === 1) owned.push(m._id)
  if (!owned.length) return { days: [], periods: 0, written: 0, deleted: 0 }
  try {
    return { days: owned, ...(await rebuildPeriods(deps, periodsOfDays(owned))) }
  } catch (err) {
    await markDirty(deps.db, owned, deps.clock.now()).catch(() => {})
    throw err
  }
}
