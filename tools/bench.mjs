// npm run bench: how the claim path behaves under load, on a database of its own.
//
//   1. claim storm: 500 concurrent claims on one task (winners must be exactly 1), latency p50/p99
//   2. claims per second on distinct tasks through the BFF, next to raw unique-key inserts per second
//      on the same database in the same run (the ratio is the cost of the whole claim path)
//   3. hall-list latency (GET /api/tasks?view=hall) next to the raw driver query with the very filter
//      the BFF's policy builds (the ratio is the cost of auth, folding and presenting)
//
// It starts a throw-away database (tools/lib/database.cjs) and the real BFF (bff/src/main.ts) and
// prints a markdown table. Not part of npm test. Options: BENCH_STORM=500 BENCH_STORM_ROUNDS=3 BENCH_TASKS=300
// BENCH_INFLIGHT=32 BENCH_HALL=60, and BENCH_URI_OPTIONS (appended to the BFF's MONGODB_URI, e.g. maxPoolSize=4).

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { resolveDatabase, stopChild } = require('./lib/database.cjs')
const { freePort, waitForPort } = require('./lib/ports.cjs')
const { say } = require('./lib/say.cjs')

const STORM = Number(process.env.BENCH_STORM || 500)
const STORM_ROUNDS = Number(process.env.BENCH_STORM_ROUNDS || 3)
const TASKS = Number(process.env.BENCH_TASKS || 300)
const INFLIGHT = Number(process.env.BENCH_INFLIGHT || 32)
const HALL_REQUESTS = Number(process.env.BENCH_HALL || 60)
const DB_NAME = 'jqtb_bench'
const TERRITORY = 'GT-01-01'

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`

/** Runs `jobs` with at most `limit` in flight; returns each job's duration. */
async function pool(jobs, limit) {
  const durations = []
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]
      const t = performance.now()
      await job()
      durations.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker))
  return durations
}

async function main() {
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
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        MONGODB_URI: process.env.BENCH_URI_OPTIONS ? `${db.uri}&${process.env.BENCH_URI_OPTIONS}` : db.uri,
        MONGODB_DB: DB_NAME,
        LOG_LEVEL: 'error',
        SEED_DEMO: '1',
        JWT_SECRET: secret,
        DATA_DIR: dataDir,
        DINGTALK_SIMULATOR: '1',
        // no simulator: notification sends fail fast at a closed port instead of leaving the machine
        DINGTALK_SIM_URL: 'http://127.0.0.1:9',
        JQTB_PARENT_PID: String(process.pid),
      },
    })
    await waitForPort(port, 60_000)
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

    say(`bench: ${STORM + TASKS} grid workers in ${TERRITORY}`)
    const now = new Date()
    const workers = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`)
    const stormers = workers('bench-s', STORM)
    const claimers = workers('bench-d', TASKS)
    const users = [...stormers, ...claimers].map((id, i) => ({
      _id: id,
      name: `压测网格员${i}`,
      roles: ['grid_worker'],
      territory: TERRITORY,
      title: '网格员',
      active: true,
      createdAt: now,
      updatedAt: now,
    }))
    for (let i = 0; i < users.length; i += 100) await mdb.collection('users').insertMany(users.slice(i, i + 100))

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

    // 1. claim storm
    const storms = []
    for (let round = 0; round < STORM_ROUNDS; round++) {
      const id = await newTask(`storm-${round}`)
      say(`bench: claim storm ${round + 1}/${STORM_ROUNDS} — ${STORM} concurrent claims on ${id}`)
      const latencies = []
      const t = performance.now()
      const results = await Promise.all(
        stormers.map(async (u) => {
          const s = performance.now()
          const r = await call(u, 'POST', `/api/tasks/${id}/claim`, {})
          latencies.push(performance.now() - s)
          return r.status
        }),
      )
      const wall = performance.now() - t
      storms.push({
        winners: results.filter((s) => s === 200).length,
        conflicts: results.filter((s) => s === 409).length,
        other: results.filter((s) => s !== 200 && s !== 409).length,
        p50: pct(latencies, 50),
        p99: pct(latencies, 99),
        wall,
      })
    }

    // 2. claims/s on distinct tasks vs raw unique-key inserts/s
    say(`bench: creating ${TASKS} tasks`)
    const ids = []
    for (let i = 0; i < TASKS; i++) ids.push(await newTask(i))
    say(`bench: ${TASKS} claims on distinct tasks, ${INFLIGHT} in flight`)
    let claimFailures = 0
    let t = performance.now()
    const claimLatencies = await pool(
      ids.map((id, i) => async () => {
        const r = await call(claimers[i], 'POST', `/api/tasks/${id}/claim`, {})
        if (r.status !== 200) claimFailures++
      }),
      INFLIGHT,
    )
    const claimSeconds = (performance.now() - t) / 1000
    say(`bench: ${TASKS} raw unique-key inserts, ${INFLIGHT} in flight`)
    const raw = mdb.collection('bench_raw_inserts')
    t = performance.now()
    const insertLatencies = await pool(
      ids.map((id, i) => () => raw.insertOne({ _id: `${id}:bench:${i}`, taskId: id, seq: 1, at: new Date() })),
      INFLIGHT,
    )
    const insertSeconds = (performance.now() - t) / 1000

    // 3. hall list vs the same filter through the driver
    say(`bench: publishing 100 more tasks for the hall, then ${HALL_REQUESTS} hall lists each way`)
    for (let i = 0; i < 100; i++) await newTask(`hall-${i}`)
    const { tsImport } = await import('tsx/esm/api')
    const policy = await tsImport(path.join(root, 'bff/src/tasks/policy.ts'), import.meta.url)
    const viewer = stormers.at(-1)
    const authUser = { id: viewer, name: '', roles: ['grid_worker'], territory: TERRITORY }
    const hallLatencies = []
    const rawLatencies = []
    let hallItems = 0
    for (let i = 0; i < HALL_REQUESTS; i++) {
      let s = performance.now()
      const r = await call(viewer, 'GET', '/api/tasks?view=hall&limit=20')
      hallLatencies.push(performance.now() - s)
      hallItems = r.body.items.length
      s = performance.now()
      const filter = { $and: [policy.visibleFilter(authUser), policy.viewFilter('hall', authUser, Date.now())] }
      await mdb.collection('tasks').find(filter).sort({ publishedAt: -1, _id: -1 }).limit(21).toArray()
      rawLatencies.push(performance.now() - s)
    }
    const taskCount = await mdb.collection('tasks').countDocuments()
    const eventCount = await mdb.collection('task_events').countDocuments()

    const stormRow = storms
      .map(
        (s, i) =>
          `round ${i + 1}: winners **${s.winners}**, 409 × ${s.conflicts}${s.other ? `, other × ${s.other}` : ''}, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, wall ${ms(s.wall)}`,
      )
      .join('<br>')
    const claimsPerSec = TASKS / claimSeconds
    const insertsPerSec = TASKS / insertSeconds
    const rows = [
      ['measure', 'result'],
      [`claim storm: ${STORM} concurrent claims on one task`, stormRow],
      [
        `claims/s on ${TASKS} distinct tasks through the BFF (${INFLIGHT} in flight)`,
        `**${claimsPerSec.toFixed(0)}/s** (p50 ${ms(pct(claimLatencies, 50))}, p99 ${ms(pct(claimLatencies, 99))}${claimFailures ? `, ${claimFailures} failed` : ''})`,
      ],
      [
        `raw unique-key inserts/s, same database (${INFLIGHT} in flight)`,
        `**${insertsPerSec.toFixed(0)}/s** (p50 ${ms(pct(insertLatencies, 50))}, p99 ${ms(pct(insertLatencies, 99))})`,
      ],
      ['ratio raw inserts : BFF claims', `${(insertsPerSec / claimsPerSec).toFixed(1)} : 1`],
      [
        `hall list, GET /api/tasks?view=hall (${hallItems} items of ${taskCount} tasks)`,
        `p50 ${ms(pct(hallLatencies, 50))}, p99 ${ms(pct(hallLatencies, 99))}`,
      ],
      ['same filter, raw driver find + sort + limit', `p50 ${ms(pct(rawLatencies, 50))}, p99 ${ms(pct(rawLatencies, 99))}`],
      ['ratio BFF hall : raw query (p50)', `${(pct(hallLatencies, 50) / pct(rawLatencies, 50)).toFixed(1)} : 1`],
    ]
    const table = rows.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? '\n|---|---|' : ''}`).join('\n')
    process.stdout.write(
      `\n警情通办 bench — database: ${db.kind}, node ${process.version}, ${os.cpus().length} CPUs, ${taskCount} tasks / ${eventCount} events at the end\n\n${table}\n\n`,
    )
    if (storms.some((s) => s.winners !== 1)) {
      process.stderr.write('bench: a claim storm did not have exactly one winner\n')
      process.exitCode = 1
    }
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
