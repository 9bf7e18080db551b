/**
 * The `tasks` projection: the folded state of a task plus the fields the lists and the sweepers
 * filter on. It is a cache of the log, but the lists and the sweepers' candidate queries read it
 * without folding, so it must not stay behind the log: every write settles (see writeProjection),
 * and the sweeper repairs what a crash left behind.
 */
import { ancestorsOf, applyEvent, claimStates, isTerminal, type TaskEvent, type TaskState } from '@jqtb/shared'
import { isDuplicateKey } from '../infra/errors'
import { runEffects } from './effects'
import { inScope, newScope, runFollowUps } from './follow-ups'
import { clean, eventsAfter, type TaskDeps, type TaskLog } from './log'
import { FAR_FUTURE, type TaskDoc } from './model'

/** The projection document: the folded state plus the fields the list queries and sweepers filter on. */
export function projectionOf(t: TaskState): TaskDoc {
  const { id, ...rest } = t
  const e = t.eligibility
  const lapsable = t.holders.filter((h) => h.expiresAt !== undefined && h.startedAt === undefined).map((h) => h.expiresAt as number)
  const onTime = t.state === 'submitted' && t.submittedAt !== undefined && t.submittedAt <= t.dueAt
  return clean({
    ...rest,
    _id: id,
    scope: [...ancestorsOf(t.territory.code), t.territory.code],
    poolTerritory: e?.territory ?? '',
    poolScope: e ? [...ancestorsOf(e.territory), e.territory] : [],
    poolRoles: e?.roles ?? [],
    poolTags: e?.tags ?? [],
    reservedIds: t.claimMode === 'reserved' ? t.reservedFor.map((r) => r.id) : [],
    holderIds: t.holders.map((h) => h.userId),
    applicantIds: t.applicants.map((a) => a.userId),
    reporterId: t.reporter?.id ?? '',
    departmentCode: t.department?.code ?? '',
    active: !isTerminal(t),
    claimable: !!t.claimMode && claimStates(t.claimMode).includes(t.state) && t.seats - t.holders.length > 0,
    openSeats: Math.max(0, t.seats - t.holders.length),
    claimOpenUntil: t.claimDeadline ?? FAR_FUTURE,
    nextClaimExpiry: !isTerminal(t) && lapsable.length ? Math.min(...lapsable) : FAR_FUTURE,
    overdueFrom: isTerminal(t) || onTime ? FAR_FUTURE : t.dueAt,
  })
}

/** How often one writer rewrites the projection after finding newer events, before leaving it to the sweeper. */
const SETTLE_ROUNDS = 8

/**
 * Writes the projection and makes sure it does not end behind the log. The write is filtered on
 * `_id` alone: FerretDB answers only that from an index, and a `{_id, seq: {$lt: n}}` guard, atomic on
 * MongoDB, is not atomic there — so an older state can land after a newer one, from any writer.
 * Hence, after every write, the writer looks for events after the state it wrote (one point read
 * when there are none). Finding some, its write may have buried their writer's: it runs their side
 * effects too (idempotent; so that a projection at seq n still means every effect up to n was done)
 * and writes the newer state, until nothing newer exists. Of racing writers, the last to write sees
 * every event appended before its write, so the projection ends at the end of the log; only a
 * writer that dies between its write and its check leaves it behind (the sweeper's repair).
 */
export async function writeProjection(deps: TaskDeps, state: TaskState): Promise<TaskState> {
  let current = state
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    try {
      await deps.db.models.Task.collection.replaceOne({ _id: current.id } as never, projectionOf(current) as never, { upsert: true })
    } catch (err) {
      if (!isDuplicateKey(err)) throw err // two first writes raced on the upsert: the check below settles it
    }
    const newer = await eventsAfter(deps, current.id, current.seq)
    if (!newer.length) return current
    current = await runTailEffects(deps, current, newer)
  }
  deps.logger?.warn({ taskId: state.id, seq: current.seq }, 'projection still behind a busy log; the sweeper will settle it')
  return current
}

/**
 * Runs the (idempotent) side effects of `tail` on top of `from` and answers the folded state. The
 * listeners' follow-ups run after the whole tail (follow-ups.ts); what they append is newer than the
 * state answered, so the caller's settle loop finds it and writes it too.
 */
async function runTailEffects(deps: TaskDeps, from: TaskState | null, tail: readonly TaskEvent[]): Promise<TaskState> {
  const scope = newScope(deps)
  let before = from
  for (const e of tail) {
    const after = applyEvent(before, e)
    await inScope(scope, () => runEffects(deps, e, before, after))
    before = after
  }
  if (!(await runFollowUps(scope))) throw new Error(`a follow-up of the effects of task ${tail[0]?.taskId} failed`)
  return before as TaskState
}

/**
 * Brings the projection up to its log: re-runs the side effects of the tail (outbox keys come from
 * event ids, points from the event, so they happen once) and then writes the projection, in that
 * order, so a projection at seq n means every effect up to n was done.
 */
export async function repairFromLog(deps: TaskDeps, log: TaskLog): Promise<void> {
  if (!log.tail.length || !log.state) return
  await writeProjection(deps, await runTailEffects(deps, log.projected, log.tail))
}
