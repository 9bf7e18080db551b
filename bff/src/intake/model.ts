import type { AddressMatch, CategoryResultView, ChannelCode, PoliceFlagView, RowIssueView } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'

/** A party as stored: phone and 身份证 encrypted, with keyed hashes for matching and masked forms for showing. */
export interface StoredIntakeParty {
  name: string
  role: string
  phoneMasked?: string
  phoneEnc?: string
  phoneHash?: string
  idMasked?: string
  idEnc?: string
  idHash?: string
}

/** A cleaned record as stored (times epoch ms, like the shared record). */
export interface StoredIntakeRecord {
  channel: ChannelCode
  sourceId: string
  reportedAt: number
  occurredAt: number
  dateOnly: boolean
  sourceUpdatedAt?: number
  dueAt?: number
  parties: StoredIntakeParty[]
  address: string
  place?: string
  territory: AddressMatch
  category: CategoryResultView
  police: PoliceFlagView
  title: string
  content: string
  handlingUnit?: string
  handlingNote?: string
  status?: string
  peopleCount?: number
  amount?: number
  form?: string
  receiver?: string
  /** what cleaning flagged (values of personal fields masked) */
  warnings: RowIssueView[]
}

/** A raw field as the channel sent it; values of personal fields encrypted (`v1:…`). */
export interface RawField {
  k: string
  v: string
}

export interface IntakeVia {
  kind: 'push' | 'import' | 'window' | 'grid' | 'public' | 'seed'
  /** the API key, the import, the person at the desk, the task */
  ref?: string
  by?: { id: string; name: string }
}

/** One version of a source record. */
export interface IntakeVersionBody {
  version: number
  /** SHA-256 of the raw fields (keys sorted): the same content is the same version */
  hash: string
  record: StoredIntakeRecord
  raw: RawField[]
  via: IntakeVia
  receivedAt: Date
  /** photos the record carries (file ids; 公众上报: the citizen's own, checked when filed) */
  photos?: string[]
}

/**
 * A source record, `_id` = `<channel>:<sourceId>` (docs/intake.md#storage). Inserted once with its first
 * version (`first`, never changed): of any number of concurrent deliveries of one record, one inserts,
 * the others find it. Later versions are `intake_versions`; `latest`, `version`, `hashes` and the
 * query fields are a cache of them, repaired by whoever reads a newer version than they show.
 */
export interface IntakeSourceDoc {
  _id: string
  channel: ChannelCode
  sourceId: string
  first: IntakeVersionBody
  /** the current version when it is not the first (the one with the latest source time) */
  latest?: IntakeVersionBody
  version: number
  hashes: string[]
  /** who inserted it (an import batch recognises its own inserts by this) */
  insertToken: string
  receivedAt: Date
  updatedAt: Date
  // query fields, from the current version
  reportedAt: Date
  micro: string
  community: string
  addressConfident: boolean
  categoryCode: string
  family: string
  police: boolean
  /** short flags for filtering: address_unsure, address_none, category_guess, field_dropped */
  flags: string[]
  /** the lead it belongs to (linking; absent until linked) */
  leadId?: string
}

/** Version 2, 3 … of a source, `_id` = `<channel>:<sourceId>:<version, 4 digits>` (append-only). */
export interface IntakeVersionDoc extends IntakeVersionBody {
  _id: string
  source: string
}

/** A nonce of a signed push, `_id` = `<channel>:<nonce>`: a replay finds it (deleted after a day). */
export interface PushNonceDoc {
  _id: string
  keyId: string
  at: Date
}

/** An API key of a channel's system. */
export interface ChannelKeyDoc {
  _id: string
  channel: ChannelCode
  label: string
  secretEnc: string
  createdAt: Date
  createdBy: { id: string; name: string }
  revokedAt?: Date
  revokedBy?: { id: string; name: string }
}

export const IMPORT_STATES = ['analysing', 'ready', 'refused', 'committing', 'done', 'failed'] as const
export type ImportState = (typeof IMPORT_STATES)[number]

export interface ImportCounts {
  rows: number
  good: number
  bad: number
  warned: number
  created: number
  updated: number
  unchanged: number
  rejected: number
}

export interface ImportSampleRow {
  row: number
  mapped: Array<{ field: string; column: string; value: string }>
  result?: { title: string; micro: string | null; confident: boolean; category: string; police: boolean }
  issues: RowIssueView[]
}

/**
 * One file import. The state, progress and counts are written by whoever holds the import's lease
 * (`intake_import_leases`), one writer at a time; the file itself is on disk under DATA_DIR/imports.
 */
export interface IntakeImportDoc {
  _id: string
  channel: ChannelCode
  filename: string
  format: 'csv' | 'xlsx'
  /** what the person chose */
  encoding: 'auto' | 'utf8' | 'gbk'
  /** what the file turned out to be (csv) */
  detectedEncoding?: 'utf8' | 'gbk'
  size: number
  sha256: string
  state: ImportState
  createdBy: { id: string; name: string }
  createdAt: Date
  updatedAt: Date
  /** rows read so far in the current phase; bytes read of the file */
  progress: { phase: 'analyse' | 'commit'; rows: number; bytes: number }
  counts: ImportCounts
  header: string[]
  headerRow: number
  sample: ImportSampleRow[]
  /** the first problems (row, column, value, reason); all of them are in the error sheet */
  problems: Array<RowIssueView & { row: number }>
  refusal?: { code: string; message: string }
  /** rows committed so far (a takeover after a crash starts here) */
  committedRows: number
  /** an earlier import of the very same file */
  sameAs?: string
  finishedAt?: Date
}

/** The lease of an import's current phase: `_id` = `<importId>#<n>`; whoever inserts attempt n runs it. */
export interface ImportLeaseDoc {
  _id: string
  importId: string
  n: number
  phase: 'analyse' | 'commit'
  owner: string
  leaseUntil: Date
  at: Date
}

/** A versioned piece of intake configuration, `_id` = `<kind>:<version, 6 digits>` (profiles, taxonomy additions, routing). */
export interface IntakeConfigVersionDoc {
  _id: string
  kind: string
  version: number
  value: unknown
  at: Date
  by: { id: string; name: string }
  note?: string
}

/** A gazetteer place (shared/src/intake/address/gazetteer.ts), `_id` = its id. */
export interface GazetteerPlaceDoc {
  _id: string
  kind: string
  name: string
  aliases: string[]
  community: string
  ranges?: Array<{ from: number; to: number; micro: string }>
  parts?: Array<{ name: string; micro: string }>
  micro?: string
  village?: string
}

/** Marks (`_id` = what) that one-off seeding work is done or anchored, e.g. the demo month's end. */
export interface IntakeMarkDoc {
  _id: string
  value: unknown
  at: Date
}

const mixed = { type: Schema.Types.Mixed }
const opts = (collection: string) => ({ versionKey: false as const, collection, minimize: false })

const sourceSchema = new Schema<IntakeSourceDoc>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    sourceId: { type: String, required: true },
    first: { ...mixed, required: true },
    latest: mixed,
    version: { type: Number, required: true },
    hashes: { type: [String], default: [] },
    insertToken: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    reportedAt: { type: Date, required: true },
    micro: { type: String, default: '' },
    community: { type: String, default: '' },
    addressConfident: { type: Boolean, default: false },
    categoryCode: { type: String, required: true },
    family: { type: String, required: true },
    police: { type: Boolean, default: false },
    flags: { type: [String], default: [] },
    leadId: { type: String },
  },
  opts('intake_sources'),
)
sourceSchema.index({ receivedAt: -1, _id: -1 })
sourceSchema.index({ channel: 1, receivedAt: -1, _id: -1 })
sourceSchema.index({ flags: 1, receivedAt: -1, _id: -1 })

const versionSchema = new Schema<IntakeVersionDoc>(
  {
    _id: { type: String, required: true },
    source: { type: String, required: true },
    version: { type: Number, required: true },
    hash: { type: String, required: true },
    record: { ...mixed, required: true },
    raw: { ...mixed, required: true },
    via: { ...mixed, required: true },
    receivedAt: { type: Date, required: true },
  },
  opts('intake_versions'),
)

const nonceSchema = new Schema<PushNonceDoc>(
  { _id: { type: String, required: true }, keyId: { type: String, required: true }, at: { type: Date, required: true } },
  opts('intake_push_nonces'),
)
nonceSchema.index({ at: 1 })

const keySchema = new Schema<ChannelKeyDoc>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    label: { type: String, required: true },
    secretEnc: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { ...mixed, required: true },
    revokedAt: { type: Date },
    revokedBy: mixed,
  },
  opts('intake_channel_keys'),
)
keySchema.index({ channel: 1, createdAt: -1 })

const importSchema = new Schema<IntakeImportDoc>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    filename: { type: String, required: true },
    format: { type: String, required: true },
    encoding: { type: String, required: true },
    detectedEncoding: { type: String },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    state: { type: String, enum: IMPORT_STATES, required: true },
    createdBy: { ...mixed, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    progress: { ...mixed, required: true },
    counts: { ...mixed, required: true },
    header: { type: [String], default: [] },
    headerRow: { type: Number, default: 0 },
    sample: { type: [mixed], default: [] },
    problems: { type: [mixed], default: [] },
    refusal: mixed,
    committedRows: { type: Number, default: 0 },
    sameAs: { type: String },
    finishedAt: { type: Date },
  },
  opts('intake_imports'),
)
importSchema.index({ createdAt: -1, _id: -1 })
importSchema.index({ state: 1, updatedAt: 1 })
importSchema.index({ sha256: 1 })

const leaseSchema = new Schema<ImportLeaseDoc>(
  {
    _id: { type: String, required: true },
    importId: { type: String, required: true },
    n: { type: Number, required: true },
    phase: { type: String, required: true },
    owner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    at: { type: Date, required: true },
  },
  opts('intake_import_leases'),
)

const configSchema = new Schema<IntakeConfigVersionDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    version: { type: Number, required: true },
    value: { ...mixed, required: true },
    at: { type: Date, required: true },
    by: { ...mixed, required: true },
    note: { type: String },
  },
  opts('intake_config_versions'),
)
configSchema.index({ kind: 1, version: -1 })

const placeSchema = new Schema<GazetteerPlaceDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    name: { type: String, required: true },
    aliases: { type: [String], default: [] },
    community: { type: String, required: true },
    ranges: { type: [mixed], default: undefined },
    parts: { type: [mixed], default: undefined },
    micro: { type: String },
    village: { type: String },
  },
  opts('intake_places'),
)

/** arrivals.ts */
export interface IntakeArrivalDoc {
  _id: string
  source: string
  at: Date
}
const arrivalSchema = new Schema<IntakeArrivalDoc>(
  { _id: { type: String, required: true }, source: { type: String, required: true }, at: { type: Date, required: true } },
  opts('intake_arrivals'),
)
arrivalSchema.index({ at: 1, _id: 1 })

const markSchema = new Schema<IntakeMarkDoc>({ _id: { type: String, required: true }, value: mixed, at: { type: Date, required: true } }, opts('intake_marks'))

export function intakeModels(conn: Connection) {
  return {
    IntakeSource: conn.model<IntakeSourceDoc>('IntakeSource', sourceSchema),
    IntakeVersion: conn.model<IntakeVersionDoc>('IntakeVersion', versionSchema),
    PushNonce: conn.model<PushNonceDoc>('PushNonce', nonceSchema),
    ChannelKey: conn.model<ChannelKeyDoc>('ChannelKey', keySchema),
    IntakeImport: conn.model<IntakeImportDoc>('IntakeImport', importSchema),
    ImportLease: conn.model<ImportLeaseDoc>('ImportLease', leaseSchema),
    IntakeConfigVersion: conn.model<IntakeConfigVersionDoc>('IntakeConfigVersion', configSchema),
    GazetteerPlace: conn.model<GazetteerPlaceDoc>('GazetteerPlace', placeSchema),
    IntakeMark: conn.model<IntakeMarkDoc>('IntakeMark', markSchema),
    IntakeArrival: conn.model<IntakeArrivalDoc>('IntakeArrival', arrivalSchema),
  }
}
