/**
 * Storing a channel record (docs/intake.md#storage): cleaned, personal data encrypted, kept once per
 * `<channel>:<sourceId>`. The first delivery inserts the source (the unique `_id` decides between
 * concurrent deliveries); the same content again is `unchanged`; different content is the next
 * version, decided by inserting `<key>:<version>` like a task event. Imports insert whole batches of
 * new sources at once and fall back to one-by-one for the rows that were there already.
 */
import { createHash, randomUUID } from 'node:crypto'
import { type ChannelCode, familyOf, ID_FIELDS, type IngestResult, type IntakeField, PHONE_FIELDS } from '@jqtb/shared'
import { maskIdNumber } from '@jqtb/shared/src/intake/clean/id-number'
import { type CleanContext, type CleanRecord, cleanRecord, type RowIssue } from '@jqtb/shared/src/intake/clean/record'
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import { encryptValue, keyedHash } from '../kernel/pii'
import { maskPhone, phoneHash } from '../tasks/pii'
import { recordArrivals } from './arrivals'
import './events'
import type { IntakeSourceDoc, IntakeVersionBody, IntakeVersionDoc, IntakeVia, RawField, StoredIntakeParty, StoredIntakeRecord } from './model'

export type IntakeDeps = Pick<AppDeps, 'db' | 'clock' | 'logger' | 'events'> & { piiKey: string }

/**
 * Tells the later domains which records changed (events.ts). Their failure is logged, never the
 * caller's: the record is stored, and the leads domain repairs what it missed.
 */
export async function announce(deps: IntakeDeps, outcomes: IngestOutcome[], channel: ChannelCode, via: IntakeVia['kind'], bulk: boolean): Promise<void> {
  const keys = outcomes.filter((o) => (o.result === 'created' || o.result === 'updated') && o.key).map((o) => o.key as string)
  if (!keys.length) return
  try {
    await deps.events.publish('intake.recorded', { keys, channel, via, bulk })
  } catch (err) {
    deps.logger.warn({ err, keys: keys.slice(0, 5) }, 'a listener of intake.recorded failed')
  }
}

export const intakeDeps = (deps: AppDeps): IntakeDeps => ({
  db: deps.db,
  clock: deps.clock,
  logger: deps.logger,
  events: deps.events,
  piiKey: deps.config.piiKey,
})

export interface IngestOutcome {
  result: IngestResult
  key: string | null
  sourceId: string | null
  version: number | null
  issues: RowIssue[]
}

export const sourceKey = (channel: string, sourceId: string) => `${channel}:${sourceId}`
export const versionId = (key: string, version: number) => `${key}:${String(version).padStart(4, '0')}`

const cellText = (v: unknown) => (v === undefined || v === null ? '' : v instanceof Date ? v.toISOString() : String(v))

/** The content of a record, independent of key order: the same record sent again has the same hash. */
export function contentHash(row: Record<string, unknown>): string {
  const entries = Object.entries(row)
    .map(([k, v]) => [k.trim(), cellText(v).trim()] as const)
    .filter(([, v]) => v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex')
}

/** Columns whose values are personal data under this profile (phones, ID numbers, 当事人 lists). */
function personalColumns(ctx: CleanContext): Set<string> {
  const fields = new Set<IntakeField>([...PHONE_FIELDS, ...ID_FIELDS, 'partiesText'])
  return new Set(ctx.profile.columns.filter((c) => fields.has(c.field)).flatMap((c) => c.headers))
}

function protectRaw(secret: string, ctx: CleanContext, row: Record<string, unknown>): RawField[] {
  const personal = personalColumns(ctx)
  return Object.entries(row)
    .filter(([, v]) => cellText(v).trim() !== '')
    .map(([k, v]) => ({ k, v: personal.has(k) ? encryptValue(secret, 'intake-raw', cellText(v)) : cellText(v).slice(0, 4000) }))
}

/** A raw value as a person may see it: phone and 身份证 numbers masked. */
export function maskFieldValue(field: string, value: string): string {
  if (!value) return value
  if (field === 'reporterPhone' || field === 'otherPartyPhone') return maskPhone(value.replace(/\D/g, ''))
  if (field === 'reporterIdNo' || field === 'otherPartyIdNo') return maskIdNumber(value.replace(/\s/g, ''))
  if (field === 'partiesText' || field === 'reporterName' || field === 'otherPartyName')
    return value.replace(/\d[\d -]{6,}\d/g, (d) => maskPhone(d.replace(/\D/g, '')))
  return value
}

/** What a person may see of an issue: the value of a personal field masked. */
export const maskIssue = (issue: RowIssue): RowIssue => ({ ...issue, value: maskFieldValue(issue.field, issue.value) })

export const idHash = (secret: string, idNo: string) => keyedHash(secret, 'party-id', idNo)

function protectRecord(secret: string, record: CleanRecord, issues: RowIssue[]): StoredIntakeRecord {
  const parties: StoredIntakeParty[] = record.parties.map((p) => ({
    name: p.name,
    role: p.role,
    ...(p.phone ? { phoneMasked: maskPhone(p.phone), phoneEnc: encryptValue(secret, 'party-phone', p.phone), phoneHash: phoneHash(secret, p.phone) } : {}),
    ...(p.idNo ? { idMasked: maskIdNumber(p.idNo), idEnc: encryptValue(secret, 'party-id', p.idNo), idHash: idHash(secret, p.idNo) } : {}),
  }))
  const { parties: _plain, ...rest } = record
  return { ...rest, parties, warnings: issues.filter((i) => i.severity === 'warning').map(maskIssue) }
}

export function flagsOf(record: StoredIntakeRecord): string[] {
  const flags: string[] = []
  if (!record.territory.micro && !record.territory.candidates.length) flags.push('address_none')
  else if (!record.territory.confident) flags.push('address_unsure')
  if (!record.category.confident) flags.push('category_guess')
  if (record.warnings.some((w) => w.reason.endsWith('已忽略'))) flags.push('field_dropped')
  if (record.police.police) flags.push('police')
  return flags
}

/** The query fields of a source, from its current version. */
function queryFields(body: IntakeVersionBody) {
  const r = body.record
  const micro = r.territory.micro ?? ''
  return {
    reportedAt: new Date(r.reportedAt),
    micro,
    community: micro.split('-').slice(0, 2).join('-'),
    addressConfident: r.territory.confident,
    categoryCode: r.category.code,
    family: familyOf(r.category.code),
    police: r.police.police,
    flags: flagsOf(r),
  }
}

interface Prepared {
  key: string
  sourceId: string
  body: IntakeVersionBody
  issues: RowIssue[]
}

function prepare(
  deps: IntakeDeps,
  ctx: CleanContext,
  row: Record<string, unknown>,
  via: IntakeVia,
  photos: string[] = [],
): Prepared | { rejected: RowIssue[] } {
  const out = cleanRecord(ctx, row)
  if (!out.record) return { rejected: out.issues.map(maskIssue) }
  const record = protectRecord(deps.piiKey, out.record, out.issues)
  const body: IntakeVersionBody = {
    version: 1,
    hash: contentHash(row),
    record,
    raw: protectRaw(deps.piiKey, ctx, row),
    via,
    receivedAt: deps.clock.now(),
    ...(photos.length ? { photos } : {}),
  }
  return { key: sourceKey(ctx.channel, out.record.sourceId), sourceId: out.record.sourceId, body, issues: out.issues.map(maskIssue) }
}

function sourceDoc(p: Prepared, token: string): IntakeSourceDoc {
  return {
    _id: p.key,
    channel: p.body.record.channel,
    sourceId: p.sourceId,
    first: p.body,
    version: 1,
    hashes: [p.body.hash],
    insertToken: token,
    receivedAt: p.body.receivedAt,
    updatedAt: p.body.receivedAt,
    ...queryFields(p.body),
  }
}

/** A source as it is now: the cached document plus any versions appended after the cache was written. */
export interface SourceState {
  doc: IntakeSourceDoc
  versions: IntakeVersionBody[]
  current: IntakeVersionBody
  version: number
  hashes: Set<string>
}

/** Versions after `after`, read by `_id` (`<key>:<after+1>` … until one is missing). */
async function versionsAfter(deps: IntakeDeps, key: string, after: number): Promise<IntakeVersionDoc[]> {
  const out: IntakeVersionDoc[] = []
  for (let v = after + 1; ; v++) {
    const doc = await deps.db.models.IntakeVersion.findById(versionId(key, v)).lean<IntakeVersionDoc>()
    if (!doc) return out
    out.push(doc)
  }
}

/** The version a source shows: the one with the latest source time (a late-arriving old version stays history). */
function currentOf(versions: IntakeVersionBody[]): IntakeVersionBody {
  const time = (b: IntakeVersionBody) => b.record.sourceUpdatedAt ?? b.record.reportedAt
  return versions.reduce((best, v) => (time(v) > time(best) || (time(v) === time(best) && v.version > best.version) ? v : best))
}

export async function readSource(deps: IntakeDeps, key: string, opts: { allVersions?: boolean } = {}): Promise<SourceState | null> {
  const doc = await deps.db.models.IntakeSource.findById(key).lean<IntakeSourceDoc>()
  if (!doc) return null
  const tail = await versionsAfter(deps, key, doc.version)
  let versions: IntakeVersionBody[] = [doc.first, ...(doc.latest && doc.latest.version > 1 ? [doc.latest] : []), ...tail]
  if (opts.allVersions || tail.length) {
    const middle = await Promise.all(
      Array.from({ length: Math.max(0, doc.version - 1) }, (_, i) => deps.db.models.IntakeVersion.findById(versionId(key, i + 2)).lean<IntakeVersionDoc>()),
    )
    versions = [doc.first, ...(middle.filter(Boolean) as IntakeVersionDoc[]), ...tail]
  }
  const version = Math.max(doc.version, ...tail.map((t) => t.version))
  const hashes = new Set([...doc.hashes, ...tail.map((t) => t.hash)])
  const current = tail.length ? currentOf(versions) : (doc.latest ?? doc.first)
  if (tail.length) await writeCache(deps, key, version, versions)
  return { doc, versions, current, version, hashes }
}

/** Rewrites a source's cache from its versions; a writer that finds a newer version writes again. */
async function writeCache(deps: IntakeDeps, key: string, version: number, versions: IntakeVersionBody[]): Promise<void> {
  for (let guard = 0; guard < 5; guard++) {
    const current = currentOf(versions)
    const set = {
      version,
      hashes: [...new Set(versions.map((v) => v.hash))],
      updatedAt: deps.clock.now(),
      ...queryFields(current),
      ...(current.version > 1 ? { latest: current } : {}),
    }
    await deps.db.models.IntakeSource.updateOne({ _id: key }, current.version > 1 ? { $set: set } : { $set: set, $unset: { latest: 1 } })
    const newer = await versionsAfter(deps, key, version)
    if (!newer.length) return
    versions = [...versions, ...newer]
    version = newer[newer.length - 1].version
  }
}

/** A record for an existing source: unchanged, or its next version. */
async function appendVersion(deps: IntakeDeps, p: Prepared): Promise<IngestOutcome> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const state = await readSource(deps, p.key)
    if (!state) return ingestPrepared(deps, p)
    if (state.hashes.has(p.body.hash)) return { result: 'unchanged', key: p.key, sourceId: p.sourceId, version: state.version, issues: p.issues }
    const version = state.version + 1
    const doc: IntakeVersionDoc = { ...p.body, _id: versionId(p.key, version), source: p.key, version }
    try {
      await deps.db.models.IntakeVersion.collection.insertOne(doc as never)
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      continue // someone appended this version first: look again (it may be ours in content)
    }
    const all = await readSource(deps, p.key, { allVersions: true })
    if (all) await writeCache(deps, p.key, Math.max(version, all.version), all.versions)
    return { result: 'updated', key: p.key, sourceId: p.sourceId, version, issues: p.issues }
  }
  throw new Error(`intake: could not append a version of ${p.key}`)
}

async function ingestPrepared(deps: IntakeDeps, p: Prepared): Promise<IngestOutcome> {
  try {
    const doc = sourceDoc(p, randomUUID())
    await recordArrivals(deps.db, [{ source: doc._id, at: doc.receivedAt, token: doc.insertToken }])
    await deps.db.models.IntakeSource.collection.insertOne(doc as never)
    return { result: 'created', key: p.key, sourceId: p.sourceId, version: 1, issues: p.issues }
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    return appendVersion(deps, p)
  }
}

/** One record from a channel (push, the window form, a grid report, a citizen's filing with its photos). */
export async function ingestRecord(
  deps: IntakeDeps,
  ctx: CleanContext,
  row: Record<string, unknown>,
  via: IntakeVia,
  attachments: { photos?: string[] } = {},
): Promise<IngestOutcome> {
  const p = prepare(deps, ctx, row, via, attachments.photos)
  if ('rejected' in p) return { result: 'rejected', key: null, sourceId: null, version: null, issues: p.rejected }
  const out = await ingestPrepared(deps, p)
  await announce(deps, [out], ctx.channel, via.kind, false)
  return out
}

/**
 * Inserts new sources in one unordered batch. Answers the positions that failed as duplicates, or null
 * when the driver's answer does not say which (then the caller reads back).
 */
async function insertSources(deps: IntakeDeps, docs: IntakeSourceDoc[]): Promise<Set<number> | null> {
  await recordArrivals(
    deps.db,
    docs.map((d) => ({ source: d._id, at: d.receivedAt, token: d.insertToken })),
  )
  try {
    await deps.db.models.IntakeSource.collection.insertMany(docs as never[], { ordered: false })
    return new Set()
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const e = err as { writeErrors?: Array<{ index?: number; code?: number }> | { index?: number; code?: number } }
    const errors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : []
    if (errors.some((w) => w.code !== 11000)) throw err
    const positions = new Set(errors.map((w) => w.index ?? -1))
    const trustworthy = errors.length > 0 && positions.size === errors.length && [...positions].every((n) => n >= 0 && n < docs.length)
    return trustworthy ? positions : null
  }
}

/**
 * Many records of one channel (an import batch): new sources in one unordered insert; those that
 * exist already (or came twice in the batch) one by one. Results in the order given.
 */
export async function ingestBatch(deps: IntakeDeps, ctx: CleanContext, rows: Array<Record<string, unknown>>, via: IntakeVia): Promise<IngestOutcome[]> {
  const out: IngestOutcome[] = new Array(rows.length)
  const fresh: Array<{ i: number; p: Prepared }> = []
  const later: Array<{ i: number; p: Prepared }> = []
  const seen = new Set<string>()
  rows.forEach((row, i) => {
    const p = prepare(deps, ctx, row, via)
    if ('rejected' in p) out[i] = { result: 'rejected', key: null, sourceId: null, version: null, issues: p.rejected }
    else if (seen.has(p.key)) later.push({ i, p })
    else {
      seen.add(p.key)
      fresh.push({ i, p })
    }
  })
  if (fresh.length) {
    const token = randomUUID()
    const failed = await insertSources(
      deps,
      fresh.map(({ p }) => sourceDoc(p, token)),
    )
    if (failed === null) {
      // the driver could not say which ones failed: those carrying this batch's token are ours
      for (const { i, p } of fresh) {
        const stored = await deps.db.models.IntakeSource.findById(p.key, { insertToken: 1 }).lean<{ insertToken: string }>()
        if (stored?.insertToken === token) out[i] = { result: 'created', key: p.key, sourceId: p.sourceId, version: 1, issues: p.issues }
        else later.push({ i, p })
      }
    } else {
      fresh.forEach(({ i, p }, n) => {
        if (failed.has(n)) later.push({ i, p })
        else out[i] = { result: 'created', key: p.key, sourceId: p.sourceId, version: 1, issues: p.issues }
      })
    }
  }
  // known sources: the same content again is answered from the stored hashes (one small read each)
  for (const { i, p } of later.sort((a, b) => a.i - b.i)) {
    const known = await deps.db.models.IntakeSource.findById(p.key, { hashes: 1, version: 1 }).lean<{ hashes: string[]; version: number }>()
    if (known?.hashes.includes(p.body.hash)) out[i] = { result: 'unchanged', key: p.key, sourceId: p.sourceId, version: known.version, issues: p.issues }
  }
  for (const { i, p } of later.sort((a, b) => a.i - b.i)) if (!out[i]) out[i] = await ingestPrepared(deps, p)
  await announce(deps, out, ctx.channel, via.kind, true)
  return out
}
