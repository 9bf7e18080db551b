/**
 * Running an import: the dry run (every row mapped and cleaned, nothing stored but counts, a sample
 * and the problems) and the commit (every good row stored like a pushed record, in batches). Each
 * run is leased by inserting `<importId>#<n>` (docs/database.md#outbox-leases), so one instance works on
 * an import at a time, and a run whose instance died is taken over by the job (jobs.ts) once its
 * lease lapses — a commit then carries on from the last batch it recorded (rows are idempotent).
 */
import { randomUUID } from 'node:crypto'
import { channelSpec } from '@jqtb/shared'
import { cleanRecord } from '@jqtb/shared/src/intake/clean/record'
import { isDuplicateKey } from '../../infra/errors'
import { cleanContext, profileOf } from '../context'
import { type IngestOutcome, type IntakeDeps, ingestBatch, maskFieldValue, maskIssue } from '../ingest'
import type { ImportCounts, ImportLeaseDoc, ImportSampleRow, IntakeImportDoc } from '../model'
import { detectEncoding, FileRefusal, type FileRow, findHeader, type ReadProgress, readRows, rowRecord } from './reader'
import { importFilePath } from './upload'

export const IMPORT_POLICY = {
  leaseMs: 2 * 60_000,
  batchSize: 200,
  sampleRows: 20,
  maxProblems: 500,
  headerSearchRows: 10,
  progressEveryMs: 700,
}

const PROCESS_ID = `bff-${process.pid}-${randomUUID().slice(0, 8)}`

export const emptyCounts = (): ImportCounts => ({ rows: 0, good: 0, bad: 0, warned: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 })

type RunDeps = IntakeDeps & { dataDir: string }

const leaseId = (importId: string, n: number) => `${importId}#${String(n).padStart(4, '0')}`

async function lastLease(deps: RunDeps, importId: string): Promise<ImportLeaseDoc | null> {
  let last: ImportLeaseDoc | null = null
  for (let n = 1; ; n++) {
    const doc = await deps.db.models.ImportLease.findById(leaseId(importId, n)).lean<ImportLeaseDoc>()
    if (!doc) return last
    last = doc
  }
}

/** Takes the import's lease for a phase, or null when another instance holds a live one. */
async function takeLease(deps: RunDeps, importId: string, phase: ImportLeaseDoc['phase']): Promise<ImportLeaseDoc | null> {
  const last = await lastLease(deps, importId)
  const now = deps.clock.now()
  if (last && last.phase === phase && last.leaseUntil > now) return null
  const lease: ImportLeaseDoc = {
    _id: leaseId(importId, (last?.n ?? 0) + 1),
    importId,
    n: (last?.n ?? 0) + 1,
    phase,
    owner: PROCESS_ID,
    leaseUntil: new Date(now.getTime() + IMPORT_POLICY.leaseMs),
    at: now,
  }
  try {
    await deps.db.models.ImportLease.collection.insertOne(lease as never)
    return lease
  } catch (err) {
    if (isDuplicateKey(err)) return null
    throw err
  }
}

/** Still ours? (nobody took over) — and, if so, for another lease period. */
async function renewLease(deps: RunDeps, lease: ImportLeaseDoc): Promise<boolean> {
  const next = await deps.db.models.ImportLease.findById(leaseId(lease.importId, lease.n + 1)).lean()
  if (next) return false
  await deps.db.models.ImportLease.updateOne({ _id: lease._id }, { $set: { leaseUntil: new Date(deps.clock.now().getTime() + IMPORT_POLICY.leaseMs) } })
  return true
}

async function save(deps: RunDeps, id: string, set: Partial<IntakeImportDoc>) {
  await deps.db.models.IntakeImport.updateOne({ _id: id }, { $set: { ...set, updatedAt: deps.clock.now() } })
}

interface HeaderInfo {
  header: string[]
  headerRow: number
}

/**
 * The file's data rows as records under their header, with the header found among the first rows.
 * Calls `onRow` for each; a refusal (bad file) throws FileRefusal.
 */
async function eachRecord(
  deps: RunDeps,
  imp: IntakeImportDoc,
  encoding: 'utf8' | 'gbk',
  progress: ReadProgress,
  onRow: (row: FileRow, record: Record<string, unknown>, header: HeaderInfo) => Promise<void> | void,
): Promise<HeaderInfo> {
  const { profile } = await profileOf(deps.db, imp.channel)
  const known = new Set(profile.columns.flatMap((c) => c.headers))
  const sourceIdHeaders = profile.columns.find((c) => c.field === 'sourceId')?.headers ?? []
  let info: HeaderInfo | null = null
  for await (const row of readRows(importFilePath(deps.dataDir, imp._id), imp.format, encoding, progress)) {
    if (!info) {
      const header = findHeader(row.cells, known, sourceIdHeaders)
      if (header) info = { header, headerRow: row.n }
      else if (row.n >= IMPORT_POLICY.headerSearchRows) break
      continue
    }
    const record = rowRecord(info.header, row.cells)
    if (record) await onRow(row, record, info)
  }
  if (!info) {
    const spec = channelSpec(imp.channel)
    throw new FileRefusal(
      `没有找到表头：前 ${IMPORT_POLICY.headerSearchRows} 行中没有「${sourceIdHeaders.join('」或「')}」等列。请确认选的渠道是「${spec.label}」，或请管理员在渠道配置里添加这份导出的列名`,
    )
  }
  return info
}

/** The dry run: what each row would become, and every problem, without storing a record. */
export async function analyseImport(deps: RunDeps, importId: string): Promise<void> {
  const lease = await takeLease(deps, importId, 'analyse')
  if (!lease) return
  const imp = await deps.db.models.IntakeImport.findById(importId).lean<IntakeImportDoc>()
  if (imp?.state !== 'analysing') return
  const counts = emptyCounts()
  const sample: ImportSampleRow[] = []
  const problems: IntakeImportDoc['problems'] = []
  const progress: ReadProgress = { bytes: 0 }
  let lastSave = performance.now()
  try {
    const encoding = imp.format === 'csv' ? await detectEncoding(importFilePath(deps.dataDir, importId), imp.encoding) : 'utf8'
    const ctx = await cleanContext(deps.db, imp.channel, deps.clock.now())
    const info = await eachRecord(deps, imp, encoding, progress, async (row, record) => {
      const out = cleanRecord(ctx, record)
      counts.rows++
      const issues = out.issues.map(maskIssue)
      if (out.record) counts.good++
      else counts.bad++
      if (out.record && issues.length) counts.warned++
      for (const issue of issues) if (problems.length < IMPORT_POLICY.maxProblems) problems.push({ row: row.n, ...issue })
      if (sample.length < IMPORT_POLICY.sampleRows) {
        sample.push({
          row: row.n,
          mapped: Object.entries(out.mapped).map(([field, m]) => ({ field, column: m!.column, value: maskFieldValue(field, m!.value) })),
          ...(out.record
            ? {
                result: {
                  title: out.record.title,
                  micro: out.record.territory.micro,
                  confident: out.record.territory.confident,
                  category: out.record.category.code,
                  police: out.record.police.police,
                },
              }
            : {}),
          issues,
        })
      }
      if (performance.now() - lastSave > IMPORT_POLICY.progressEveryMs) {
        lastSave = performance.now()
        if (!(await renewLease(deps, lease))) throw new LeaseLost()
        await save(deps, importId, { progress: { phase: 'analyse', rows: counts.rows, bytes: progress.bytes }, counts })
      }
    })
    await save(deps, importId, {
      state: counts.rows ? 'ready' : 'refused',
      ...(counts.rows ? {} : { refusal: { code: 'FILE_UNREADABLE', message: '表头下面没有数据行' } }),
      detectedEncoding: encoding,
      header: info.header.slice(0, 100),
      headerRow: info.headerRow,
      counts,
      sample,
      problems,
      progress: { phase: 'analyse', rows: counts.rows, bytes: imp.size },
    })
  } catch (err) {
    if (err instanceof LeaseLost) return
    if (!(err instanceof FileRefusal)) {
      deps.logger.error({ err, importId }, 'import analysis failed')
      await save(deps, importId, { state: 'failed', refusal: { code: 'INTERNAL', message: '预检时出错，请重试或联系管理员' } })
      return
    }
    await save(deps, importId, {
      state: 'refused',
      refusal: { code: 'FILE_UNREADABLE', message: err.message },
      counts,
      progress: { phase: 'analyse', rows: counts.rows, bytes: progress.bytes },
    })
  }
}

class LeaseLost extends Error {}

/** The commit: good rows stored in batches; carries on after a crash from the last recorded batch. */
export async function commitImport(deps: RunDeps, importId: string): Promise<void> {
  const lease = await takeLease(deps, importId, 'commit')
  if (!lease) return
  const imp = await deps.db.models.IntakeImport.findById(importId).lean<IntakeImportDoc>()
  if (imp?.state !== 'committing') return
  const counts: ImportCounts = { ...emptyCounts(), ...imp.counts }
  // counts of this phase restart from the checkpoint's
  const encoding = imp.detectedEncoding ?? 'utf8'
  const progress: ReadProgress = { bytes: 0 }
  const via = { kind: 'import' as const, ref: importId, by: imp.createdBy }
  let committed = imp.committedRows
  let seen = 0
  let batch: Array<Record<string, unknown>> = []
  const flush = async () => {
    if (!batch.length) return
    const ctx = await cleanContext(deps.db, imp.channel, deps.clock.now())
    const results: IngestOutcome[] = await ingestBatch(deps, ctx, batch, via)
    for (const r of results) counts[r.result]++
    committed += batch.length
    batch = []
    if (!(await renewLease(deps, lease))) throw new LeaseLost()
    await save(deps, importId, { committedRows: committed, counts, progress: { phase: 'commit', rows: committed, bytes: progress.bytes } })
  }
  try {
    if (imp.committedRows === 0) Object.assign(counts, { created: 0, updated: 0, unchanged: 0, rejected: 0 })
    await eachRecord(deps, imp, encoding, progress, async (_row, record) => {
      if (++seen <= committed) return
      batch.push(record)
      if (batch.length >= IMPORT_POLICY.batchSize) await flush()
    })
    await flush()
    await save(deps, importId, { state: 'done', finishedAt: deps.clock.now(), progress: { phase: 'commit', rows: committed, bytes: imp.size } })
  } catch (err) {
    if (err instanceof LeaseLost) return
    deps.logger.error({ err, importId }, 'import commit failed')
    // the rows stored so far stay (each is complete and idempotent); the job or the person resumes it
    await save(deps, importId, { state: 'failed', refusal: { code: 'INTERNAL', message: `导入在第 ${committed} 行后中断，可点“继续导入”从中断处继续` } })
  }
}

/** Starts a phase in the background (the request that asked for it answers at once). */
export function startRun(deps: RunDeps, importId: string, phase: 'analyse' | 'commit'): void {
  const run = phase === 'analyse' ? analyseImport : commitImport
  run(deps, importId).catch((err) => deps.logger.error({ err, importId, phase }, 'import run failed'))
}
