import type { TaskEventType, TaskState } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'

/**
 * One entry of a task's log (docs/database.md#task-event-log).
 * `_id` = `<taskId>:<seq padded to 10>`: the unique `_id` is the lock — whoever inserts seq n owns
 * transition n. Times inside `data` are epoch milliseconds (the shared state machine's unit).
 */
export interface TaskEventDoc {
  _id: string
  taskId: string
  seq: number
  type: TaskEventType
  at: Date
  actor: { id: string; name: string }
  data: Record<string, unknown>
}

/**
 * The task as its events fold to (a cache, never authoritative): written by the winner of each
 * append, repaired on read and by the sweeper when it is behind its log. Besides the folded state it
 * holds fields that exist only to be queried (scope, holderIds, claimable …), recomputed at every write.
 */
export interface TaskDoc extends Omit<TaskState, 'id'> {
  _id: string
  /** territory code and all its ancestors: `{scope: X}` selects everything inside X */
  scope: string[]
  /** the candidate pool's territory, its ancestors-and-self, roles, tags ('' / [] when unpublished) */
  poolTerritory: string
  poolScope: string[]
  poolRoles: string[]
  poolTags: string[]
  reservedIds: string[]
  holderIds: string[]
  applicantIds: string[]
  reporterId: string
  departmentCode: string
  active: boolean
  claimable: boolean
  openSeats: number
  /** claimDeadline, or a far-future number (no null: FerretDB and MongoDB differ on missing vs null) */
  claimOpenUntil: number
  /** earliest expiresAt of a claim that can still lapse; far future when none */
  nextClaimExpiry: number
  /** dueAt while the task can still be late; far future once done (or submitted in time) */
  overdueFrom: number
}

/**
 * A claim slot: `_id` = `<userId>:slot:<k>` with k < the active-claim cap. Counting a worker's claims
 * and then claiming is a read-then-write race (ten parallel claims all count 2 < 3 and all win);
 * inserting one of `cap` fixed keys is not: at most `cap` slot documents can exist per worker on any
 * engine, whatever the concurrency. A slot is taken before the claim event is appended and given back
 * (deleteOne) when the claim ends, fails, or lapses; the sweeper frees slots a crash left behind.
 * `token` is fresh per claim and copied into the claim event, so a slot is only ever given back for
 * the claim that took it (slots.ts).
 */
export interface ClaimSlotDoc {
  _id: string
  userId: string
  slot: number
  taskId: string
  /** absent on slots taken before tokens existed */
  token?: string
  at: Date
}

/** The right to delete one claim's slot: `_id` = `<slot id>:<token>`, won by one deleter (slots.ts). */
export interface ClaimSlotReleaseDoc {
  _id: string
  at: Date
}

/**
 * A create or report form already handled: `_id` = `<userId>:<requestId>`, inserted before the task
 * is created and naming it, so a retried request answers that task instead of creating another.
 */
export interface TaskRequestDoc {
  _id: string
  userId: string
  requestId: string
  taskId: string
  /** how many events the creation appends: a retry waits until the log has them */
  events: number
  at: Date
}

/** Task number slots (`JQ20261127-0001`): allocated by inserting the next number (docs/database.md#counters). */
export interface TaskNumberDoc {
  _id: string
  day: string
  n: number
  at: Date
}

export const FAR_FUTURE = 8_640_000_000_000_000

const eventSchema = new Schema<TaskEventDoc>(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: { id: String, name: String }, _id: false, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, collection: 'task_events', minimize: false },
)
eventSchema.index({ taskId: 1, seq: 1 }, { unique: true })
eventSchema.index({ at: 1, _id: 1 })
// the points catch-up pages scored types by (at, _id): the _id keeps the sort off a blocking SORT stage
eventSchema.index({ type: 1, at: 1, _id: 1 })

const taskSchema = new Schema<TaskDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    state: { type: String, required: true },
  },
  { versionKey: false, collection: 'tasks', strict: false, minimize: false },
)
/**
 * The indexes every hot list and sweeper query needs on MongoDB: equality fields first, then the sort
 * keys (then a range). tests/integration/tasks-indexes.test.ts builds each query with the real policy
 * and checks it against this list; the embedded database answers every one of them with a scan.
 */
const LIST_INDEXES: Record<string, 1 | -1>[] = [
  // the hall: claimable tasks newest first (the pool's territory is an $or of two fields, so it filters
  // among those rather than leading the index)
  { claimable: 1, publishedAt: -1, _id: -1 },
  // mine and the branches of everyone's visibility: held, applied for, reported, worked on, in the
  // department, in the territory, in a pool of the person's role; the centre's whole street
  { holderIds: 1, updatedAt: -1, _id: -1 },
  { applicantIds: 1, updatedAt: -1, _id: -1 },
  { reporterId: 1, updatedAt: -1, _id: -1 },
  { doerIds: 1, updatedAt: -1, _id: -1 },
  { departmentCode: 1, updatedAt: -1, _id: -1 },
  { scope: 1, updatedAt: -1, _id: -1 },
  { poolRoles: 1, updatedAt: -1, _id: -1 },
  { updatedAt: -1, _id: -1 },
  // the review queue; the centre's state tabs and its red / yellow warning filter
  { state: 1, submittedAt: 1, _id: 1 },
  { state: 1, updatedAt: -1, _id: -1 },
  { riskColour: 1, updatedAt: -1, _id: -1 },
]
for (const keys of LIST_INDEXES) taskSchema.index(keys)
// the sweepers: lapsing claims, deadlines, the sign-for window, new-task batches; the archive job
taskSchema.index({ active: 1, nextClaimExpiry: 1 })
taskSchema.index({ active: 1, dueAt: 1 })
taskSchema.index({ state: 1, signBy: 1 })
taskSchema.index({ claimable: 1, openedAt: 1 })
taskSchema.index({ active: 1, updatedAt: 1, _id: 1 })

const slotSchema = new Schema<ClaimSlotDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    slot: { type: Number, required: true },
    taskId: { type: String, required: true },
    token: { type: String },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'claim_slots' },
)
slotSchema.index({ userId: 1 })
slotSchema.index({ taskId: 1 })

const slotReleaseSchema = new Schema<ClaimSlotReleaseDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'claim_slot_releases' },
)
slotReleaseSchema.index({ at: 1 })

const requestSchema = new Schema<TaskRequestDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    requestId: { type: String, required: true },
    taskId: { type: String, required: true },
    events: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'task_requests' },
)

const numberSchema = new Schema<TaskNumberDoc>(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    n: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'task_numbers' },
)
numberSchema.index({ day: 1, n: -1 })

/**
 * An archived task (docs/database.md#archive, archive.ts): a closed or cancelled task untouched for
 * TASK_ARCHIVE_AFTER_DAYS, moved out of `tasks` and `task_events` so the hot lists and the sweepers'
 * scans see live work only. Its projection, same `_id`, with its whole log (the event documents as they
 * were) inside: a timeline is one read, and the collection has one document per task rather than one per
 * event — on the embedded database even a lookup by `_id` reads the whole table.
 */
export interface ArchivedTaskDoc extends TaskDoc {
  events: TaskEventDoc[]
}

const archivedTaskSchema = new Schema<ArchivedTaskDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    state: { type: String, required: true },
  },
  { versionKey: false, collection: 'tasks_archive', strict: false, minimize: false },
)
// the history lists (the same filters as the hot ones, past the archive horizon), the restore pass, and
// the rules preview of an old period (scored events by type and time)
for (const keys of LIST_INDEXES.filter((k) => 'updatedAt' in k)) archivedTaskSchema.index(keys)
archivedTaskSchema.index({ 'events.type': 1, 'events.at': 1 })

export function taskModels(conn: Connection) {
  return {
    TaskEvent: conn.model<TaskEventDoc>('TaskEvent', eventSchema),
    Task: conn.model<TaskDoc>('Task', taskSchema),
    TaskArchive: conn.model<ArchivedTaskDoc>('TaskArchive', archivedTaskSchema),
    ClaimSlot: conn.model<ClaimSlotDoc>('ClaimSlot', slotSchema),
    ClaimSlotRelease: conn.model<ClaimSlotReleaseDoc>('ClaimSlotRelease', slotReleaseSchema),
    TaskRequest: conn.model<TaskRequestDoc>('TaskRequest', requestSchema),
    TaskNumber: conn.model<TaskNumberDoc>('TaskNumber', numberSchema),
  }
}
