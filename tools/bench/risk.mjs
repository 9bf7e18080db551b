// 三色预警: re-scoring every case, and the cost of one new record.
//
// BENCH_RISK_CASES (default 100,000) channel records of a year, generated with the intake generator
// (shared/src/intake/demo: repeats by the same people and doors, near misses, addresses with slips,
// every channel; one in ten given a threatening line), made into cases by the engine's own
// caseFromRecord and written into the case cache and the subject links. Then:
//   1. all of them re-scored with their linked history: one scan of the cache, the subject index built
//      in memory, the pure scorer per case (what the rule preview and a full re-score do) → cases/s;
//   2. the rule preview over HTTP (the last 90 days under a draft, history from the whole year);
//   3. one new record (a task created through the API) by a caller with open tasks already: how many
//      cases it touched (itself and its linked open ones, not the 100,000) and its latency, next to a
//      new record by a caller with no history and to one raw `_id` read of a case.
import path from 'node:path'
import { ms, pct } from './util.mjs'

const CASES = Number(process.env.BENCH_RISK_CASES || 100_000)
// added to one record in ten: a line that is threatening or violent
const THREATS = ['夫妻争吵，女方称遭推搡。', '当事人扬言要报复，情绪激动。']

export async function benchRisk(ctx) {
  const { mdb, say, root, call } = ctx
  const { tsImport } = await import('tsx/esm/api')
  // file by file: the shared index's re-exports do not load through tsImport
  const risk = {
    ...(await tsImport(path.join(root, 'shared/src/risk/score.ts'), import.meta.url)),
    ...(await tsImport(path.join(root, 'shared/src/risk/rules.ts'), import.meta.url)),
    ...(await tsImport(path.join(root, 'shared/src/risk/case.ts'), import.meta.url)),
  }
  const pii = await tsImport(path.join(root, 'bff/src/tasks/pii.ts'), import.meta.url)
  const { loadConfig } = await tsImport(path.join(root, 'bff/src/config.ts'), import.meta.url)
  // the BFF's own key: it runs in development with the simulator and no PII_KEY (the dev-only key)
  const piiKey = loadConfig({ NODE_ENV: 'development', MONGODB_URI: ctx.dbUri, DINGTALK_SIMULATOR: '1', HOST: '127.0.0.1' }).piiKey
  const now = Date.now()
  const rand = mulberry32(20261127)
  const gen = await tsImport(path.join(root, 'shared/src/intake/demo/generator.ts'), import.meta.url)
  const channels = await tsImport(path.join(root, 'shared/src/intake/channels.ts'), import.meta.url)
  const taxonomy = await tsImport(path.join(root, 'shared/src/intake/taxonomy.ts'), import.meta.url)
  const record = await tsImport(path.join(root, 'shared/src/risk/record.ts'), import.meta.url)
  const byCode = new Map(taxonomy.DEFAULT_TAXONOMY.map((n) => [n.code, n]))
  const taskCategory = (code) => {
    for (let c = code; c; c = c.includes('.') ? c.slice(0, c.lastIndexOf('.')) : '') if (byCode.has(c)) return byCode.get(c).taskCategory
    return 'other'
  }
  const column = (channel, field) => channels.CHANNELS.find((c) => c.code === channel)?.fields.find((f) => f.field === field)?.column

  // a year of the street from the intake generator (repeats by the same people and doors, near misses,
  // addresses with slips, every channel), each record as the engine stores it (shared/src/risk/record.ts)
  say(`bench: generating ${CASES} channel records of a year with the intake generator into the case cache and the links`)
  let t = performance.now()
  const year = gen.generateDemoMonth({ end: now - 3600_000, records: CASES, days: 365, seed: 1127, sequenceStart: 800_000 })
  const people = new Map(year.people.map((p) => [p.id, p]))
  const incidents = new Map(year.incidents.map((i) => [i.id, i]))
  const hashes = new Map()
  const phoneHash = (phone) => {
    let h = hashes.get(phone)
    if (!h) {
      h = pii.phoneHash(piiKey, phone)
      hashes.set(phone, h)
    }
    return h
  }
  const firsts = year.records.filter((r) => r.version === 1)
  const links = new Map()
  for (let i = 0; i < firsts.length; i += 1000) {
    const docs = []
    for (const r of firsts.slice(i, i + 1000)) {
      const truth = year.truth[r.key]
      const incident = incidents.get(truth.incident)
      const persons = (incident?.persons ?? []).map((id) => people.get(id)).filter(Boolean)
      const kase = record.caseFromRecord({
        key: r.key,
        channel: r.channel,
        sourceId: r.sourceId,
        reportedAt: r.at,
        title: r.row[column(r.channel, 'category')] || '纠纷',
        content: r.row[column(r.channel, 'content')] || '',
        address: r.row[column(r.channel, 'address')] || '',
        category: taskCategory(truth.code),
        territory: truth.micro,
        parties: persons.slice(0, 2).map((p) => ({ name: p.name, phoneHash: phoneHash(p.phone), phoneMasked: '139****0000' })),
      })
      // one record in ten says something threatening or violent
      if (rand() < 0.1) kase.texts.push({ source: 'report', text: THREATS[Math.floor(rand() * THREATS.length)], at: r.at })
      const subjects = risk.subjectKeys(kase)
      const { id, ...rest } = kase
      docs.push({ ...rest, _id: id, seq: 1, subjects, colour: 'green', score: 0, factors: [], scoredAt: now, updatedAt: new Date(now) })
      for (const k of subjects) {
        const list = links.get(k) ?? []
        list.push(id)
        links.set(k, list)
      }
    }
    await mdb.collection('risk_cases').insertMany(docs, { ordered: false })
  }
  // the BFF's own demo month (fed by its risk-intake job) may have linked some of the same people: append after them
  const taken = new Map()
  for await (const l of mdb.collection('risk_links').find({}, { projection: { subject: 1 } })) taken.set(l.subject, (taken.get(l.subject) ?? 0) + 1)
  const insertLinks = (docs) =>
    mdb
      .collection('risk_links')
      .insertMany(docs, { ordered: false })
      .catch((err) => {
        if (err?.code !== 11000) throw err // a slot the job took meanwhile: that case is linked there already
      })
  let batch = []
  for (const [subject, ids] of links) {
    const from = taken.get(subject) ?? 0
    for (const [n, caseId] of ids.entries()) batch.push({ _id: `${subject}#${String(from + n).padStart(6, '0')}`, subject, caseId, at: new Date(now) })
    if (batch.length >= 1000) {
      await insertLinks(batch)
      batch = []
    }
  }
  if (batch.length) await insertLinks(batch)
  const generated = performance.now() - t

  // 1. every case re-scored with its history
  say('bench: re-scoring every case with its linked history')
  const rules = risk.DEFAULT_RISK_RULES
  t = performance.now()
  const docs = await mdb.collection('risk_cases').find({}).toArray()
  const scanned = performance.now() - t
  const bySubject = new Map()
  for (const d of docs) for (const k of d.subjects ?? []) bySubject.set(k, [...(bySubject.get(k) ?? []), d])
  const asCases = new Map(docs.map((d) => [d._id, { ...d, id: d._id }]))
  const asCase = (d) => asCases.get(d._id)
  const colours = { red: 0, yellow: 0, green: 0 }
  const s0 = performance.now()
  for (const d of docs) {
    const history = new Map()
    for (const k of d.subjects ?? []) for (const h of bySubject.get(k) ?? []) if (h._id !== d._id) history.set(h._id, h)
    colours[risk.scoreCase(asCase(d), [...history.values()].map(asCase), rules, now).colour]++
  }
  const scoring = performance.now() - s0
  const total = performance.now() - t

  // 2. the rule preview over HTTP
  say('bench: the rule preview (POST /api/risk/rules/preview)')
  t = performance.now()
  const preview = await call('u-admin', 'POST', '/api/risk/rules/preview', { rules: { ...rules, thresholds: { yellow: 30, red: 50 } } })
  const previewMs = performance.now() - t
  if (preview.status !== 200) throw new Error(`preview: ${preview.status} ${JSON.stringify(preview.body)}`)

  // 3. one new record by a caller with open tasks, next to one by a new caller and a raw read
  say('bench: one new record by a caller with history, and by a new caller')
  const repeatPhone = '13812399000'
  const task = async (phone, i) => {
    const s = performance.now()
    const r = await call('u-zhaoyan', 'POST', '/api/tasks', {
      title: `压测重复来电 ${i}`,
      description: '双方争吵',
      category: 'neighbour',
      tier: 'general',
      territory: 'GT-01-01',
      parties: [{ name: '重复来电人', phone }],
    })
    if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`)
    return { id: r.body.task.id, ms: performance.now() - s }
  }
  // few enough that each new call still raises the others' repeat factor (it is capped)
  const OPEN = 2
  for (let i = 0; i < OPEN; i++) await task(repeatPhone, i)
  const before = new Date()
  await new Promise((r) => setTimeout(r, 5))
  const linked = await task(repeatPhone, OPEN)
  // the BFF's risk-intake job may still be feeding its demo month (record:… cases) meanwhile: not this record's doing
  const touched = await mdb.collection('risk_cases').countDocuments({ updatedAt: { $gte: before }, kind: { $ne: 'record' } })
  const fresh = []
  for (let i = 0; i < 5; i++) fresh.push((await task(`1360000${String(1000 + i)}`, 100 + i)).ms)
  const reads = []
  for (let i = 0; i < 50; i++) {
    const s = performance.now()
    await mdb.collection('risk_cases').findOne({ _id: `record:${firsts[Math.floor(rand() * firsts.length)].key}` })
    reads.push(performance.now() - s)
  }
  const read = pct(reads, 50)
  const failed = touched !== OPEN + 1 ? `a new record re-scored ${touched} cases, not itself and its ${OPEN} linked open ones` : undefined
  return {
    failed,
    rows: [
      [`risk: ${firsts.length} channel records (intake generator, a year) as cases + links written (raw insertMany)`, `${(generated / 1000).toFixed(1)} s`],
      [
        `risk: every case re-scored with its linked history (scan ${(scanned / 1000).toFixed(1)} s + score ${(scoring / 1000).toFixed(1)} s)`,
        `${Math.round(CASES / (total / 1000))} cases/s (scoring alone ${Math.round(CASES / (scoring / 1000))} cases/s); red ${colours.red}, yellow ${colours.yellow}, green ${colours.green}`,
      ],
      [`risk: rule preview over HTTP (${preview.body.cases} cases of 90 days, ${preview.body.changes.length} change colour)`, ms(previewMs)],
      [`risk: one new record by a caller with ${OPEN} open tasks (cases re-scored and written)`, `${touched} of ${CASES + OPEN + 1} cases, ${ms(linked.ms)}`],
      ['risk: one new record by a new caller (create + score, p50 of 5)', ms(pct(fresh, 50))],
      ['risk: one raw `_id` read of a case (p50)', ms(read)],
      ['ratio new linked record : raw read', `${(linked.ms / read).toFixed(0)} : 1`],
    ],
  }
}

/** A small seeded generator: the same cases every run. */
function mulberry32(seed) {
  let a = seed
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
