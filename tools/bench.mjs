// npm run bench: how the system behaves under load, on a database of its own, each figure next to a
// raw database operation of the same run (so the ratios hold on any machine). Sections, in order:
//
//   claims  (tools/bench/claims.mjs)  claim storms and claims/s vs raw unique-key inserts
//   hall    (tools/bench/hall.mjs)    the hall list vs the same raw query
//   intake  (tools/bench/intake.mjs)  100 000 records imported through the BFF vs raw insertMany, memory, address accuracy
//   lists   (tools/bench/lists.mjs)   every hot list at 2,000 and 20,000 generated tasks, with the archive
//   mediators (tools/bench/mediators.mjs) a 攻坚小组 proposal over 5,000 mediators vs one raw read of the pool
//   leads   (tools/bench/leads.mjs)   linking precision/recall on a generated month; linking one record vs a raw _id read at two history sizes
//   risk    (tools/bench/risk.mjs)    re-scoring every case, the preview, one new record vs a raw read
//   indices (tools/bench/indices.mjs) the dashboard API vs raw `_id` reads of its documents, 2 000 → 20 000 tasks of a year
//   …and one file per domain that has timing goals (tools/bench/<section>.mjs), listed in SECTIONS.
//
// It starts a throw-away database (tools/lib/database.cjs) and the real BFF (bff/src/main.ts) and
// prints a markdown table. Not part of npm test. BENCH_ONLY=claims,hall runs some sections only;
// BENCH_URI_OPTIONS is appended to the BFF's MONGODB_URI (e.g. maxPoolSize=4). Each section reads its
// own BENCH_* sizes (see the top of its file). BENCH_BACKENDS=sqlite,postgresql runs everything once per
// embedded-database backend (JQTB_DB_BACKEND) and prints the two side by side (npm run bench:backends).

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchClaims } from './bench/claims.mjs'
import { benchHall } from './bench/hall.mjs'
import { benchIndices } from './bench/indices.mjs'
import { benchIntake } from './bench/intake.mjs'
import { benchLeads } from './bench/leads.mjs'
import { benchLists } from './bench/lists.mjs'
import { benchMediators } from './bench/mediators.mjs'
import { benchRisk } from './bench/risk.mjs'

const require = createRequire(import.meta.url)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { resolveDatabase, stopChild } = require('./lib/database.cjs')
const { freePort, waitForPort } = require('./lib/ports.cjs')
const { say } = require('./lib/say.cjs')

const DB_NAME = 'jqtb_bench'
const TERRITORY = 'GT-01-01'

/** Every section: name → function(ctx) answering { rows: [[measure, result]…], failed?: string }. */
const SECTIONS = {
  claims: benchClaims,
  hall: benchHall,
  lists: benchLists,
  intake: benchIntake,
  leads: benchLeads,
  mediators: benchMediators,
  risk: benchRisk,
  indices: benchIndices,
}

async function main() {
  const backends = process.env.BENCH_BACKENDS ? process.env.BENCH_BACKENDS.split(',') : [null]
  const runs = []
  let failed = false
  for (const backend of backends) {
    if (backend) process.env.JQTB_DB_BACKEND = backend
    const run = await benchOnce()
    runs.push({ backend: backend ?? run.backend, ...run })
    failed ||= run.failed
  }
  if (runs.length > 1) {
    // side by side: one column per backend, rows by measure
    const measures = [...new Set(runs.flatMap((r) => r.rows.map(([m]) => m)))]
    const head = `| measure | ${runs.map((r) => `FerretDB on ${r.backend}`).join(' | ')} |\n|---|${runs.map(() => '---|').join('')}`
    const body = measures.map((m) => `| ${m} | ${runs.map((r) => r.rows.find(([x]) => x === m)?.[1] ?? '—').join(' | ')} |`).join('\n')
    process.stdout.write(
      `\n警情通办 bench — the embedded database's backends side by side, node ${process.version}, ${os.cpus().length} CPUs\n\n${head}\n${body}\n\n`,
    )
  }
  if (failed) process.exitCode = 1
}

async function benchOnce() {
  const db = await resolveDatabase({ temp: true })
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-bench-'))
  const secret = randomBytes(32).toString('hex')
  const port = await freePort()
  let bff
  const { MongoClient } = require('mongoose').mongo
  const client = new MongoClient(db.uri)
  try {
    say(`bench: starting the BFF on 127.0.0.1:${port}`)
    bff = spawn(process.execPath, ['--import', 'tsx', 'bff/src/main.ts'], {
      cwd: root,
      // DB_SLOW_MS=<ms> shows the BFF's slow-command log (its warnings, on stdout) in the bench's output
      stdio: ['ignore', process.env.DB_SLOW_MS ? 'inherit' : 'ignore', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        MONGODB_URI: process.env.BENCH_URI_OPTIONS ? `${db.uri}&${process.env.BENCH_URI_OPTIONS}` : db.uri,
        MONGODB_DB: DB_NAME,
        LOG_LEVEL: process.env.DB_SLOW_MS ? 'warn' : 'error',
        // the default 5 s answers a long scan on a busy embedded database 503; BENCH_DB_TIMEOUT_MS=5000 shows it
        DB_TIMEOUT_MS: process.env.BENCH_DB_TIMEOUT_MS || '30000',
        SEED_DEMO: '1',
        // the demo's people and territories without its month of channel records and year of history: their
        // background linking and scoring would compete with what is measured (each section generates its own data)
        SEED_DEMO_LIGHT: process.env.SEED_DEMO_LIGHT ?? '1',
        JWT_SECRET: secret,
        METRICS_TOKEN: secret,
        DATA_DIR: dataDir,
        DINGTALK_SIMULATOR: '1',
        // no simulator: notification sends fail fast at a closed port instead of leaving the machine
        DINGTALK_SIM_URL: 'http://127.0.0.1:9',
        JQTB_PARENT_PID: String(process.pid),
      },
    })
    await waitForPort(port, 300_000)
    const base = `http://127.0.0.1:${port}`
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) break
      await new Promise((r) => setTimeout(r, 200))
    }

    await client.connect()
    const mdb = client.db(DB_NAME)
    const jwt = require('jsonwebtoken')
    const token = (sub) => jwt.sign({ via: 'bench' }, secret, { algorithm: 'HS256', subject: sub, expiresIn: '2h', issuer: 'jqtb' })
    // a new connection per request: a kept-alive socket the server closes while idle would fail a
    // request that never reached it, and a retry would blur the counts
    const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY })
    const call = (user, method, p, body) =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body)
        const req = http.request(
          `${base}${p}`,
          {
            method,
            agent,
            headers: {
              authorization: `Bearer ${token(user)}`,
              ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            },
          },
          (res) => {
            const chunks = []
            res.on('data', (c) => chunks.push(c))
            res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }))
            res.on('error', reject)
          },
        )
        req.on('error', reject)
        req.end(payload)
      })

    const workersMade = new Set()
    /** `n` grid workers of `territory` named `<prefix>0000…`, inserted once. */
    const addWorkers = async (prefix, n, territory = TERRITORY) => {
      const ids = Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`)
      if (!workersMade.has(prefix)) {
        workersMade.add(prefix)
        const now = new Date()
        const users = ids.map((id, i) => ({
          _id: id,
          name: `压测网格员${prefix}${i}`,
          roles: ['grid_worker'],
          territory,
          title: '网格员',
          active: true,
          createdAt: now,
          updatedAt: now,
        }))
        for (let i = 0; i < users.length; i += 100) await mdb.collection('users').insertMany(users.slice(i, i + 100))
      }
      return ids
    }
    /** A published first-come task in TERRITORY, created and published through the BFF. */
    const newTask = async (i) => {
      const c = await call('u-zhaoyan', 'POST', '/api/tasks', {
        title: `压测工单 ${i}`,
        description: '压测',
        category: 'neighbour',
        tier: 'general',
        territory: TERRITORY,
      })
      if (c.status !== 201) throw new Error(`create: ${c.status} ${JSON.stringify(c.body)}`)
      const p = await call('u-zhaoyan', 'POST', `/api/tasks/${c.body.task.id}/publish`, { claimMode: 'first_come', rewardPoints: 5 })
      if (p.status !== 200) throw new Error(`publish: ${p.status} ${JSON.stringify(p.body)}`)
      return c.body.task.id
    }
    /** jqtb_deferred_work per lane, from the BFF's /metrics */
    const deferredWork = async () => {
      const text = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.text())
      return Object.fromEntries([...text.matchAll(/^jqtb_deferred_work\{lane="([^"]+)"\} (\d+)/gm)].map((m) => [m[1], Number(m[2])]))
    }
    const ctx = {
      deferredWork,
      call,
      mdb,
      client,
      say,
      root,
      territory: TERRITORY,
      addWorkers,
      newTask,
      dbUri: db.uri,
      dbName: DB_NAME,
      dbKind: db.kind,
      baseUrl: base,
      token,
      bffPid: bff.pid,
    }

    const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : Object.keys(SECTIONS)
    const rows = [['measure', 'result']]
    const failures = []
    for (const name of only) {
      const section = SECTIONS[name]
      if (!section) throw new Error(`no bench section "${name}" (have: ${Object.keys(SECTIONS).join(', ')})`)
      say(`bench: section ${name}`)
      const out = await section(ctx)
      rows.push(...out.rows)
      // each section's figures as soon as it is done (a long later section may be stopped)
      for (const [measure, result] of out.rows) say(`bench: ${name} · ${measure}: ${result}`)
      if (out.failed) failures.push(`${name}: ${out.failed}`)
    }
    const taskCount = await mdb.collection('tasks').countDocuments()
    const eventCount = await mdb.collection('task_events').countDocuments()
    const table = rows.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? '\n|---|---|' : ''}`).join('\n')
    process.stdout.write(
      `\n警情通办 bench — database: ${db.kind}${db.backend && db.backend !== db.kind ? ` (${db.backend})` : ''}, node ${process.version}, ${os.cpus().length} CPUs, ${taskCount} tasks / ${eventCount} events at the end\n\n${table}\n\n`,
    )
    for (const f of failures) process.stderr.write(`bench: ${f}\n`)
    return { rows: rows.slice(1), backend: db.backend, failed: failures.length > 0 }
  } finally {
    await client.close().catch(() => {})
    if (bff) await stopChild(bff)
    await db.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack || err}\n`)
  process.exit(1)
})
