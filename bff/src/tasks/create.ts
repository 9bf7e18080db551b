/**
 * New tasks: created by the centre (optionally routed at once), or reported by a grid worker —
 * 自处理上报 (already fixed on the spot: straight to review) or 直接上报 (for the centre to dispatch).
 * A form sent with a `requestId` creates at most one task, however often it is retried.
 */
import {
  type CreatedData,
  type CreateTaskBody,
  checkLocation,
  dueAtFor,
  HOUR_MS,
  isInside,
  type ReportBody,
  type TaskEvent,
  type TaskSource,
  type TaskState,
} from '@jqtb/shared'
import { AppError, forbidden, isDuplicateKey } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'
import { getTaskSettings } from '../settings/queries'
import { eventId, eventsUpTo, readLog, type TaskDeps, toEvent } from './log'
import type { TaskEventDoc } from './model'
import { allocateTaskNumber } from './numbers'
import { protectParty } from './pii'
import { actorOf } from './policy'
import { appendNew, type EventDraft, type MutationResult } from './store'
import { assertOwnPhotos, departmentRef } from './workflow'

/** A creation: new (`done`), or the task an earlier try of the same form made (`unchanged`, with its last creation event). */
export type CreateOutcome = MutationResult & { result: 'done' | 'unchanged'; event?: TaskEvent }

async function territoryRef(deps: TaskDeps, code: string) {
  const t = await deps.db.models.Territory.findById(code).lean()
  if (!t) throw new AppError('DOMAIN_RULE', `区域 ${code} 不存在`)
  return { code: t._id, name: t.fullName }
}

/** What both forms say about the dispute, as the `created` event carries it (phones encrypted). */
type DisputeInput = Pick<CreateTaskBody, 'title' | 'description' | 'category' | 'tier' | 'riskColour' | 'parties'>

function createdEvent(deps: TaskDeps, user: AuthUser, input: DisputeInput, rest: Omit<CreatedData, keyof DisputeInput>): EventDraft<'created'> {
  return {
    type: 'created',
    actor: actorOf(user),
    data: {
      title: input.title,
      description: input.description,
      category: input.category,
      tier: input.tier,
      riskColour: input.riskColour,
      parties: input.parties.map((p) => protectParty(deps.piiKey, p)),
      ...rest,
    },
  }
}

/**
 * 社治中心 creates a task; with a department it is routed in the same request. `source` is set by
 * intake when the task is made from a lead (never from a request body), and `photos` — the photos its
 * records carried (a citizen's filing) — by the lead's conversion and the desk's acceptance.
 */
export async function createTask(
  deps: TaskDeps,
  user: AuthUser,
  body: CreateTaskBody,
  opts: { source?: TaskSource; photos?: string[] } = {},
): Promise<CreateOutcome> {
  if (!hasRole(user, 'dispatcher')) throw forbidden('只有社治中心可以创建工单')
  const now = deps.clock.now().getTime()
  const settings = await getTaskSettings(deps.db)
  const territory = await territoryRef(deps, body.territory)
  const department = body.department ? await departmentRef(deps, body.department) : null
  const dueAt = body.dueAt ? Date.parse(body.dueAt) : dueAtFor(settings, body.tier, now)
  if (dueAt <= now) throw new AppError('DOMAIN_RULE', '办理时限须晚于现在')
  return createOnce(deps, user, body.requestId, now, (taskNo) => {
    const drafts: EventDraft[] = [
      createdEvent(deps, user, body, {
        taskNo,
        origin: opts.source ? 'intake' : 'centre',
        territory,
        location: body.location,
        sourceRef: body.sourceRef,
        ...(opts.source ? { source: opts.source } : {}),
        ...(opts.photos?.length ? { photos: opts.photos } : {}),
        dueAt,
      }),
    ]
    if (department) {
      drafts.push({
        type: 'routed',
        actor: actorOf(user),
        data: { department, signBy: now + settings.signWindowHours * HOUR_MS },
      })
    }
    return drafts
  })
}

/**
 * A grid worker's report from their own territory. 自处理上报 becomes a task the reporter holds, with
 * the handling as its first progress record, submitted for review; 直接上报 waits for the centre.
 */
export async function reportTask(deps: TaskDeps, user: AuthUser, body: ReportBody): Promise<CreateOutcome> {
  if (!hasRole(user, 'grid_worker', 'community_staff')) throw forbidden('只有网格员和村社干部可以上报')
  const code = body.territory ?? user.territory
  if (!isInside(code, user.territory)) throw new AppError('OUT_OF_TERRITORY', '只能上报自己属地内的事件')
  await assertOwnPhotos(deps, user, body.photos)
  const now = deps.clock.now().getTime()
  const settings = await getTaskSettings(deps.db)
  const territory = await territoryRef(deps, code)
  const selfHandled = body.kind === 'self_handled'
  const check = body.location ? checkLocation(code, body.location) : undefined
  return createOnce(deps, user, body.requestId, now, (taskNo) => {
    const drafts: EventDraft[] = [
      createdEvent(deps, user, body, {
        taskNo,
        origin: selfHandled ? 'self_report' : 'direct_report',
        territory,
        location: body.location ? { lat: body.location.lat, lng: body.location.lng, address: body.location.address } : undefined,
        dueAt: dueAtFor(settings, body.tier, now),
        reporter: actorOf(user),
        photos: selfHandled ? undefined : body.photos,
        selfHandled,
      }),
    ]
    if (selfHandled) {
      const note = body.handlingNote as string
      drafts.push({
        type: 'progress',
        actor: actorOf(user),
        data: { kind: 'visit', note, photos: body.photos, location: body.location, outsideTerritory: check?.outside, distanceM: check?.distanceM },
      })
      drafts.push({ type: 'submitted', actor: actorOf(user), data: { note, late: false } })
    }
    return drafts
  })
}

/** How long a retry waits for the first try of its form to finish creating the task. */
const REPLAY_WAIT_MS = 5000

/**
 * Creates the task `build` describes, once per `requestId`: the key `<userId>:<requestId>` is
 * inserted (unique `_id`) before the task, naming its number and how many events make it. Whoever
 * finds the key — a retry after a lost answer, or the same request fired twice at once — answers that
 * task as it is (the first try wins, even over a form edited since) once its creation events are in.
 */
async function createOnce(
  deps: TaskDeps,
  user: AuthUser,
  requestId: string | undefined,
  now: number,
  build: (taskNo: string) => EventDraft[],
): Promise<CreateOutcome> {
  if (!requestId) {
    const taskNo = await allocateTaskNumber(deps)
    return { ...(await appendNew(deps, taskNo, build(taskNo), now)), result: 'done' }
  }
  const { TaskRequest } = deps.db.models
  const key = `${user.id}:${requestId}`
  const earlier = await TaskRequest.findById(key).lean()
  if (earlier) return replay(deps, earlier, build)
  // (a duplicate fired at the same moment costs a task number: a gap in the day's numbering)
  const taskNo = await allocateTaskNumber(deps)
  const drafts = build(taskNo)
  try {
    await TaskRequest.collection.insertOne({ _id: key, userId: user.id, requestId, taskId: taskNo, events: drafts.length, at: deps.clock.now() } as never)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const first = await TaskRequest.findById(key).lean()
    if (!first) throw err
    return replay(deps, first, build)
  }
  return { ...(await appendNew(deps, taskNo, drafts, now)), result: 'done' }
}

/**
 * The task an earlier try of the form created. If that try died after its key and before its last
 * creation event (e.g. created but not yet routed), nobody else will finish it: this retry does —
 * appendNew folds in what the first try wrote and appends the rest, with their notices. Only while
 * the log holds nothing but that creation's own events: a task someone has acted on since is left as is.
 */
async function replay(deps: TaskDeps, earlier: { taskId: string; events: number; at: Date }, build: (taskNo: string) => EventDraft[]): Promise<CreateOutcome> {
  const abandoned = deps.clock.now().getTime() - new Date(earlier.at).getTime() > REPLAY_WAIT_MS
  let state: TaskState | null = null
  let written = 0
  for (let waited = 0, wait = 20; ; waited += wait, wait = Math.min(wait * 2, 500)) {
    const log = await readLog(deps, earlier.taskId)
    state = log.state
    written = log.last
    if (written >= earlier.events || abandoned || waited >= REPLAY_WAIT_MS) break
    await new Promise((r) => setTimeout(r, wait))
  }
  if (written < earlier.events) {
    const drafts = build(earlier.taskId)
    const events = await eventsUpTo(deps, earlier.taskId, written)
    if (events.every((e, i) => e.type === drafts[i]?.type)) {
      const made = await appendNew(deps, earlier.taskId, drafts)
      return { ...made, result: made.appended.length ? 'done' : 'unchanged', event: made.appended.at(-1) }
    }
  }
  if (!state) throw new Error(`task ${earlier.taskId} of an earlier request has no events`)
  const last = await deps.db.models.TaskEvent.findById(eventId(earlier.taskId, Math.min(earlier.events, state.seq))).lean<TaskEventDoc>()
  return { state, appended: [], result: 'unchanged', event: last ? toEvent(last) : undefined }
}
