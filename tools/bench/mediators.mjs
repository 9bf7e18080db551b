// 攻坚小组 proposal over a pool of 5,000 mediators (GET /api/mediation/tasks/:id/proposal: the rule,
// the pool's profiles, records, load slots and departures, conflicts and scores) next to one raw read
// of the whole pool (`mediators`.find({})) in the same run. Goal: p50 ≤ 3× the raw read.
// BENCH_MEDIATORS=5000 BENCH_PROPOSALS=30.
import path from 'node:path'
import { ms, pct } from './util.mjs'

const POOL = Number(process.env.BENCH_MEDIATORS || 5000)
const RUNS = Number(process.env.BENCH_PROPOSALS || 30)
const GOAL = 3

const TYPES = ['police', 'judicial', 'labour', 'legal_aid', 'professional', 'notable', 'cadre', 'grid', 'counsellor', 'volunteer']
const DOMAINS = ['family', 'neighbour', 'labour', 'wages', 'debt', 'land', 'property', 'consumer', 'traffic']
const DIALECTS = ['慈溪话', '余姚话', '宁波话', '四川话', '贵州话']
const pad = (n, w = 2) => String(n).padStart(w, '0')

export async function benchMediators(ctx) {
  const { call, mdb, say, root } = ctx
  say(`bench: a pool of ${POOL} mediators, then ${RUNS} proposals each way`)
  const now = new Date()
  const docs = []
  const stats = []
  const slots = []
  for (let i = 0; i < POOL; i++) {
    const id = `bench-m${pad(i, 5)}`
    const community = `GT-${pad((i % 16) + 1)}`
    const home = i % 3 === 0 ? `${community}-${pad((i % 6) + 1)}-${pad((i % 5) + 1)}` : community
    docs.push({
      _id: id,
      name: `调解员${i}`,
      kind: i % 4 === 0 ? 'external' : 'staff',
      type: TYPES[i % TYPES.length],
      title: '',
      orgIds: [],
      domains: [DOMAINS[i % DOMAINS.length], DOMAINS[(i * 7) % DOMAINS.length]],
      specialties: [],
      dialects: i % 2 ? [DIALECTS[i % DIALECTS.length]] : [],
      years: i % 30,
      home,
      publicCard: i % 2 === 0,
      active: true,
      phoneHash: `bench-hash-${i}`,
      relations: i % 10 === 0 ? [{ kind: 'kin', name: `亲属${i}`, phoneHash: `bench-rel-${i}` }] : [],
      createdAt: now,
      rev: 1,
      updatedAt: now,
    })
    stats.push({
      _id: id,
      done: i % 20,
      success: (i % 20) - (i % 3),
      partial: 0,
      failed: i % 3,
      totalDurationMs: 86_400_000 * (i % 20),
      ratingSum: 4 * (i % 5),
      ratingCount: i % 5,
      at: now,
    })
    if (i % 3 === 0) {
      slots.push({
        _id: `${id}:slot:0`,
        mediatorId: id,
        k: 0,
        teamId: `bench-team-${i}`,
        taskId: `bench-task-${i}`,
        taskNo: `JQ20261127-${pad(i, 4)}`,
        token: `t${i}`,
        parties: [{ name: `当事人${i}` }],
        at: now,
      })
    }
  }
  for (const [name, list] of [
    ['mediators', docs],
    ['mediator_stats', stats],
    ['mediator_load_slots', slots],
  ]) {
    for (let i = 0; i < list.length; i += 100) await mdb.collection(name).insertMany(list.slice(i, i + 100), { ordered: true })
  }
  const created = await call('u-zhaoyan', 'POST', '/api/tasks', {
    title: '压测：夫妻矛盾',
    description: '压测用婚恋家庭纠纷',
    category: 'family',
    tier: 'complex',
    territory: 'GT-01-02-03',
    riskColour: 'red',
    parties: [
      { name: '压测申请人', role: '申请人', phone: '13900000001' },
      { name: '压测被申请人', role: '被申请人', phone: '13900000002' },
    ],
  })
  if (created.status !== 201) return { rows: [], failed: `create: ${created.status} ${JSON.stringify(created.body)}` }
  const taskId = created.body.task.id
  const proposalPath = `/api/mediation/tasks/${taskId}/proposal`
  for (let i = 0; i < 3; i++) await call('u-liugang', 'GET', proposalPath) // warm-up
  const api = []
  const raw = []
  let picks = ''
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now()
    const r = await call('u-liugang', 'GET', proposalPath)
    api.push(performance.now() - t)
    if (r.status !== 200) return { rows: [], failed: `proposal: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}` }
    picks = r.body.slots.map((s) => `${s.label} ${s.picks.length}/${s.count}`).join('，')
    t = performance.now()
    await mdb.collection('mediators').find({}).toArray()
    raw.push(performance.now() - t)
  }
  // the engine alone, in this process, over the pool the BFF reads (what the HTTP figure spends outside the database)
  const { tsImport } = await import('tsx/esm/api')
  const shared = await tsImport(path.join(root, 'shared/src/mediators/propose.ts'), import.meta.url)
  const rules = await tsImport(path.join(root, 'shared/src/mediators/rules.ts'), import.meta.url)
  const candidates = docs.map((d, i) => ({
    id: d._id,
    name: d.name,
    type: d.type,
    domains: d.domains,
    dialects: d.dialects,
    years: d.years,
    home: d.home,
    phoneHash: d.phoneHash,
    relations: d.relations,
    loadCap: 3,
    load: i % 3 === 0 ? 1 : 0,
    engagements: [],
    stats: { done: stats[i].done, success: stats[i].success, partial: 0, ratingSum: stats[i].ratingSum, ratingCount: stats[i].ratingCount },
  }))
  const rule = rules.ruleFor(rules.DEFAULT_COMPOSITION_RULES, 'family', 'red')
  const task = {
    id: taskId,
    taskNo: taskId,
    category: 'family',
    riskColour: 'red',
    territory: 'GT-01-02-03',
    parties: [{ name: '压测申请人', role: '申请人' }],
  }
  const engine = []
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    shared.proposeTeam({ task, rule, candidates, now: Date.now() })
    engine.push(performance.now() - t)
  }
  const ratio = pct(api, 50) / pct(raw, 50)
  return {
    rows: [
      [`team proposal over ${POOL} mediators, GET …/proposal (red 婚恋家庭: ${picks})`, `p50 ${ms(pct(api, 50))}, p99 ${ms(pct(api, 99))}`],
      [`one raw read of the whole pool, mediators.find({}) (${POOL} documents)`, `p50 ${ms(pct(raw, 50))}, p99 ${ms(pct(raw, 99))}`],
      ['the pure engine alone (proposeTeam, in process)', `p50 ${ms(pct(engine, 50))}`],
      [`ratio proposal : raw pool read (p50; goal ≤ ${GOAL})`, `${ratio.toFixed(1)} : 1`],
    ],
    ...(ratio > GOAL ? { failed: `the proposal takes ${ratio.toFixed(1)}× the raw pool read (goal ≤ ${GOAL}×)` } : {}),
  }
}
