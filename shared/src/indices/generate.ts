/**
 * Generated task logs of a street over a span of time — a month for the recompute test, a busy year
 * for the bench, a year of history for the demo. Deterministic (seeded); each log follows the task
 * lifecycle (routed, signed, published, claimed, worked, submitted, accepted; bounced and re-routed,
 * returned and resubmitted, assigned, self-handled, cancelled, reopened; some red, some late, some
 * still open when the span ends). Not exported from the package index; not used by any request path.
 */
import type { TaskCategory, TaskTier } from '../tasks/constants'
import type { Ref, TaskEvent } from '../tasks/types'
import { DAY_MS, HOUR_MS, Story } from './story'

export interface StreetPeople {
  /** grid codes tasks are placed in (a micro-grid or the community is picked now and then) */
  grids: string[]
  /** department code → its lead */
  departments: Record<string, Ref>
  /** grid workers and the territory they work in */
  workers: Array<Ref & { territory: string }>
}

export interface GenerateOptions {
  /** tasks are created in [from, to) */
  from: number
  to: number
  /** nothing after this instant is written: later steps are left undone (the log's "now") */
  until: number
  /** tasks per day on average */
  perDay: number
  seed: number
  people: StreetPeople
  /** task ids: `${prefix}${n}` (default JQG) */
  prefix?: string
}

const CATEGORIES: TaskCategory[] = [
  'neighbour',
  'family',
  'labour',
  'wages',
  'debt',
  'land',
  'property',
  'consumer',
  'traffic',
  'noise',
  'building',
  'vending',
  'public_order',
  'petition',
  'other',
]
const CENTRE: Ref = { id: 'u-zhaoyan', name: '赵燕' }
const SLA: Record<TaskTier, number> = { simple: DAY_MS, general: 7 * DAY_MS, complex: 20 * DAY_MS }

/** A small seeded generator (mulberry32). */
export function seeded(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    between: (lo: number, hi: number) => lo + next() * (hi - lo),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  }
}

/** Stops writing a story once a step would fall after `until`. */
class Cut extends Error {}

export function generateTaskLogs(opts: GenerateOptions): TaskEvent[][] {
  const rnd = seeded(opts.seed)
  const { grids, departments, workers } = opts.people
  const deptCodes = Object.keys(departments)
  const out: TaskEvent[][] = []
  const days = Math.max(1, Math.round((opts.to - opts.from) / DAY_MS))
  const total = Math.round(days * opts.perDay)
  for (let n = 0; n < total; n++) {
    const at = Math.floor(rnd.between(opts.from, opts.to))
    if (at > opts.until) continue
    const grid = rnd.pick(grids)
    const territory = rnd.chance(0.15) ? grid.split('-').slice(0, 2).join('-') : rnd.chance(0.5) ? `${grid}-0${1 + Math.floor(rnd.next() * 5)}` : grid
    const tier: TaskTier = rnd.chance(0.3) ? 'simple' : rnd.chance(0.8) ? 'general' : 'complex'
    const community = grid.split('-').slice(0, 2).join('-')
    const local = workers.filter((w) => w.territory.startsWith(community))
    const worker = rnd.pick(local.length ? local : workers)
    const dept = rnd.pick(deptCodes)
    const lead = departments[dept]
    const id = `${opts.prefix ?? 'JQG'}${String(n + 1).padStart(6, '0')}`
    const red = rnd.chance(0.08)
    const kind = rnd.next()
    const s =
      kind < 0.07
        ? new Story({ id, at, territory: grid, tier, category: rnd.pick(CATEGORIES), selfHandledBy: worker, title: `自处理上报 ${n + 1}` })
        : new Story({ id, at, territory, tier, red, category: rnd.pick(CATEGORIES), origin: rnd.chance(0.3) ? 'intake' : 'centre', title: `生成工单 ${n + 1}` })
    let t = at
    /** the next step, `lo`–`hi` hours after the last; throws Cut past `until` */
    const step = (lo: number, hi: number) => {
      t += Math.floor(rnd.between(lo, hi) * HOUR_MS)
      if (t > opts.until) throw new Cut()
      return t
    }
    const work = (holder: Ref, by: Ref) => {
      const due = s.task.dueAt
      s.progress(step(0.5, 30), holder)
      // most finish inside the SLA, some late
      const target = s.task.createdAt + SLA[tier] * rnd.between(0.1, rnd.chance(0.85) ? 0.95 : 1.6)
      const submitAt = Math.floor(Math.max(t + 10 * 60_000, target))
      if (submitAt > opts.until) throw new Cut()
      t = submitAt
      s.submit(t, holder)
      if (rnd.chance(0.1)) {
        s.returnIt(step(1, 30), by)
        s.progress(step(1, 20), holder)
        s.submit(step(1, 20), holder)
      }
      s.accept(step(0.5, rnd.chance(0.9) ? 24 : 120), by, 1 + Math.floor(rnd.next() * 5))
      return due
    }
    try {
      if (kind < 0.07) {
        s.accept(step(0.5, 30), lead)
      } else if (kind < 0.12) {
        if (red && rnd.chance(0.5)) s.revealPhone(step(0.1, 3), CENTRE)
        s.cancel(step(0.1, 12))
      } else {
        // a red warning waits longer now and then before anyone acts
        step(red && rnd.chance(0.3) ? 20 : 0.1, red && rnd.chance(0.3) ? 40 : 4)
        s.route(t, dept)
        if (rnd.chance(0.1)) {
          s.bounce(step(1, 20), lead)
          const other = rnd.pick(deptCodes.filter((d) => d !== dept))
          s.route(step(0.5, 6), other)
          s.sign(step(0.5, 10), departments[other])
        } else s.sign(step(0.5, 10), lead)
        const signer = departments[s.task.department?.code ?? dept]
        if (rnd.chance(0.2)) s.assign(step(0.5, 6), worker, signer)
        else {
          s.publish(step(0.5, 6), signer)
          s.claim(step(0.5, 24), worker)
        }
        work(worker, signer)
        if (rnd.chance(0.06)) {
          s.reopen(step(24, 240), t + SLA[tier])
          s.route(step(0.5, 6), s.task.department?.code ?? dept)
          s.sign(step(0.5, 6), signer)
          s.assign(step(0.5, 6), worker, signer)
          work(worker, signer)
        }
      }
    } catch (err) {
      if (!(err instanceof Cut)) throw err
    }
    out.push(s.events)
  }
  return out
}
