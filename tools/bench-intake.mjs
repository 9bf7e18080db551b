// npm run bench (second part): 统一归口 at scale, on a database of its own.
//
//   1. a generated year of the demo street (BENCH_INTAKE_RECORDS, default 100 000 records) written as
//      one CSV export per channel, uploaded to the real BFF: dry run, then commit, through HTTP
//   2. records/s of the commit next to raw insertMany of the very documents it stored, on the same
//      database in the same run, in batches of the same size (the ratio is the cost of the pipeline)
//   3. peak resident memory (VmRSS) of the BFF process while it imports
//   4. address resolution on the generated set: share of records on the right micro-grid, and
//      whether every miss was flagged as low confidence
//
// Prints a markdown table. Not part of npm test.

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { resolveDatabase, stopChild } = require('./lib/database.cjs')
const { freePort, waitForPort } = require('./lib/ports.cjs')
const { say } = require('./lib/say.cjs')

const RECORDS = Number(process.env.BENCH_INTAKE_RECORDS || 100_000)
const DB_NAME = 'jqtb_bench_intake'
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

async function main() {
  const { tsImport } = await import('tsx/esm/api')
  const gen = await tsImport(path.join(root, 'shared/src/intake/demo/generator.ts'), import.meta.url)
  const channels = await tsImport(path.join(root, 'shared/src/intake/channels.ts'), import.meta.url)
  say(`bench-intake: generating ${RECORDS} records`)
  const end = Date.now() - 3600_000
  const month = gen.generateDemoMonth({ end, records: RECORDS, days: Math.max(30, Math.round(RECORDS / 300)), seed: 4242 })
  const records = month.records.filter((r) => r.version === 1)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-bench-intake-'))
  const files = []
  for (const spec of channels.CHANNELS) {
    const rows = records.filter((r) => r.channel === spec.code)
    if (!rows.length) continue
    const cols = spec.fields.map((f) => f.column)
    const cell = (v) => {
      const s = v === undefined || v === null ? '' : String(v)
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
    }
    const file = path.join(dataDir, `${spec.code}.csv`)
    const out = fs.createWriteStream(file)
    out.write(`${cols.join(',')}\r\n`)
    for (const r of rows) out.write(`${cols.map((c) => cell(r.row[c])).join(',')}\r\n`)
    await new Promise((resolve) => out.end(resolve))
    files.push({ channel: spec.code, file, rows: rows.length, bytes: fs.statSync(file).size })
  }

  const db = await resolveDatabase({ temp: true })
  const secret = randomBytes(32).toString('hex')
  const port = await freePort()
  let bff
  const { MongoClient } = require('mongoose').mongo
  const client = new MongoClient(db.uri)
  try {
    // reference data only (the street, its people, the gazetteer): no demo month to mix with the bench's
    const { connectDb } = await tsImport(path.join(root, 'bff/src/compose.ts'), import.meta.url)
    const { seedDemo } = await tsImport(path.join(root, 'bff/src/seed/seed.ts'), import.meta.url)
    const seedDb = await connectDb(db.uri, DB_NAME)
    await seedDemo(seedDb)
    await seedDb.close()
    say(`bench-intake: starting the BFF on 127.0.0.1:${port}`)
    bff = spawn(process.execPath, ['--import', 'tsx', 'bff/src/main.ts'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        MONGODB_URI: db.uri,
        MONGODB_DB: DB_NAME,
        LOG_LEVEL: 'error',
        SEED_DEMO: '',
        JWT_SECRET: secret,
        PII_KEY: randomBytes(32).toString('hex'),
        DATA_DIR: dataDir,
        DINGTALK_SIMULATOR: '1',
        DINGTALK_SIM_URL: 'http://127.0.0.1:9',
        JQTB_PARENT_PID: String(process.pid),
      },
    })
    await waitForPort(port, 60_000)
    const base = `http://127.0.0.1:${port}`
    for (let i = 0; i < 150; i++) {
      if (
        await fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break
      await new Promise((r) => setTimeout(r, 200))
    }
    const jwt = require('jsonwebtoken')
    const token = jwt.sign({ via: 'bench' }, secret, { algorithm: 'HS256', subject: 'u-zhaoyan', expiresIn: '4h', issuer: 'jqtb' })
    const headers = { authorization: `Bearer ${token}` }
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

    let peak = rssOf(bff.pid)
    const baseline = peak
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(bff.pid))
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
    await client.connect()
    const mdb = client.db(DB_NAME)
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
    const text = table.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? '\n|---|---|' : ''}`).join('\n')
    process.stdout.write(`\n统一归口 bench — database: ${db.kind}, node ${process.version}, ${os.cpus().length} CPUs\n\n${text}\n\n`)
    if (confidentMisses > 0 || accuracy < 0.97 || peak > 300 * 1024 * 1024 || pipelinePerSec / rawPerSec < 0.25) process.exitCode = 1
  } finally {
    await client.close().catch(() => {})
    if (bff) await stopChild(bff)
    await db.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  process.stderr.write(`bench-intake failed: ${err?.stack || err}\n`)
  process.exit(1)
})
