/**
 * The reference the stored numbers are checked against: each index computed the plainest way, straight
 * from the raw task events, by re-reading the definitions (README, 关键指数) — no facts, no marks, no
 * counters, no code shared with bff/src/indices or shared/src/indices. Slow on purpose: it walks every
 * log for every period and key it is asked about.
 */
import type { TaskEvent } from '@jqtb/shared'

export interface NaiveNumbers {
  received: number
  cancelled: number
  leftQueue: number
  seated: number
  closedOfReceived: number
  closed: number
  closedLate: number
  closeTimes: number[]
  claimTimes: number[]
  dueOnTime: number
  dueLate: number
  overdueOpen: number
  red: number
  redActed: number
  redTimes: number[]
  redWaiting: number
  redLongWaiting: number
  redActedIn24h: number
  routed: number
  bounced: number
  reopened: number
  categories: Record<string, number>
}

const NOTES = new Set(['phone_revealed', 'appeal_filed', 'appeal_decided'])
/** Events that neither change who holds the task nor its stage (what "the task's last step" skips). */
const ASIDE = new Set([...NOTES, 'overdue_escalated', 'claim_extended', 'progress'])

interface Task {
  events: TaskEvent[]
  created: TaskEvent & { type: 'created' }
}

/** A scope as `street:GT`, `community:GT-01`, `grid:GT-01-03`, `department:PCS`, `person:u-x`. */
type Key = string

function inTerritory(code: string, key: Key): boolean {
  const [dim, k] = key.split(':')
  if (dim === 'street') return code === k || code.startsWith(`${k}-`)
  if (dim === 'community' || dim === 'grid') return code === k || code.startsWith(`${k}-`)
  return false
}

export function naiveNumbers(logs: TaskEvent[][], start: number, end: number, key: Key, now: number): NaiveNumbers {
  const n: NaiveNumbers = {
    received: 0,
    cancelled: 0,
    leftQueue: 0,
    seated: 0,
    closedOfReceived: 0,
    closed: 0,
    closedLate: 0,
    closeTimes: [],
    claimTimes: [],
    dueOnTime: 0,
    dueLate: 0,
    overdueOpen: 0,
    red: 0,
    redActed: 0,
    redTimes: [],
    redWaiting: 0,
    redLongWaiting: 0,
    redActedIn24h: 0,
    routed: 0,
    bounced: 0,
    reopened: 0,
    categories: {},
  }
  const within = (t: number) => t >= start && t < end
  const [dim, k] = key.split(':')
  for (const events of logs) {
    const task: Task = { events, created: events[0] as Task['created'] }
    const c = task.created.data
    const territory = c.territory.code
    // the department it is with now: the last routing, unless a bounce came after it
    let department: string | undefined
    for (const e of events) {
      if (e.type === 'routed') department = e.data.department.code
      if (e.type === 'bounced') department = undefined
    }
    // where it stands now: the last of accepted / cancelled / reopened decides closed or cancelled
    const ends = events.filter((e) => e.type === 'accepted' || e.type === 'cancelled' || e.type === 'reopened')
    const last = ends.at(-1)
    const closedBy = last?.type === 'accepted' ? (last as TaskEvent & { type: 'accepted' }) : undefined
    const cancelled = last?.type === 'cancelled'
    let due = c.dueAt
    for (const e of events) if (e.type === 'reopened') due = e.data.dueAt
    // who is on it now: seats won and lost, in order
    let holders: string[] = c.selfHandled && c.reporter ? [c.reporter.id] : []
    for (const e of events) {
      if (e.type === 'claimed' || e.type === 'claim_approved' || e.type === 'assigned') holders = [...holders.filter((h) => h !== e.data.userId), e.data.userId]
      if (e.type === 'released' || e.type === 'claim_expired') holders = holders.filter((h) => h !== e.data.userId)
      if (e.type === 'routed' || e.type === 'published' || e.type === 'reopened' || e.type === 'cancelled') holders = []
    }
    const people = closedBy ? closedBy.data.doers.map((d) => d.userId) : holders

    const place = inTerritory(territory, key) || (dim === 'department' && department === k)
    const who = place || (dim === 'person' && people.includes(k))

    // received, and what became of what was received
    if (place && within(c ? task.created.at : 0)) {
      n.received++
      n.categories[c.category] = (n.categories[c.category] ?? 0) + 1
      if (cancelled) n.cancelled++
      if (c.selfHandled || events.some((e) => ['routed', 'published', 'assigned', 'claimed', 'claim_approved'].includes(e.type))) n.leftQueue++
      if (c.selfHandled || events.some((e) => ['assigned', 'claimed', 'claim_approved'].includes(e.type))) n.seated++
      if (closedBy) n.closedOfReceived++
    }
    // closed in the period
    if (closedBy && within(closedBy.at)) {
      if (who) {
        n.closed++
        if (closedBy.data.late) n.closedLate++
        n.closeTimes.push(closedBy.at - task.created.at)
      }
      const claims = closedBy.data.doers.filter((d) => d.via !== 'self_report')
      if (place && claims.length) n.claimTimes.push(closedBy.data.submittedAt - Math.min(...claims.map((d) => d.claimedAt)))
      if (dim === 'person') for (const d of claims) if (d.userId === k) n.claimTimes.push(closedBy.data.submittedAt - d.claimedAt)
    }
    // judged against the due date in force, in the period it falls in
    if (who && !cancelled && within(due)) {
      if (closedBy) {
        if (closedBy.data.late) n.dueLate++
        else n.dueOnTime++
      } else {
        const lastStep = [...events].reverse().find((e) => !ASIDE.has(e.type))
        const awaitingInTime = lastStep?.type === 'submitted' && lastStep.at <= due
        if (!awaitingInTime && due < now) n.overdueOpen++
      }
    }
    // red: from creation; the first later step by a person (not the system, not a note) acts on it
    if (place && c.riskColour === 'red' && within(task.created.at)) {
      n.red++
      const act = events.slice(1).find((e) => e.actor.id !== 'system' && !NOTES.has(e.type))
      if (act) {
        n.redActed++
        n.redTimes.push(act.at - task.created.at)
        if (act.at - task.created.at <= 24 * 3_600_000) n.redActedIn24h++
      } else {
        n.redWaiting++
        if (now - task.created.at > 24 * 3_600_000) n.redLongWaiting++
      }
    }
    // routings, counted for the department routed to; bounced when that department sent it back
    for (let i = 0; i < events.length; i++) {
      const e = events[i]
      if (e.type !== 'routed' || !within(e.at)) continue
      const dept = e.data.department.code
      if (!(inTerritory(territory, key) || (dim === 'department' && dept === k))) continue
      n.routed++
      const nextRoute = events.findIndex((x, j) => j > i && x.type === 'routed')
      if (events.some((x, j) => j > i && (nextRoute < 0 || j < nextRoute) && x.type === 'bounced' && x.data.department.code === dept)) n.bounced++
    }
    for (const e of events) if (e.type === 'reopened' && within(e.at) && place) n.reopened++
  }
  return n
}

/** The nearest-rank 90th percentile, exactly. */
export function exactP90(xs: number[]): number | null {
  if (!xs.length) return null
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.ceil(0.9 * sorted.length) - 1]
}
