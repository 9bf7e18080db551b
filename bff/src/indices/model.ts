import type { CaseFact, Dimension, FactKind, PeriodLevel, StoredCounters } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'
import { type GenerationStampDoc, generationStampSchema } from '../kernel/generation-stamp'

/**
 * The facts of one case (shared/src/indices/facts.ts): `_id` = `task:<taskId>` (later `lead:<id>`,
 * `mediation:<id>` …). A cache of the case's own log, rewritten whenever the log moved on
 * (facts.ts); `from`/`to` are the earliest and latest instant it counts at, so a rebuild reads only
 * the facts its periods need. `v` is how far the log was folded (a task's seq).
 */
export interface IndexFactDoc {
  _id: string
  kind: FactKind
  fact: CaseFact
  from: number
  to: number
  v: number
  at: Date
}

/**
 * The counters of one period and dimension key: `_id` = `<period>:<dimension>:<key>`
 * (`2026-11:community:GT-01`). The dashboard reads these by `_id` — the one lookup the embedded
 * database answers from an index. Rebuilt from the facts (rebuild.ts), never incremented: a rebuild
 * writes what the facts say, so running it twice, or on two instances at once, changes nothing.
 */
export interface IndexAggregateDoc {
  _id: string
  period: string
  level: PeriodLevel
  dim: Dimension
  key: string
  /** zeros left out (read through `unpackCounters`) */
  c: StoredCounters
  /** of the whole counters, to skip writing what did not change */
  hash: string
  builtAt: Date
}

/** One row of a board: a community, grid or department of the street, with its name as of the rebuild. */
export interface BoardRow {
  dim: 'community' | 'grid' | 'department'
  key: string
  name: string
  /** the community a grid lies in */
  parent?: string
  /** absent when nothing counted there in the period, zeros left out (read through `unpackCounters`) */
  c?: StoredCounters
}

/**
 * The period's board: `_id` = `<period>:board:<street>` — every community and grid of the territory
 * tree and every department (empty ones too, so the heat view and the league tables always show the
 * whole street), in one document the dashboard reads whole. The rows are stored as JSON text
 * (`rowsText`): the embedded database keeps a type for every field and every array element beside the
 * document and decodes all of it on each read, while a string is one value (docs/indices.md#reading).
 * Read through `boardRows`; boards written before carry `rows` as a list.
 */
export interface IndexBoardDoc {
  _id: string
  period: string
  street: string
  streetName: string
  rowsText?: string
  rows?: BoardRow[]
  /** boards written before IndexManifestDoc existed carried it here; read once by the next rebuild */
  manifest?: ManifestEntry[]
  builtAt: Date
}

/** A board's rows, as written now (text) or before (a list). */
export const boardRows = (board: Pick<IndexBoardDoc, 'rowsText' | 'rows'> | null | undefined): BoardRow[] =>
  board?.rowsText ? (JSON.parse(board.rowsText) as BoardRow[]) : (board?.rows ?? [])

export interface ManifestEntry {
  id: string
  hash: string
}

/**
 * The period's aggregate documents with their hashes (`_id` = `<period>:manifest:<street>`), so a
 * rebuild knows what to rewrite and what no longer exists. Its own document, not part of the board:
 * it grows with every person and key counted in the period, and the dashboard, which reads the board
 * on every load, never needs it (the embedded database decodes a whole document whatever is asked for).
 */
export interface IndexManifestDoc {
  _id: string
  period: string
  entries: ManifestEntry[]
  builtAt: Date
}

/**
 * A day whose periods must be rebuilt: `_id` = the day (`2026-11-27`). Inserted (11000 = already
 * marked) when facts change; taken by `deleteOne({_id})` — whoever deletes it rebuilds its day,
 * week, month, quarter and year (rebuild.ts).
 */
export interface IndexDirtyDoc {
  _id: string
  at: Date
}

const factSchema = new Schema<IndexFactDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    fact: { type: Schema.Types.Mixed, required: true },
    from: { type: Number, required: true },
    to: { type: Number, required: true },
    v: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'indices_facts', minimize: false },
)
factSchema.index({ to: 1, from: 1 })

const aggregateSchema = new Schema<IndexAggregateDoc>(
  {
    _id: { type: String, required: true },
    period: { type: String, required: true },
    level: { type: String, required: true },
    dim: { type: String, required: true },
    key: { type: String, required: true },
    c: { type: Schema.Types.Mixed, required: true },
    hash: { type: String, required: true },
    builtAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'indices_aggregates', minimize: false },
)

const boardSchema = new Schema<IndexBoardDoc>(
  {
    _id: { type: String, required: true },
    period: { type: String, required: true },
    street: { type: String, required: true },
    streetName: { type: String, default: '' },
    rowsText: { type: String },
    rows: { type: Schema.Types.Mixed },
    manifest: { type: Schema.Types.Mixed },
    builtAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'indices_boards', minimize: false },
)

const manifestSchema = new Schema<IndexManifestDoc>(
  {
    _id: { type: String, required: true },
    period: { type: String, required: true },
    entries: { type: Schema.Types.Mixed, default: [] },
    builtAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'indices_manifests', minimize: false },
)

const dirtySchema = new Schema<IndexDirtyDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'indices_dirty' },
)

/**
 * A kind of record the indices have seen at least once (`_id` = `leads`, `mediations`, `followUps`,
 * `records`): until then the indices computed from it read 暂无数据. Inserted once (11000: already seen).
 */
export interface IndexSourceDoc {
  _id: string
  at: Date
}

const sourceSchema = new Schema<IndexSourceDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'indices_sources' },
)

/**
 * The generation of the street's stored numbers (`_id` = the street): a new random `gen` after every
 * rebuild that wrote, so a process can keep what it read until the numbers change (stored.ts).
 */
export type IndexStampDoc = GenerationStampDoc

const stampSchema = generationStampSchema('indices_stamps')

export function indicesModels(conn: Connection) {
  return {
    IndexFact: conn.model<IndexFactDoc>('IndexFact', factSchema),
    IndexAggregate: conn.model<IndexAggregateDoc>('IndexAggregate', aggregateSchema),
    IndexBoard: conn.model<IndexBoardDoc>('IndexBoard', boardSchema),
    IndexManifest: conn.model<IndexManifestDoc>('IndexManifest', manifestSchema),
    IndexDirty: conn.model<IndexDirtyDoc>('IndexDirty', dirtySchema),
    IndexSource: conn.model<IndexSourceDoc>('IndexSource', sourceSchema),
    IndexStamp: conn.model<IndexStampDoc>('IndexStamp', stampSchema),
  }
}
