// 归集 (section `leads`):
//
//   1. linking quality: a generated month (BENCH_LEADS_RECORDS, default 1 000 records; the channels that
//      push) pushed through the signed push API in record-time order; pairwise precision and recall of
//      "same incident" against the generator's ground truth (goal: precision ≥ 0.98, recall ≥ 0.95)
//   2. the cost of linking one new record: a single-record push (store + link), median of 40, next to a
//      raw `_id` read and a raw insert of the same run — at the history of step 1 and again after
//      BENCH_LEADS_HISTORY more records (default 9 000; about 30 minutes here). The ratio must not grow
//      with history: linking reads match keys by `_id`, never scans.
//   3. the same cost once the stored records reach BENCH_LEADS_PAD_TO (default 100 000): pushing that many
//      through the API would take hours here, so every collection the push and linking path writes is padded
//      with copies of its own documents under other `_id`s, dated months earlier (a copied match-key bucket's
//      id no longer names any key, so nothing links to a copy). A query on that path that scans instead of
//      reading by `_id` grows with the padding; `BENCH_LEADS_PAD_TO=0` skips the step.
//   BENCH_LEADS_EXPLAIN=1 prints every wrong join and every split incident of step 1, with the records.

import path from 'node:path'

const RECORDS = Number(process.env.BENCH_LEADS_RECORDS || 1000)
const HISTORY = Number(process.env.BENCH_LEADS_HISTORY || 9000)
const SAMPLES = 100
const PAD_TO = Number(process.env.BENCH_LEADS_PAD_TO ?? 100000)
/**
 * What the push and linking path writes and reads (outboxes and their attempts are left alone: copies would be
 * sent; so are tasks and their facts: copies of live tasks are more live work, not history, and the jobs that
 * watch live work would take them on — the lists section measures a task history).
 */
const PADDED = [
  'intake_sources',
  'intake_push_nonces',
  'leads',
  'lead_events',
  'lead_keys',
  'lead_claims',
  'lead_members',
  'lead_conversions',
  'risk_links',
  'risk_subjects',
  'risk_cases',
  'intake_arrivals',
  'lead_touches',
]
/** journals the BFF trims by age (intake/arrivals.ts, leads/touches.ts): a copy older than that would have been deleted */
const KEPT_DAYS = { intake_arrivals: 100, lead_touches: 1 }
/** fields naming a document of a padded collection without ending in `Id` */
const REFERENCES = { intake_arrivals: ['source'] }

/**
 * Adds `copies` copies of every document of the PADDED collections, each under a new `_id`; copy k's
 * references (`taskId`, `leadId` …) point at copy k of what they name, so each copy is a world of its own,
 * and its times are k × 31 days earlier: history, outside every catch-up window.
 */
async function pad(mdb, copies, say) {
  const { ObjectId } = (await import('mongoose')).default.mongo
  const copy = (name, d, k) => {
    const out = { ...d, _id: typeof d._id === 'string' ? `${d._id}~pad${k}` : new ObjectId() }
    for (const [f, v] of Object.entries(d)) {
      if ((/Id$/.test(f) || REFERENCES[name]?.includes(f)) && typeof v === 'string') out[f] = `${v}~pad${k}`
      if (v instanceof Date) out[f] = new Date(v.getTime() - k * 31 * 86_400_000)
    }
    return out
  }
  let written = 0
  for (const name of PADDED) {
    // a scan next to the BFF's own writes can meet a document twice
    const docs = [...new Map((await mdb.collection(name).find({}).toArray()).map((d) => [String(d._id), d])).values()]
    for (let k = 1; k <= copies && k * 31 < (KEPT_DAYS[name] ?? Number.POSITIVE_INFINITY); k++) {
      const batch = docs.map((d) => copy(name, d, k))
      for (let i = 0; i < batch.length; i += 1000) {
        // the app's own jobs may already have made a copy's document from the copies before it (a case of a copied lead)
        await mdb
          .collection(name)
          .insertMany(batch.slice(i, i + 1000), { ordered: false })
          .catch((err) => {
            if ((err.writeErrors ?? [err]).some((e) => e.code !== 11000)) throw err
          })
      }
      written += batch.length
    }
    say(`bench-leads: padded ${name} (${docs.length} × ${Math.min(copies, KEPT_DAYS[name] ? Math.ceil(KEPT_DAYS[name] / 31) - 1 : copies) + 1})`)
  }
  return written
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
const ms = (v) => `${v.toFixed(2)} ms`

/** BENCH_LEADS_EXPLAIN=1: every lead holding records of more than one incident, and every incident split over leads. */
function explainMistakes(say, month, keys, leadOf) {
  const byKey = new Map(month.records.map((r) => [r.key, r]))
  const group = (f) => {
    const m = new Map()
    for (const k of keys) m.set(f(k), [...(m.get(f(k)) ?? []), k])
    return m
  }
  const line = (k) => {
    const r = byKey.get(k)
    return `    ${new Date(r.at).toISOString().slice(5, 16)} ${k} incident ${month.truth[k].incident}: ${JSON.stringify(r.row).slice(0, 160)}`
  }
  for (const [lead, ks] of group((k) => leadOf.get(k) ?? `none:${k}`)) {
    if (new Set(ks.map((k) => month.truth[k].incident)).size > 1)
      say(`bench-leads: lead ${lead} joins ${ks.length} records of different incidents:\n${ks.map(line).join('\n')}`)
  }
  for (const [incident, ks] of group((k) => month.truth[k].incident)) {
    if (new Set(ks.map((k) => leadOf.get(k))).size > 1)
      say(`bench-leads: incident ${incident} split over leads:\n${ks.map((k) => `${line(k)} → ${leadOf.get(k)}`).join('\n')}`)
  }
}

export async function benchLeads(ctx) {
  const { root, say, mdb, baseUrl: base } = ctx
  const { tsImport } = await import('tsx/esm/api')
  const gen = await tsImport(path.join(root, 'shared/src/intake/demo/generator.ts'), import.meta.url)
  const channels = await tsImport(path.join(root, 'shared/src/intake/channels.ts'), import.meta.url)
  const sign = await tsImport(path.join(root, 'simulator/src/intake/sign.ts'), import.meta.url)
  const pushable = new Set(channels.CHANNELS.filter((c) => c.push).map((c) => c.code))

  const push = async (channel, rows) => {
    const p = `/api/intake/channels/${channel}/records`
    const body = JSON.stringify({ records: rows })
    const headers = sign.signedHeaders({ keyId: sign.SIM_CHANNEL_KEYS.id(channel), secret: sign.SIM_CHANNEL_KEYS.secret(channel), path: p, body })
    const r = await fetch(`${base}${p}`, { method: 'POST', headers, body })
    if (r.status !== 200) throw new Error(`push ${channel}: ${r.status} ${await r.text()}`)
  }
  /** pushes in time order, consecutive records of one channel together (at most 50) */
  const pushAll = async (records) => {
    for (let i = 0; i < records.length; ) {
      const ch = records[i].channel
      let j = i
      while (j < records.length && j - i < 50 && records[j].channel === ch) j++
      await push(
        ch,
        records.slice(i, j).map((r) => r.row),
      )
      i = j
    }
  }
  const monthOf = (n, seed, start, end) => {
    const m = gen.generateDemoMonth({ end, records: n, days: Math.max(30, Math.round(n / 30)), seed, sequenceStart: start })
    return { ...m, records: m.records.filter((r) => r.version === 1 && pushable.has(r.channel)).sort((a, b) => a.at - b.at) }
  }

  // 1. quality
  say(`bench-leads: pushing ${RECORDS} generated records`)
  const end = Date.now() - 3600_000
  const month = monthOf(RECORDS, 9191, 700_000, end)
  await pushAll(month.records)
  const keys = month.records.map((r) => r.key)
  const docs = await mdb
    .collection('intake_sources')
    .find({ _id: { $in: keys } }, { projection: { leadId: 1 } })
    .toArray()
  const leadOf = new Map(docs.map((d) => [d._id, d.leadId]))
  const pairs = (groups) => [...groups.values()].reduce((n, k) => n + (k * (k - 1)) / 2, 0)
  const count = (f) => {
    const m = new Map()
    for (const k of keys) m.set(f(k), (m.get(f(k)) ?? 0) + 1)
    return m
  }
  const same = pairs(count((k) => month.truth[k].incident))
  const linked = pairs(count((k) => leadOf.get(k) ?? `none:${k}`))
  const both = pairs(count((k) => `${month.truth[k].incident}|${leadOf.get(k) ?? `none:${k}`}`))
  const precision = linked ? both / linked : 1
  const recall = same ? both / same : 1
  const unlinked = keys.filter((k) => !leadOf.get(k)).length
  if (process.env.BENCH_LEADS_EXPLAIN) explainMistakes(say, month, keys, leadOf)
  say(`bench-leads: ${keys.length} records: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (${unlinked} unlinked)`)

  // 2. cost per record, against raw operations of the same run
  const raw = mdb.collection('bench_leads_raw')
  const measure = async (label, seed, start) => {
    const extra = monthOf(SAMPLES * 2, seed, start, Date.now() - 60_000).records.slice(0, SAMPLES)
    // each push is followed by a raw read and a raw insert: the three meet the same background work
    const push1 = []
    const read = []
    const insert = []
    for (const [i, r] of extra.entries()) {
      let t0 = performance.now()
      await push(r.channel, [r.row])
      push1.push(performance.now() - t0)
      t0 = performance.now()
      await mdb.collection('intake_sources').findOne({ _id: keys[i % keys.length] })
      read.push(performance.now() - t0)
      t0 = performance.now()
      await raw.insertOne({ _id: `${label}:${i}`, at: new Date() })
      insert.push(performance.now() - t0)
    }
    const sources = await mdb.collection('intake_sources').estimatedDocumentCount()
    const figures = { sources, push: median(push1), read: median(read), insert: median(insert) }
    say(
      `bench-leads: ${sources} records stored: one record pushed and linked ${ms(figures.push)}, a raw _id read ${ms(figures.read)}, a raw insert ${ms(figures.insert)}`,
    )
    return figures
  }
  say('bench-leads: cost of one record at the first history')
  const small = await measure('small', 7001, 800_000)
  say(`bench-leads: ${HISTORY} more records of history`)
  await pushAll(monthOf(HISTORY, 8080, 810_000, end).records)
  say('bench-leads: cost of one record at the larger history')
  const large = await measure('large', 7002, 990_000)
  let padded = null
  if (PAD_TO > large.sources) {
    const copies = Math.ceil(PAD_TO / large.sources) - 1
    say(`bench-leads: padding the stored records to ${(large.sources * (copies + 1)).toLocaleString('en')} (${copies} copies of each document)`)
    const t0 = performance.now()
    const written = await pad(mdb, copies, say)
    const padMs = performance.now() - t0
    say('bench-leads: cost of one record at the padded history')
    padded = { ...(await measure('padded', 7003, 995_000)), copies, written, padMs }
  }
  await raw.drop().catch(() => {})

  const failed = []
  if (precision < 0.98) failed.push(`precision ${precision.toFixed(3)} < 0.98`)
  if (recall < 0.95) failed.push(`recall ${recall.toFixed(3)} < 0.95`)
  const last = padded ?? large
  const growth = last.push / last.read / (small.push / small.read)
  if (growth > 3) failed.push(`linking cost grew ${growth.toFixed(1)}× with history`)
  return {
    rows: [
      [
        `linking on ${keys.length} pushed records (${unlinked} unlinked)`,
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (goal ≥ 0.98 / ≥ 0.95)`,
      ],
      [
        `one record pushed and linked, ${small.sources} records stored`,
        `${ms(small.push)} = ${(small.push / small.read).toFixed(0)}× a raw _id read (${ms(small.read)}), ${(small.push / small.insert).toFixed(0)}× a raw insert`,
      ],
      [
        `one record pushed and linked, ${large.sources} records stored`,
        `${ms(large.push)} = ${(large.push / large.read).toFixed(0)}× a raw _id read (${ms(large.read)}), ${(large.push / large.insert).toFixed(0)}× a raw insert`,
      ],
      ...(padded
        ? [
            [
              `one record pushed and linked, ${padded.sources} records stored (${padded.copies} copies of every document on the path, ${padded.written.toLocaleString('en')} written in ${(padded.padMs / 1000).toFixed(0)} s)`,
              `${ms(padded.push)} = ${(padded.push / padded.read).toFixed(0)}× a raw _id read (${ms(padded.read)}), ${(padded.push / padded.insert).toFixed(0)}× a raw insert; growth from ${small.sources} records ${growth.toFixed(2)}× as a ratio, ${(padded.push / small.push).toFixed(2)}× in time (goal: flat, fails above 3×)`,
            ],
          ]
        : []),
    ],
    ...(failed.length ? { failed: failed.join('; ') } : {}),
  }
}
