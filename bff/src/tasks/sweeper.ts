/**
 * The task timers and housekeeping, run periodically (main.ts) and directly by tests: projection
 * repair, claim expiry warnings and auto-release, SLA reminders and overdue escalation, the sign-for
 * window, batched "new tasks in your territory" notices, and claim slots a crash left behind.
 * Safe on several BFF instances at once: every change is an event append (one winner per seq), every
 * notice an outbox insert keyed by the event or time bucket it comes from, every slot release a ticket.
 */
import { createHash } from 'node:crypto'
import { HOUR_MS, isOverdue, isTerminal, lapsedHolders, type Role, type TaskSettings, type TaskState } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { isDatabaseUnavailable } from '../infra/errors'
import type { PeriodicJob } from '../infra/scheduler'
import { openWindow } from '../kernel/windows'
import { getTaskSettings } from '../settings/queries'
import { expireLapsedClaims } from './claims'
import { type LiveTask, liveAndRecentTasks } from './live'
import { eventId, eventsAfter, readLog, type TaskDeps, taskDeps, toState } from './log'
import type { TaskDoc, TaskEventDoc } from './model'
import { deptLeads, dispatchers, sendTaskNotice } from './notify'
import { poolMembers } from './pool'
import { repairFromLog } from './projection'
import { countsAgainstCap, freeSlot, RELEASE_TICKET_TTL_MS, sameClaim, slotId } from './slots'
import { loadTask, REPAIR_AFTER_MS } from './store'
import { iso } from './time'
import { eventsInWindow } from './window-events'
import { escalateOverdue, escalateUnsigned } from './workflow'

export interface SweepReport {
  expired: number
  warned: number
  reminded: number
  overdue: number
  unsigned: number
  batches: number
  repaired: number
  slotsFreed: number
  /** claims holding a seat without their claim slot (the active-claim cap may be exceeded): logged */
  slotless: number
}

/** Runs one task, logging instead of failing the whole sweep when one task has a problem. */
async function each<T>(deps: TaskDeps, items: T[], fn: (item: T) => Promise<number | undefined>, failures = { n: 0 }): Promise<number> {
  let n = 0
  for (const item of items) {
    try {
      n += (await fn(item)) ?? 0
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err // the whole pass stops; the scheduler backs off
      deps.logger?.warn({ err }, 'task sweep step failed for one task; next run retries')
      failures.n++
    }
  }
  return n
}

/** Outbox keys not queued yet (so a sweep every 30 s does not hammer the outbox with duplicate inserts). */
async function unqueued(deps: TaskDeps, keys: string[]): Promise<Set<string>> {
  // point reads: `_id: {$in}` is a full scan on FerretDB's SQLite backend
  const found = await Promise.all(keys.map((k) => deps.db.models.Outbox.exists({ _id: k })))
  return new Set(keys.filter((_, i) => !found[i]))
}

/** Lapsed claims → `claim_expired` (republished); claims about to lapse → one warning each. */
export async function sweepClaims(deps: TaskDeps, settings: TaskSettings, live: LiveTask[]): Promise<{ expired: number; warned: number }> {
  const now = deps.clock.now().getTime()
  const warnMs = settings.claimWarningMinutes * 60_000
  const docs = live.filter((t) => t.nextClaimExpiry <= now + warnMs)
  let warned = 0
  const expired = await each(deps, docs, async ({ _id }) => {
    let t = await loadTask(deps, _id)
    let n = 0
    if (lapsedHolders(t, now).length) {
      const res = await expireLapsedClaims(deps, _id)
      n = res.appended.length
      t = res.state
    }
    const expiring = t.holders.filter((h) => h.expiresAt !== undefined && h.startedAt === undefined && h.expiresAt > now && h.expiresAt - now <= warnMs)
    const keyOf = (h: (typeof expiring)[number]) => `${eventId(t.id, h.sinceSeq)}:claim_expiring:${h.expiresAt}`
    const fresh = await unqueued(deps, expiring.map(keyOf))
    for (const h of expiring) {
      if (!fresh.has(keyOf(h))) continue
      await sendTaskNotice(deps, keyOf(h), [h.userId], 'claim_expiring', t, { expiresAt: iso(h.expiresAt) as string })
      warned++
    }
    return n
  })
  return { expired, warned }
}

/** Who hears about a deadline: the holders, else the department's leads, else the centre. */
async function deadlineRecipients(deps: TaskDeps, t: TaskState): Promise<string[]> {
  if (t.holders.length) return t.holders.map((h) => h.userId)
  if (t.department) return deptLeads(deps, t.department.code)
  return dispatchers(deps)
}

/** Reminders at the configured offsets before the due date; once overdue, one escalation to the centre. */
export async function sweepDeadlines(deps: TaskDeps, settings: TaskSettings, live: LiveTask[]): Promise<{ reminded: number; overdue: number }> {
  const now = deps.clock.now().getTime()
  const offsets = settings.reminderOffsetsHours.map((h) => h * HOUR_MS)
  const horizon = now + Math.max(0, ...offsets)
  const docs = live.filter((t) => t.dueAt <= horizon)
  let reminded = 0
  const overdue = await each(deps, docs, async ({ _id }) => {
    const t = await loadTask(deps, _id)
    if (isTerminal(t)) return 0
    if (isOverdue(t, now)) {
      if (t.overdueEscalatedAt !== undefined) return 0
      return (await escalateOverdue(deps, _id)).appended.length
    }
    if (t.state === 'submitted' || now >= t.dueAt) return 0
    // an offset longer than the task's whole span would remind at creation: skip it
    const due = offsets.filter((o) => t.dueAt - o <= now && o < t.dueAt - t.createdAt)
    const keys = due.map((o) => `${eventId(t.id, t.dueSeq)}:task_reminder:${o / HOUR_MS}h`)
    const fresh = await unqueued(deps, keys)
    if (!fresh.size) return 0
    const recipients = await deadlineRecipients(deps, t)
    for (const key of keys) {
      if (!fresh.has(key)) continue
      await sendTaskNotice(deps, key, recipients, 'task_reminder', t)
      reminded++
    }
    return 0
  })
  return { reminded, overdue }
}

/** A routed task nobody signed for within the window goes back to the centre. */
export async function sweepSignWindow(deps: TaskDeps, live: LiveTask[]): Promise<number> {
  const now = deps.clock.now().getTime()
  const docs = live.filter((t) => t.state === 'routed' && t.signBy !== undefined && t.signBy <= now)
  return each(deps, docs, async ({ _id }) => (await escalateUnsigned(deps, _id)).appended.length)
}

interface PublishGroup {
  bucketStart: number
  territory: string
  tags: string[]
  /** 定向: the people named (sorted); null for an open pool */
  reserved: string[] | null
  roles: Set<Role>
  tasks: TaskState[]
}

/**
 * "辖区有 N 个新工单可认领": tasks published (or back in the hall after a release/expiry) during a
 * closed time bucket are announced once per pool territory (and 专长 requirement), to the people in that pool.
 */
export async function sweepPublishBatches(deps: TaskDeps, settings: TaskSettings, live: LiveTask[]): Promise<number> {
  const now = deps.clock.now().getTime()
  const bucket = settings.publishBatchMinutes * 60_000
  const currentStart = Math.floor(now / bucket) * bucket
  // tasks that entered the hall during the last two closed buckets (openedAt comes from the fold)
  const opened = live.filter((t) => t.claimable && t.openedAt !== undefined && t.openedAt >= currentStart - 2 * bucket && t.openedAt < currentStart)
  const docs = (await Promise.all(opened.map((t) => deps.db.models.Task.findById(t._id).lean<TaskDoc>()))).filter((d) => d !== null)
  // one notice per pool territory and 专长 requirement: a tagged task is announced only to people with
  // one of its tags; a 定向 task only to the people it names (its title is nobody else's business)
  const groups = new Map<string, PublishGroup>()
  for (const t of docs.map(toState)) {
    if (!t.eligibility || t.openedAt === undefined) continue
    const bucketStart = Math.floor(t.openedAt / bucket) * bucket
    const tags = [...t.eligibility.tags].sort()
    const reserved = t.claimMode === 'reserved' ? t.reservedFor.map((r) => r.id).sort() : null
    const k = `${t.eligibility.territory}:${bucketStart}:${tags.join(',')}:${reserved?.join(',') ?? '*'}`
    const g = groups.get(k) ?? { bucketStart, territory: t.eligibility.territory, tags, reserved, roles: new Set<Role>(), tasks: [] }
    for (const r of t.eligibility.roles) g.roles.add(r)
    g.tasks.push(t)
    groups.set(k, g)
  }
  const keyOf = (g: PublishGroup) => {
    const narrowed = [...g.tags, ...(g.reserved ? ['定向', ...g.reserved] : [])]
    const suffix = narrowed.length ? `:${createHash('sha1').update(narrowed.join(',')).digest('hex').slice(0, 8)}` : ''
    return `task_published:${g.territory}:${new Date(g.bucketStart).toISOString()}${suffix}`
  }
  const fresh = await unqueued(deps, [...groups.values()].map(keyOf))
  let sent = 0
  for (const g of groups.values()) {
    if (!fresh.has(keyOf(g))) continue
    const list = g.tasks.sort((a, b) => a.taskNo.localeCompare(b.taskNo))
    const holders = new Set(list.flatMap((t) => t.holders.map((h) => h.userId)))
    const members = await poolMembers(deps, { territory: g.territory, roles: [...g.roles], tags: g.tags })
    const recipients = members.map((u) => u._id).filter((id) => !holders.has(id) && (!g.reserved || g.reserved.includes(id)))
    if (!recipients.length) continue
    await deps.notifier.enqueue({
      key: keyOf(g),
      recipients,
      template: 'task_published',
      data: { count: list.length, titles: list.map((t) => t.title).join('\n'), taskNo: list[0].taskNo, territory: list[0].territory.name },
      page: 'pages/hall/index',
    })
    sent++
  }
  return sent
}

/** How far back the every-pass repair looks at projections. */
const RECENT_MS = 3 * 60_000

/**
 * The cheap repair of every pass, before the timers read the projection: tasks whose projection was
 * written in the last few minutes, checked against their log (one point read each when up to date).
 * It catches a projection buried by an older write whose writer died before settling it, or a
 * writer that died after its append. (A tail younger than REPAIR_AFTER_MS is a writer still at work.)
 */
export async function repairRecent(deps: TaskDeps, snapshot: LiveTask[]): Promise<number> {
  const now = deps.clock.now().getTime()
  const docs = snapshot.filter((t) => t.updatedAt >= now - RECENT_MS)
  return each(deps, docs, async ({ _id, seq }) => {
    const tail = await eventsAfter(deps, _id, seq)
    if (!tail.length || now - (tail.at(-1)?.at ?? now) < REPAIR_AFTER_MS) return 0
    await repairFromLog(deps, await readLog(deps, _id))
    return 1
  })
}

/** The window marks of the projection repair (kernel/windows.ts). */
export const REPAIR_STREAM = 'tasks:projections'

/**
 * Projections behind their log (a crash between append and projection write, or a task whose first
 * projection was never written): folded up and rewritten, with the effects their events missed. Normally
 * over the settled windows of task events not repaired yet, 5 to 20 minutes after the crash (a read of
 * the task repairs it at once), a window marked done only when every task in it was repaired. With
 * `since` (the first pass after a start, when the crash may be this process's own a moment ago): every
 * event since then, at once.
 */
export async function repairProjections(deps: TaskDeps, opts: { since?: Date } = {}): Promise<number> {
  if (opts.since) {
    const events = await deps.db.models.TaskEvent.find({ at: { $gte: opts.since } }, { taskId: 1, seq: 1 }).lean<Array<Pick<TaskEventDoc, 'taskId' | 'seq'>>>()
    return (await repairBehind(deps, events)).repaired
  }
  const window = await openWindow(deps.db, REPAIR_STREAM, deps.clock.now())
  if (!window) return 0
  const { repaired, failed } = await repairBehind(deps, await eventsInWindow(deps, window))
  if (!failed) await window.done()
  return repaired
}

async function repairBehind(deps: TaskDeps, events: Array<Pick<TaskEventDoc, 'taskId' | 'seq'>>): Promise<{ repaired: number; failed: number }> {
  const maxSeq = new Map<string, number>()
  for (const e of events) maxSeq.set(e.taskId, Math.max(maxSeq.get(e.taskId) ?? 0, e.seq))
  // point reads: `_id: {$in}` is a scan on the embedded database
  const ids = [...maxSeq.keys()]
  const projected = await Promise.all(ids.map((id) => deps.db.models.Task.findById(id, { seq: 1 }).lean<Pick<TaskDoc, 'seq'>>()))
  const behind = ids.filter((id, i) => (projected[i]?.seq ?? 0) < (maxSeq.get(id) ?? 0))
  const failures = { n: 0 }
  const repaired = await each(
    deps,
    behind,
    async (id) => {
      const log = await readLog(deps, id)
      await repairFromLog(deps, log)
      return log.tail.length ? 1 : 0
    },
    failures,
  )
  return { repaired, failed: failures.n }
}

/**
 * Claim slots against the claims that hold them. A slot older than a grace period (a claim in flight
 * takes its slot first) whose claim holds no seat any more is freed (a crash leftover); a claim
 * holding a seat without its slot is reported — its worker could exceed the active-claim cap.
 */
export async function sweepSlots(deps: TaskDeps, live: LiveTask[], graceMs = 2 * 60_000): Promise<{ slotsFreed: number; slotless: number }> {
  const { ClaimSlot, ClaimSlotRelease } = deps.db.models
  const now = deps.clock.now().getTime()
  const slots = await ClaimSlot.find({}).lean()
  const byTask = new Map<string, typeof slots>()
  for (const s of slots) if (new Date(s.at).getTime() < now - graceMs) byTask.set(s.taskId, [...(byTask.get(s.taskId) ?? []), s])
  const slotsFreed = await each(deps, [...byTask], async ([taskId, list]) => {
    const { state } = await readLog(deps, taskId)
    let freed = 0
    for (const s of list) {
      const holding = state?.holders.find((h) => h.userId === s.userId && h.capSlot === s.slot && sameClaim(s, taskId, h.capToken))
      if (holding && countsAgainstCap(state, s.userId)) continue
      freed += await freeSlot(deps, s._id, taskId, s.token)
    }
    return freed
  })
  // holdings: read off the projections (repaired at the start of the pass), confirmed on the log
  const bySlot = new Map(slots.map((s) => [s._id, s]))
  const hasSlot = (t: TaskState, h: TaskState['holders'][number]) => sameClaim(bySlot.get(slotId(h.userId, h.capSlot as number)), t.id, h.capToken)
  const suspects = (t: TaskState | null) =>
    (t?.holders ?? []).filter((h) => h.capSlot !== undefined && countsAgainstCap(t, h.userId) && !hasSlot(t as TaskState, h))
  const held = live.filter((t) => HELD_STATES.has(t.state))
  const slotless = await each(
    deps,
    // (the snapshot holds what `suspects` reads: the state, the escalation, the holders)
    held.map((t) => toState(t as TaskDoc)).filter((t) => suspects(t).length),
    async (t) => {
      let missing = 0
      for (const h of suspects((await readLog(deps, t.id)).state)) {
        // a claim made since the slots were listed has its slot: read it again before reporting
        if (sameClaim(await ClaimSlot.findById(slotId(h.userId, h.capSlot as number)).lean(), t.id, h.capToken)) continue
        deps.logger?.warn(
          { taskId: t.id, userId: h.userId, slot: h.capSlot },
          'a claim holds a seat without its claim slot: the active-claim cap may be exceeded',
        )
        missing++
      }
      return missing
    },
  )
  await ClaimSlotRelease.deleteMany({ at: { $lt: new Date(now - RELEASE_TICKET_TTL_MS) } })
  return { slotsFreed, slotless }
}

const HELD_STATES = new Set(['published', 'claimed', 'in_progress', 'escalated'])

/** One full pass of every timer: one snapshot of the live and recently written tasks, repaired, then read by every timer. */
export async function runTaskSweep(deps: TaskDeps, opts: { repairWindows?: boolean } = {}): Promise<SweepReport> {
  const settings = await getTaskSettings(deps.db)
  const now = deps.clock.now().getTime()
  let snapshot = await liveAndRecentTasks(deps, now - RECENT_MS)
  const repaired = (await repairRecent(deps, snapshot)) + (opts.repairWindows === false ? 0 : await repairProjections(deps))
  // a repair may have moved a timer (rare): the timers read the repaired projections
  if (repaired) snapshot = await liveAndRecentTasks(deps, now - RECENT_MS)
  const live = snapshot.filter((t) => t.active)
  const claims = await sweepClaims(deps, settings, live)
  const deadlines = await sweepDeadlines(deps, settings, live)
  const unsigned = await sweepSignWindow(deps, live)
  const batches = await sweepPublishBatches(deps, settings, live)
  const slots = await sweepSlots(deps, live)
  return { ...claims, ...deadlines, unsigned, batches, repaired, ...slots }
}

/**
 * The background jobs for main.ts. Timers run every 30 s, each pass starting with the cheap repair of
 * recently written projections. The projection repair's first pass after a start reads the last day of
 * events at once (what a crash just left); after it, the settled windows of task events (a scan on the
 * embedded database, shared with the other readers of the window: window-events.ts): it looks every
 * 5 minutes and reads once per window.
 */
export function taskJobs(appDeps: AppDeps, intervalMs = 30_000): PeriodicJob[] {
  const deps = taskDeps(appDeps)
  let first = true
  const log = (report: object) => {
    if (Object.values(report).some((n) => n > 0)) deps.logger?.info({ sweep: report }, 'task sweep')
    return report
  }
  return [
    { name: 'tasks-timers', intervalMs, run: async () => log(await runTaskSweep(deps, { repairWindows: false })) },
    {
      name: 'tasks-repair',
      intervalMs: 5 * 60_000,
      run: async () => {
        // the first pass after a start: the last day at once (a crash of this process a moment ago included)
        const since = first ? new Date(deps.clock.now().getTime() - 24 * HOUR_MS) : undefined
        first = false
        return log({ repaired: await repairProjections(deps, { since }) })
      },
    },
  ]
}
