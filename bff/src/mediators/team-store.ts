/**
 * A team's log (docs/mediators.md#teams): events `<teamId>:<seq>`, read by `_id` one after another,
 * folded by the shared `applyTeamEvent`. A change is the insert of seq + 1; the loser of a race
 * re-reads and decides again, so two people answering, replacing or removing at once never lose
 * each other's change. `mediation_teams` is a cache of the fold for lists and the repair job.
 */
import { applyTeamEvent, currentMembers, isEnded, type Ref, type TeamEvent, type TeamEventDataMap, type TeamEventType, type TeamState } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, isDuplicateKey, notFound } from '../infra/errors'
import type { TeamDoc, TeamEventDoc } from './model'

export const teamIdOf = (taskId: string, round: number) => `${taskId}:team:${round}`
export const teamEventId = (teamId: string, seq: number) => `${teamId}:${String(seq).padStart(4, '0')}`
export const taskIdOfTeam = (teamId: string) => teamId.replace(/:team:\d+$/, '')

function toEvent(doc: TeamEventDoc): TeamEvent {
  const { _id, ...e } = doc
  return e as TeamEvent
}

/** The team's events, in order (a team has a few dozen at most). */
export async function teamEvents(deps: AppDeps, teamId: string): Promise<TeamEvent[]> {
  const out: TeamEvent[] = []
  for (let seq = 1; ; seq++) {
    const doc = await deps.db.models.MediationTeamEvent.findById(teamEventId(teamId, seq)).lean<TeamEventDoc>()
    if (!doc) return out
    out.push(toEvent(doc))
  }
}

/** The exact current team: the cache, folded forward by point reads. */
export async function readTeam(deps: AppDeps, teamId: string): Promise<TeamState | null> {
  const cached = await deps.db.models.MediationTeam.findById(teamId).lean<TeamDoc>()
  let state: TeamState | null = cached ? fromCache(cached) : null
  if (!state) {
    for (const e of await teamEvents(deps, teamId)) state = applyTeamEvent(state, e)
    return state
  }
  for (let seq = state.seq + 1; ; seq++) {
    const doc = await deps.db.models.MediationTeamEvent.findById(teamEventId(teamId, seq)).lean<TeamEventDoc>()
    if (!doc) return state
    state = applyTeamEvent(state, toEvent(doc))
  }
}

export async function loadTeam(deps: AppDeps, teamId: string): Promise<TeamState> {
  const t = await readTeam(deps, teamId)
  if (!t) throw notFound('攻坚小组')
  return t
}

function fromCache(doc: TeamDoc): TeamState {
  const { _id, ended, memberIds, requestId, ...rest } = doc
  return { ...(rest as Omit<TeamState, 'id'>), id: _id }
}

function toCache(t: TeamState): TeamDoc {
  const { id, ...rest } = t
  return JSON.parse(JSON.stringify({ ...rest, _id: id, ended: isEnded(t), memberIds: currentMembers(t).map((m) => m.mediatorId) }))
}

/** Writes the cache and settles it at the end of the log (the task projection's way). */
export async function writeTeamCache(deps: AppDeps, state: TeamState): Promise<void> {
  let current = state
  for (let round = 0; round < 8; round++) {
    await deps.db.models.MediationTeam.collection.replaceOne({ _id: current.id } as never, toCache(current) as never, { upsert: true }).catch((err) => {
      if (!isDuplicateKey(err)) throw err
    })
    const next = await deps.db.models.MediationTeamEvent.findById(teamEventId(current.id, current.seq + 1)).lean<TeamEventDoc>()
    if (!next) return
    current = applyTeamEvent(current, toEvent(next))
  }
}

/** The rounds of a task's teams, newest last: a new team only after the last one ended. */
export async function teamsOfTask(deps: AppDeps, taskId: string): Promise<string[]> {
  const ids: string[] = []
  for (let round = 1; ; round++) {
    const id = teamIdOf(taskId, round)
    if (!(await deps.db.models.MediationTeamEvent.exists({ _id: teamEventId(id, 1) }))) return ids
    ids.push(id)
  }
}

export interface TeamDraft<K extends TeamEventType = TeamEventType> {
  type: K
  data: TeamEventDataMap[K]
  actor: Ref
}
export type TeamDecision = TeamDraft | { done: true }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Appends what `decide` asks for against the exact current team, retrying when someone else appended first. */
export async function mutateTeam(
  deps: AppDeps,
  teamId: string,
  decide: (t: TeamState) => TeamDecision,
): Promise<{ state: TeamState; appended: TeamEvent | null }> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const state = await loadTeam(deps, teamId)
    const d = decide(state)
    if ('done' in d) return { state, appended: null }
    const event = { teamId, seq: state.seq + 1, at: deps.clock.now().getTime(), actor: d.actor, type: d.type, data: d.data } as TeamEvent
    try {
      await deps.db.models.MediationTeamEvent.collection.insertOne({ _id: teamEventId(teamId, event.seq), ...JSON.parse(JSON.stringify(event)) } as never)
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      await sleep(Math.random() * 20 * (attempt + 1))
      continue
    }
    const next = applyTeamEvent(state, event)
    await writeTeamCache(deps, next)
    return { state: next, appended: event }
  }
  throw new AppError('CONFLICT', '攻坚小组正被多人同时修改，请稍后再试')
}

/** Inserts a new team's first event: of two proposers at once, one wins (the other gets null). */
export async function createTeam(deps: AppDeps, teamId: string, draft: TeamDraft<'formed'>): Promise<TeamState | null> {
  const event = { teamId, seq: 1, at: deps.clock.now().getTime(), actor: draft.actor, type: 'formed', data: draft.data } as TeamEvent
  try {
    await deps.db.models.MediationTeamEvent.collection.insertOne({ _id: teamEventId(teamId, 1), ...JSON.parse(JSON.stringify(event)) } as never)
  } catch (err) {
    if (isDuplicateKey(err)) return null
    throw err
  }
  const state = applyTeamEvent(null, event)
  await writeTeamCache(deps, state)
  return state
}
