// 统一归口 at scale (section `intake`):
//
//   1. a generated year of the demo street (BENCH_INTAKE_RECORDS, default 100 000 records) written as
//      one CSV export per channel, uploaded to the real BFF: dry run, then commit, through HTTP
//   2. records/s of the commit next to raw insertMany of the very documents it stored, on the same
//      database in the same run, in batches of the same size (the ratio is the cost of the pipeline)
//   3. peak resident memory (VmRSS) of the BFF process while it imports
//   4. address resolution on the generated set: share of records on the right micro-grid, and
//      whether every miss was flagged as low confidence

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const RECORDS = Number(process.env.BENCH_INTAKE_RECORDS || 100_000)
const BATCH = 200

const rssOf = (pid) => {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)
    return m ? Number(m[1]) * 1024 : 0
  } catch {
    return 0
  }
}
const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`

export async function benchIntake(ctx) {
  const { root, say, mdb, baseUrl: base, token, bffPid } = ctx
  const { tsImport } = await import('tsx/esm/api')
  const gen = await tsImport(path.join(root, 'shared/src/intake/demo/generator.ts'), import.meta.url)
  const channels = await tsImport(path.join(root, 'shared/src/intake/channels.ts'), import.meta.url)
  say(`bench: intake — generating ${RECORDS} records`)
  const end = Date.now() - 3600_000
  // source ids from 500 000 on: never those of the demo month the BFF seeded
  const month = gen.generateDemoMonth({ end, records: RECORDS, days: Math.max(30, Math.round(RECORDS / 300)), seed: 4242, sequenceStart: 500_000 })
  const records = month.records.filter((r) => r.version === 1)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-bench-intake-'))
  try {
    const files = []
    for (const spec of channels.CHANNELS) {
      const rows = records.filter((r) => r.channel === spec.code)
      if (!rows.length) continue
      const cols = spec.fields.map((f) => f.column)
      const cell = (v) => {
        const s = v === undefined || v === null ? '' : String(v)
        return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
      }
      const file = path.join(dir, `${spec.code}.csv`)
      const out = fs.createWriteStream(file)
      out.write(`${cols.join(',')}\r\n`)
      for (const r of rows) out.write(`${cols.map((c) => cell(r.row[c])).join(',')}\r\n`)
      await new Promise((resolve) => out.end(resolve))
      files.push({ channel: spec.code, file, rows: rows.length, bytes: fs.statSync(file).size })
    }
    const headers = { authorization: `Bearer ${token('u-zhaoyan')}` }
    const call = async (method, p) => {
      const r = await fetch(`${base}${p}`, { method, headers })
      return { status: r.status, body: await r.json() }
    }
    const waitFor = async (id) => {
      for (;;) {
        const r = await call('GET', `/api/intake/imports/${id}`)
        if (r.body.state !== 'analysing' && r.body.state !== 'committing') return r.body
        await new Promise((res) => setTimeout(res, 250))
      }
    }

    let peak = rssOf(bffPid)
    const baseline = peak
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(bffPid))
    }, 200)
    let analyseMs = 0
    let commitMs = 0
    let committed = 0
    const counts = { created: 0, unchanged: 0, updated: 0, rejected: 0 }
    for (const f of files) {
      say(`bench-intake: ${f.channel}: ${f.rows} rows (${mb(f.bytes)}), dry run`)
      const form = new FormData()
      form.append('channel', f.channel)
      form.append('file', await fs.openAsBlob(f.file), `${f.channel}.csv`)
      let t = performance.now()
      const up = await fetch(`${base}/api/intake/imports`, { method: 'POST', headers, body: form }).then((r) => r.json())
      if (!up.id) throw new Error(`upload failed: ${JSON.stringify(up)}`)
      const ready = await waitFor(up.id)
      analyseMs += performance.now() - t
      if (ready.state !== 'ready') throw new Error(`dry run of ${f.channel}: ${ready.state} ${JSON.stringify(ready.refusal)}`)
      say(`bench-intake: ${f.channel}: commit`)
      t = performance.now()
      const c = await call('POST', `/api/intake/imports/${up.id}/commit`)
      if (c.status !== 200) throw new Error(`commit: ${c.status} ${JSON.stringify(c.body)}`)
      const done = await waitFor(up.id)
      commitMs += performance.now() - t
      if (done.state !== 'done') throw new Error(`commit of ${f.channel}: ${done.state} ${JSON.stringify(done.refusal)}`)
      committed += done.counts.rows
      for (const k of Object.keys(counts)) counts[k] += done.counts[k]
    }
    clearInterval(sampler)

    // raw insertMany of the very documents the pipeline stored, same batch size, same database
    const raw = mdb.collection('bench_raw_sources')
    let rawMs = 0
    let rawCount = 0
    let right = 0
    let misses = 0
    let confidentMisses = 0
    let batch = []
    const flush = async () => {
      const t = performance.now()
      await raw.insertMany(batch, { ordered: false })
      rawMs += performance.now() - t
      rawCount += batch.length
      batch = []
    }
    for await (const doc of mdb.collection('intake_sources').find({})) {
      const truth = month.truth[doc._id]
      if (truth) {
        if (doc.micro === truth.micro) right++
        else {
          misses++
          if (doc.addressConfident) confidentMisses++
        }
      }
      batch.push(doc)
      if (batch.length === BATCH) await flush()
    }
    if (batch.length) await flush()

    const pipelinePerSec = counts.created / (commitMs / 1000)
    const rawPerSec = rawCount / (rawMs / 1000)
    const accuracy = right / (right + misses)
    const table = [
      ['measure', 'result'],
      [`records generated (one CSV export per channel, ${files.length} files, ${mb(files.reduce((s, f) => s + f.bytes, 0))})`, `${records.length}`],
      [
        'dry run (read, map, clean every row; nothing stored)',
        `**${(committed / (analyseMs / 1000)).toFixed(0)} rows/s** (${(analyseMs / 1000).toFixed(1)} s)`,
      ],
      [
        'commit through the pipeline (clean, protect, store once per source)',
        `**${pipelinePerSec.toFixed(0)} records/s** (${(commitMs / 1000).toFixed(1)} s; created ${counts.created}, unchanged ${counts.unchanged}, rejected ${counts.rejected})`,
      ],
      [
        `raw insertMany of the same ${rawCount} documents, batches of ${BATCH}, same database`,
        `**${rawPerSec.toFixed(0)} docs/s** (${(rawMs / 1000).toFixed(1)} s)`,
      ],
      ['pipeline : raw', `**${((pipelinePerSec / rawPerSec) * 100).toFixed(0)} %** (goal ≥ 25 %)`],
      ['BFF resident memory (VmRSS) before → peak during the imports', `${mb(baseline)} → **${mb(peak)}** (goal < 300 MB)`],
      [
        'address → right micro-grid (generated set)',
        `**${(accuracy * 100).toFixed(1)} %** of ${right + misses} (goal ≥ 97 %); misses ${misses}, of them flagged low-confidence **${misses - confidentMisses}**`,
      ],
    ]
    const failed = []
    if (confidentMisses > 0) failed.push(`${confidentMisses} address misses were not flagged`)
    if (accuracy < 0.97) failed.push('address accuracy below 0.97')
    if (peak > 300 * 1024 * 1024) failed.push('peak RSS over 300 MB')
    if (pipelinePerSec / rawPerSec < 0.25) failed.push('pipeline below 25 % of raw insertMany')
    return { rows: table.slice(1), ...(failed.length ? { failed: failed.join('; ') } : {}) }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
