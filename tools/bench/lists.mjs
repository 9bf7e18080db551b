// The hot lists as the years pass (docs/database.md#archive). On the embedded database every list is a
// scan of `tasks`, so what a list costs follows what is in that collection. This section GENERATES
// tasks directly in the database — each an event log of about ten events folded by the shared state
// machine (applyEvent) and projected by the BFF's projectionOf, so the documents are exactly what the
// app writes (inserted in batches of 100) — runs the archive job (bff/src/tasks/archive.ts), then
// times each hot list through the BFF as the mini-app opens it, next to the raw driver query with the
// same filter (the BFF's own listQuery) in the same run:
//
//   A  2,000 tasks: 10 % live (spread over the states), 90 % closed or cancelled over the last two years
//   B  20,000 tasks, 90 % closed as in A: the live work grows ten times as well (a street ten times busier)
//   C  20,000 tasks: A's live work and last two years, plus closed history 2–20 years old (the same
//      street after ten times the years) — the growth the archive is for
//
// B is generated on top of A and removed again before C. Sizes: BENCH_LIST_SIZES (default 2000,20000),
// BENCH_LIST_REQUESTS (timed requests per list and point, default 25), BENCH_ARCHIVE_CONCURRENCY (copies
// and checks the archive job makes at once, default 4; it moves pages of 1,000 tasks here).
import path from 'node:path'
import { archiveRunner } from './archive.mjs'
import { ms, pct } from './util.mjs'

const [SMALL, LARGE] = (process.env.BENCH_LIST_SIZES || '2000,20000').split(',').map(Number)
const REQUESTS = Number(process.env.BENCH_LIST_REQUESTS || 25)
const HOUR = 3_600_000
const DAY = 24 * HOUR
const ARCHIVE_AFTER_DAYS = 180
const ARCHIVE_CONCURRENCY = Number(process.env.BENCH_ARCHIVE_CONCURRENCY || 4)

/** The lists as the mini-app opens them (its default tab), by whom. */
const LISTS = [
  { name: 'hall', user: 'u-wangli', query: 'view=hall' },
  { name: 'mine', user: 'u-wangli', query: 'view=mine&state=claimed,in_progress,returned' },
  { name: 'department', user: 'u-hejun', query: 'view=department&state=routed' },
  { name: 'review', user: 'u-zhaoyan', query: 'view=review' },
  { name: 'all', user: 'u-zhaoyan', query: 'view=all' },
]

/** A small deterministic generator (mulberry32), so every run builds the same street. */
function random(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), pick: (xs) => xs[Math.floor(next() * xs.length)] }
}

const chinaDay = (at) => new Date(at + 8 * HOUR).toISOString().slice(0, 10).replaceAll('-', '')

export async function benchLists(ctx) {
  const { call, mdb, say, root } = ctx
  // the TypeScript sources, loaded as CommonJS (shared/src/index.ts re-exports, which tsx's ESM loader trips on)
  const { require: tsRequire } = await import('tsx/cjs/api')
  const load = (p) => tsRequire(path.join(root, p), import.meta.url)
  const shared = load('shared/src/index.ts')
  const { projectionOf } = load('bff/src/tasks/projection.ts')
  const { eventId, clean } = load('bff/src/tasks/log.ts')
  const { listQuery } = load('bff/src/tasks/queries.ts')
  const { toAuthUser } = load('bff/src/kernel/actor.ts')

  const grids = await mdb.collection('territories').find({ level: 'grid' }).toArray()
  const departments = await mdb
    .collection('departments')
    .find({ _id: { $ne: 'SZZX' } })
    .toArray()
  const people = await mdb.collection('users').find({}).toArray()
  const gridWorker = new Map(people.filter((u) => u.roles.includes('grid_worker')).map((u) => [u.territory, { id: u._id, name: u.name }]))
  const leadOf = new Map(people.filter((u) => u.roles.includes('dept_lead') && u.department).map((u) => [u.department, { id: u._id, name: u.name }]))
  const centre = { id: 'u-zhaoyan', name: '赵燕' }

  // ------------------------------------------------------------------------------------------
  // One task: an event log and its projection

  /** The events of one task (`live`: a state of open work; else closed or cancelled), oldest first. */
  function taskLog(rng, id, createdAt, live, now) {
    const grid = rng.pick(grids)
    const community = grid.parent
    const holder = gridWorker.get(grid._id) ?? { id: `bench-w-${grid._id}`, name: `网格员${grid.name}` }
    const dept = rng.next() < 0.5 ? rng.pick(departments) : null
    const lead = dept ? (leadOf.get(dept._id) ?? centre) : centre
    const category = rng.pick(shared.TASK_CATEGORY_CODES)
    const tier = rng.pick(shared.TASK_TIERS)
    const dueAt = live ? now + rng.int(2, 30) * DAY : createdAt + 7 * DAY
    const scoring = { taskNo: id, category, tier, territory: grid._id, department: dept?._id, rewardPoints: 5, dueAt, createdAt }
    const events = []
    let at = createdAt
    const step = live ? () => rng.int(1, 8) * HOUR : () => rng.int(1, 24) * HOUR
    const add = (type, actor, data) => {
      events.push({ taskId: id, seq: events.length + 1, type, at, actor, data: clean(data) })
      at += step()
    }
    add('created', centre, {
      taskNo: id,
      title: `${shared.TASK_CATEGORY_LABELS[category]}（${grid.name}）`,
      description: '压测生成的工单：当事人双方因琐事发生争执，需现场了解情况并调解。',
      category,
      tier,
      riskColour: rng.pick(['green', 'green', 'green', 'yellow', 'red']),
      origin: 'centre',
      territory: { code: grid._id, name: grid.fullName ?? grid.name },
      parties: [],
      dueAt,
    })
    // where a live task stops: draft, routed, signed, published, claimed, in progress, submitted, escalated
    const stop = live
      ? rng.pick(['draft', 'routed', 'signed', 'published', 'published', 'claimed', 'in_progress', 'in_progress', 'submitted', 'escalated'])
      : null
    const cancelled = !live && rng.next() < 0.1
    if (stop === 'draft') return events
    if (dept || stop === 'routed' || stop === 'signed') {
      const d = dept ?? rng.pick(departments)
      add('routed', centre, { department: { code: d._id, name: d.name }, signBy: live ? now + 2 * DAY : at + DAY })
      if (stop === 'routed') return events
      add('signed', leadOf.get(d._id) ?? lead, {})
      if (stop === 'signed') return events
    }
    add('published', dept ? lead : centre, {
      claimMode: 'first_come',
      seats: 1,
      rewardPoints: 5,
      claimDurationMs: DAY,
      eligibility: { territory: community, roles: ['grid_worker'], tags: [] },
      reservedFor: [],
    })
    if (stop === 'published') return events
    const claimedAt = at
    add('claimed', holder, { userId: holder.id, name: holder.name, seat: 0, expiresAt: live ? now + 2 * DAY : claimedAt + DAY })
    if (stop === 'claimed') return events
    const startedAt = at
    for (let i = rng.int(1, 3); i > 0; i--)
      add('progress', holder, { kind: rng.pick(['visit', 'call', 'mediation', 'note']), note: '已联系双方，正在调解。', photos: [] })
    if (stop === 'in_progress') return events
    if (stop === 'escalated' || cancelled) {
      add('escalated', holder, { reason: '双方分歧较大，需社治中心协调', kind: 'manual', released: [] })
      if (stop === 'escalated') return events
      add('cancelled', centre, { closureCode: 'duplicate', reason: '与另一工单重复，合并处理' })
      return events
    }
    const doers = [{ userId: holder.id, name: holder.name, seat: 0, claimedAt, via: 'claim', startedAt }]
    let submittedAt = at
    add('submitted', holder, { note: '已调解，双方达成一致。', late: false })
    if (stop === 'submitted') return events
    let returnCount = 0
    if (rng.next() < 0.2) {
      returnCount = 1
      add('returned', lead, { reason: '请补充调解协议照片', returnCount, doers, submittedAt, scoring })
      add('progress', holder, { kind: 'agreement', note: '已补充调解协议。', photos: [] })
      submittedAt = at
      add('submitted', holder, { note: '已补充材料。', late: false })
    }
    add('accepted', lead, { rating: rng.int(3, 5), closureCode: 'mediated', doers, submittedAt, late: false, returnCount, scoring })
    return events
  }

  /** Generates `count` tasks (ids `JQ<day>-<set><6 digits>`) created by `createdAt(rng)`, a share `liveShare` of them live; inserts them in batches of 100. */
  let newestLive = ''
  async function generate(set, count, liveShare, createdAt) {
    const rng = random(set * 7919)
    const now = Date.now()
    const tasks = []
    let events = []
    let eventCount = 0
    const flush = async (final) => {
      while (tasks.length >= 100 || (final && tasks.length)) await mdb.collection('tasks').insertMany(tasks.splice(0, 100))
      while (events.length >= 100 || (final && events.length)) await mdb.collection('task_events').insertMany(events.splice(0, 100))
    }
    // the live work last, as in a real table (on the embedded database a lookup by _id reads the table in
    // insertion order and stops at the match: the newest rows cost the most)
    const firstLive = count - Math.round(count * liveShare)
    for (let i = 0; i < count; i++) {
      const live = i >= firstLive
      const created = live ? now - rng.int(5 * 24, 10 * 24) * HOUR : createdAt(rng, now)
      const id = `JQ${chinaDay(created)}-${set}${String(i).padStart(6, '0')}`
      if (live && set === 1) newestLive = id
      const log = taskLog(rng, id, created, live, now)
      const state = shared.foldEvents(log)
      tasks.push(projectionOf(state))
      for (const e of log)
        events.push({ _id: eventId(e.taskId, e.seq), taskId: e.taskId, seq: e.seq, type: e.type, at: new Date(e.at), actor: e.actor, data: e.data })
      eventCount += log.length
      if (tasks.length >= 100) await flush(false)
    }
    await flush(true)
    events = []
    return eventCount
  }

  const { archiveAll, close: closeArchive } = await archiveRunner(ctx, { afterDays: ARCHIVE_AFTER_DAYS, concurrency: ARCHIVE_CONCURRENCY })

  // ------------------------------------------------------------------------------------------
  // Timing

  const users = new Map(people.map((u) => [u._id, toAuthUser(u)]))
  const raw = async (list) => {
    const q = shared.taskListQuery.parse({ ...Object.fromEntries(new URLSearchParams(list.query)), limit: '20' })
    const { filter, sort } = listQuery(users.get(list.user), q, Date.now())
    return mdb.collection('tasks').find(filter).sort(sort).limit(21).toArray()
  }
  const viaBff = async (list) => {
    const r = await call(list.user, 'GET', `/api/tasks?${list.query}&limit=20`)
    if (r.status !== 200) throw new Error(`${list.name}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body.items
  }
  const timed = async (fn) => {
    const s = performance.now()
    const out = await fn()
    return { ms: performance.now() - s, out }
  }
  async function measure(label, lists = LISTS, requests = REQUESTS) {
    const counts = {
      tasks: await mdb.collection('tasks').countDocuments(),
      events: await mdb.collection('task_events').countDocuments(),
      archived: await mdb.collection('tasks_archive').countDocuments(),
    }
    say(`bench: lists at ${label} — ${counts.tasks} hot tasks, ${counts.events} hot events, ${counts.archived} archived tasks`)
    const out = { label, counts, lists: {} }
    for (const list of lists) {
      await viaBff(list) // warm-up
      const bff = []
      const direct = []
      let items = 0
      for (let i = 0; i < requests; i++) {
        const b = await timed(() => viaBff(list))
        bff.push(b.ms)
        items = b.out.length
        direct.push((await timed(() => raw(list))).ms)
      }
      out.lists[list.name] = { bff: pct(bff, 50), raw: pct(direct, 50), items }
    }
    // the sweeper's repair scan: events of the last 15 minutes (a full scan of task_events on the embedded database)
    const scans = []
    for (let i = 0; i < 5; i++)
      scans.push(
        (
          await timed(() =>
            mdb
              .collection('task_events')
              .find({ at: { $gte: new Date(Date.now() - 15 * 60_000) } })
              .toArray(),
          )
        ).ms,
      )
    out.eventScan = pct(scans, 50)
    // what every command starts with: the projection and the next event by _id (of the newest live task)
    const reads = []
    for (let i = 0; i < 9; i++) {
      const read = async () => {
        await mdb.collection('tasks').findOne({ _id: newestLive })
        await mdb.collection('task_events').findOne({ _id: eventId(newestLive, 999) })
      }
      reads.push((await timed(read)).ms)
    }
    out.pointRead = pct(reads, 50)
    // said at once, so a later step's failure does not lose what was measured
    say(
      `bench: lists at ${label}: ${Object.entries(out.lists)
        .map(([name, l]) => `${name} ${ms(l.bff)} (raw ${ms(l.raw)})`)
        .join(', ')}`,
    )
    return out
  }

  // ------------------------------------------------------------------------------------------
  // The three points

  const recent = (rng, now) => now - rng.int(15 * 24, 2 * 365 * 24) * HOUR // the last two years
  const old = (rng, now) => now - rng.int(2 * 365 * 24, 20 * 365 * 24) * HOUR // 2–20 years back

  say(`bench: generating ${SMALL} tasks (10 % live, 90 % closed over two years)`)
  let t = performance.now()
  let events = await generate(1, SMALL, 0.1, recent)
  const genA = { tasks: SMALL, events, seconds: (performance.now() - t) / 1000 }
  const archA = await archiveAll()
  const A = await measure(`${SMALL.toLocaleString('en')} tasks`)

  const extra = LARGE - SMALL
  say(`bench: generating ${extra} more tasks, 90 % closed as before (live work ×10)`)
  t = performance.now()
  events = await generate(2, extra, 0.1, recent)
  const genB = { tasks: extra, events, seconds: (performance.now() - t) / 1000 }
  const unarchived = await measure(
    `${LARGE.toLocaleString('en')} tasks before archiving`,
    LISTS.filter((l) => l.name === 'hall'),
    Math.min(REQUESTS, 8),
  )
  const archB = await archiveAll()
  const B = await measure(`${LARGE.toLocaleString('en')} tasks, live ×10`)

  say('bench: removing those again; generating closed history 2–20 years old instead (live work as at the start)')
  // a month of ids per delete: the embedded database deletes the matched rows in one SQL statement with one
  // variable per row, and refuses more than 32,766 (150,000 events at once)
  const months = new Set(Array.from({ length: 60 }, (_, i) => chinaDay(Date.now() - i * 15 * DAY).slice(0, 6)))
  for (const month of months) {
    for (const c of ['tasks', 'task_events', 'tasks_archive']) await mdb.collection(c).deleteMany({ _id: { $regex: `^JQ${month}\\d\\d-2` } })
  }
  for (const c of ['tasks', 'task_events', 'tasks_archive']) await mdb.collection(c).deleteMany({ _id: { $regex: '^JQ\\d{8}-2' } })
  events = await generate(3, extra, 0, old)
  const archC = await archiveAll()
  const C = await measure(`${LARGE.toLocaleString('en')} tasks, history ×10`)
  await closeArchive()

  // ------------------------------------------------------------------------------------------
  // Rows

  const n = (x) => x.toLocaleString('en')
  const cell = (m, name) => `p50 **${ms(m.lists[name].bff)}** (raw ${ms(m.lists[name].raw)}, ${m.lists[name].items} items)`
  const growth = (m, name) => `${(m.lists[name].bff / A.lists[name].bff).toFixed(2)}× (raw ${(m.lists[name].raw / A.lists[name].raw).toFixed(2)}×)`
  const hallGrowth = C.lists.hall.bff / A.lists.hall.bff
  const rows = [
    [
      `lists: generated ${n(SMALL)} tasks (${n(genA.events)} events) and ${n(genB.tasks)} more (${n(genB.events)} events), archive job after ${ARCHIVE_AFTER_DAYS} days`,
      `generated at ${n(Math.round((genA.tasks + genB.tasks) / (genA.seconds + genB.seconds)))} tasks/s; archive job moved ${n(archA.moved + archB.moved + archC.moved)} tasks (pages of 1,000) at ${archB.perSecond.toFixed(1)} tasks/s while moving the live-×10 backlog, ${archC.perSecond.toFixed(1)} tasks/s for the history`,
    ],
    [
      'hot collections (tasks / task_events; archived tasks)',
      [A, B, C].map((m) => `${m.label}: ${n(m.counts.tasks)} / ${n(m.counts.events)}; ${n(m.counts.archived)}`).join('<br>'),
    ],
    ...LISTS.map((l) => [
      `${l.name} — GET /api/tasks?${l.query} as ${l.user}`,
      [
        `${A.label}: ${cell(A, l.name)}`,
        `${B.label}: ${cell(B, l.name)} — growth ${growth(B, l.name)}`,
        `${C.label}: ${cell(C, l.name)} — growth ${growth(C, l.name)}`,
      ].join('<br>'),
    ]),
    [`hall at ${n(LARGE)} tasks before the archive job ran`, `${cell(unarchived, 'hall')} — growth ${growth(unarchived, 'hall')}`],
    [
      'a command’s first reads, raw: the projection and the next event by _id (newest live task)',
      [A, B, C].map((m) => `${m.label}: p50 ${ms(m.pointRead)}`).join('<br>'),
    ],
    ['the repair sweep’s event scan (task_events of the last 15 minutes), raw', [A, B, C].map((m) => `${m.label}: p50 ${ms(m.eventScan)}`).join('<br>')],
    [
      `goal: the hall’s p50 grows < 1.5× from ${n(SMALL)} to ${n(LARGE)} tasks (history ×10)`,
      `${hallGrowth.toFixed(2)}× ${hallGrowth < 1.5 ? '— met' : '— **not met**'} (with the live work ×10 as well: ${(B.lists.hall.bff / A.lists.hall.bff).toFixed(2)}×)`,
    ],
  ]
  return { rows }
}
