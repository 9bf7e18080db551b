/**
 * 攻坚小组 commands: confirm a proposal (load slots first, then the team's first event), answer an
 * invitation, replace or remove a member, name a citizen's preferred mediator. Each change is one
 * team event; reconcile.ts carries out what follows from it.
 */
import {
  type ConfirmTeamBody,
  type ContactChannel,
  canAnswer,
  canReplace,
  checkChoice,
  isEnded,
  type MediatorCandidate,
  memberOf,
  type PreferenceBody,
  type Ref,
  scoreOf,
  summarise,
  type TaskState,
  type TeamMemberSpec,
  type TeamState,
} from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, notFound } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import { taskDeps } from '../tasks/log'
import { loadTask } from '../tasks/store'
import { readPerson } from '../users/store'
import { acquireLoad, type LoadSlot, loadFullMessage, releaseLoad } from './load'
import type { PreferenceFields } from './model'
import { assertCanFormTeam, assertManageTeam, assertSetPreference } from './policy'
import { mediatorStore } from './profiles'
import { proposalTask, proposeFor, replacementsFor } from './proposal'
import { reconcileTeam } from './reconcile'
import { currentRules } from './rules'
import { createTeam, loadTeam, mutateTeam, readTeam, teamIdOf, teamsOfTask } from './team-store'
import { readVersioned, saveVersioned } from './versioned'

export const preferenceStore = (deps: AppDeps) => ({
  cache: deps.db.models.MediationPreference,
  revisions: deps.db.models.MediationPreferenceRevision,
  clock: deps.clock,
})

/** DingTalk (or 浙政钉) for people with an account on the platform the BFF uses; SMS for everyone else. */
async function channelOf(deps: AppDeps, mediatorId: string): Promise<ContactChannel> {
  const person = await readPerson(deps.db, mediatorId)
  const onPlatform = deps.config.dingtalk.provider === 'dingtalk' ? !!person?.user.dingtalk?.userid : !!person?.user.zzd?.accountId
  if (onPlatform) return 'dingtalk'
  const profile = await readVersioned<{ phoneEnc?: string }>(mediatorStore(deps), mediatorId)
  return profile?.phoneEnc || person?.user.mobile ? 'sms' : 'dingtalk'
}

async function memberSpec(
  deps: AppDeps,
  c: MediatorCandidate,
  task: TaskState,
  slot: { key: string; label: string; local?: boolean; avoidLocal?: boolean },
  load: LoadSlot,
  dialect?: string,
  preferredId?: string,
): Promise<TeamMemberSpec> {
  const { reasons } = scoreOf(c, { category: task.category, territory: task.territory.code, dialect })
  const summary = `${c.id === preferredId ? '当事人指定；' : ''}${summarise(reasons)}`
  return {
    mediatorId: c.id,
    name: c.name,
    type: c.type,
    slotKey: slot.key,
    slotLabel: slot.label,
    ...(slot.local ? { local: true } : {}),
    ...(slot.avoidLocal ? { avoidLocal: true } : {}),
    channel: await channelOf(deps, c.id),
    summary,
    load,
  }
}

/** The team a task has now (the last round, whether it ended or not), or null. */
export async function currentTeam(deps: AppDeps, taskId: string): Promise<TeamState | null> {
  const ids = await teamsOfTask(deps, taskId)
  return ids.length ? readTeam(deps, ids[ids.length - 1]) : null
}

/**
 * Confirms the proposer's choice: every member is checked again (the proposal may be minutes old),
 * takes a load slot (409 naming whoever just filled up, with the next best), then the team's first
 * event is inserted (of two proposers at once, one wins). A retried request finds its own team.
 */
export async function confirmTeam(deps: AppDeps, user: AuthUser, taskId: string, body: ConfirmTeamBody): Promise<TeamState> {
  const task = await loadTask(taskDeps(deps), taskId)
  const previous = await currentTeam(deps, taskId)
  if (previous && !isEnded(previous)) {
    if (previous.proposer.id === user.id && (await formedByRequest(deps, previous.id, body.requestId))) return previous
    throw new AppError('CONFLICT', `该工单已有攻坚小组（${previous.proposer.name}组建），请在小组中调整成员`)
  }
  const now = deps.clock.now().getTime()
  assertCanFormTeam(task, user, now)
  const { rule, candidates, preferredId, proposal } = await proposeFor(deps, task, { dialect: body.dialect })
  const byId = new Map(candidates.map((c) => [c.id, c]))
  const rules = await currentRules(deps)
  const chosen: Array<{ c: MediatorCandidate; slot: (typeof proposal.slots)[number] }> = []
  for (const m of body.members) {
    const slot = proposal.slots.find((s) => s.key === m.slotKey)
    if (!slot) throw new AppError('DOMAIN_RULE', '所选席位不在当前的小组构成规则中，请刷新推荐')
    if (chosen.filter((x) => x.slot.key === slot.key).length >= slot.slot.count) throw new AppError('DOMAIN_RULE', `“${slot.label}”只需 ${slot.slot.count} 人`)
    const c = byId.get(m.mediatorId)
    const verdict = checkChoice(c, slot.slot, { task: proposalTask(task), now })
    if (!verdict.ok) {
      // full because another team just took the last seat: the same 409 as losing the seat race itself
      if (c && verdict.exclusions?.length && verdict.exclusions.every((e) => e.code === 'over_load'))
        throw fullConflict(loadFullMessage(c.name, c.loadCap ?? rules.loadCap), c, slot, chosen)
      throw new AppError('DOMAIN_RULE', verdict.message)
    }
    chosen.push({ c: c as MediatorCandidate, slot })
  }
  if (chosen.length < 2) throw new AppError('DOMAIN_RULE', '攻坚小组至少需要 2 名成员')

  const round = (await teamsOfTask(deps, taskId)).length + 1
  const teamId = teamIdOf(taskId, round)
  const parties = proposalTask(task).parties
  const taken: Array<{ id: string; load: LoadSlot }> = []
  const release = () => Promise.all(taken.map((t) => releaseLoad(deps, t.id, t.load)))
  try {
    for (const { c, slot } of chosen) {
      try {
        taken.push({
          id: c.id,
          load: await acquireLoad(deps, { mediatorId: c.id, name: c.name, teamId, taskId, taskNo: task.taskNo, parties }, c.loadCap ?? rules.loadCap),
        })
      } catch (err) {
        if (err instanceof AppError && err.code === 'CONFLICT') throw fullConflict(err.message, c, slot, chosen)
        throw err
      }
    }
    const members = await Promise.all(
      chosen.map(({ c, slot }, i) =>
        memberSpec(
          deps,
          c,
          task,
          { key: slot.key, label: slot.label, local: slot.slot.local, avoidLocal: slot.slot.avoidLocal },
          taken[i].load,
          body.dialect,
          preferredId,
        ),
      ),
    )
    const team = await createTeam(deps, teamId, {
      type: 'formed',
      actor: { id: user.id, name: user.name },
      data: {
        taskId,
        taskNo: task.taskNo,
        proposer: { id: user.id, name: user.name },
        rule: { id: rule.id, description: proposal.rule.description },
        members,
        ...(body.dialect ? { dialect: body.dialect } : {}),
        ...(preferredId ? { preferredId } : {}),
        requestId: body.requestId,
      },
    })
    if (!team) {
      await release()
      const winner = await readTeam(deps, teamId)
      if (winner?.proposer.id === user.id && (await formedByRequest(deps, teamId, body.requestId))) return winner
      throw new AppError('CONFLICT', `该工单刚由${winner?.proposer.name ?? '他人'}组建了攻坚小组`)
    }
  } catch (err) {
    await release()
    throw err
  }
  try {
    return await reconcileTeam(deps, teamId)
  } catch (err) {
    // the task moved on between the checks and the seats: the team cannot stand
    if (err instanceof AppError) {
      await mutateTeam(deps, teamId, (t) =>
        isEnded(t) ? { done: true } : { type: 'dissolved', actor: { id: user.id, name: user.name }, data: { reason: err.message } },
      )
      await reconcileTeam(deps, teamId).catch(() => {})
    }
    throw err
  }
}

/** 409 for a mediator whose seats are all taken, naming the next alternative for the same slot. */
function fullConflict(
  message: string,
  c: MediatorCandidate | undefined,
  slot: { key: string; alternatives: Array<{ id: string; name: string; summary: string }> },
  chosen: Array<{ c: MediatorCandidate }>,
): AppError {
  const next = slot.alternatives.find((a) => a.id !== c?.id && !chosen.some((x) => x.c.id === a.id))
  return new AppError('CONFLICT', `${message}${next ? `。推荐：${next.name}（${next.summary}）` : ''}`, {
    mediatorId: c?.id,
    slotKey: slot.key,
    replacement: next ?? null,
  })
}

async function formedByRequest(deps: AppDeps, teamId: string, requestId: string): Promise<boolean> {
  const first = await deps.db.models.MediationTeamEvent.findById(`${teamId}:0001`).lean()
  return (first?.data as { requestId?: string } | undefined)?.requestId === requestId
}

/** A member accepts or declines (in the app, or through the SMS link). Answering the same again changes nothing. */
export async function answerInvitation(
  deps: AppDeps,
  who: Ref,
  teamId: string,
  answer: 'accept' | 'decline',
  reason: string | undefined,
  via: 'app' | 'sms_link',
): Promise<TeamState> {
  await mutateTeam(deps, teamId, (t) => {
    const m = memberOf(t, who.id)
    if (m && m.status === (answer === 'accept' ? 'accepted' : 'declined')) return { done: true }
    const v = canAnswer(t, who.id, answer)
    if (!v.ok) throw new AppError(v.code, v.message)
    return answer === 'accept'
      ? { type: 'accepted', actor: who, data: { mediatorId: who.id, via } }
      : { type: 'declined', actor: who, data: { mediatorId: who.id, reason: reason ?? '' } }
  })
  return reconcileTeam(deps, teamId)
}

/** Replaces a member who declined, left or has not answered, by someone the same slot admits. */
export async function replaceMember(deps: AppDeps, user: AuthUser, teamId: string, mediatorId: string, replacementId: string): Promise<TeamState> {
  const team = await loadTeam(deps, teamId)
  const task = await loadTask(taskDeps(deps), team.taskId)
  assertManageTeam(team, task, user)
  const first = canReplace(team, mediatorId)
  if (!first.ok) throw new AppError(first.code, first.message)
  if (team.members.some((m) => m.mediatorId === replacementId)) throw new AppError('DOMAIN_RULE', '该人员已被邀请过（在小组中或已婉拒），请选择其他人')
  const { member, slot, candidates } = await replacementsFor(deps, task, team, mediatorId)
  const c = candidates.find((x) => x.id === replacementId)
  const verdict = checkChoice(c, slot, { task: proposalTask(task), now: deps.clock.now().getTime() })
  if (!verdict.ok || !c) throw new AppError('DOMAIN_RULE', verdict.ok ? '所选人员不在调解员库中' : verdict.message)
  const rules = await currentRules(deps)
  const load = await acquireLoad(
    deps,
    { mediatorId: c.id, name: c.name, teamId, taskId: task.id, taskNo: task.taskNo, parties: proposalTask(task).parties },
    c.loadCap ?? rules.loadCap,
  )
  try {
    const spec = await memberSpec(
      deps,
      c,
      task,
      { key: member.slotKey, label: member.slotLabel, local: member.local, avoidLocal: member.avoidLocal },
      load,
      team.dialect,
    )
    await mutateTeam(deps, teamId, (t) => {
      const v = canReplace(t, mediatorId)
      if (!v.ok) throw new AppError(v.code, v.message)
      if (t.members.some((m) => m.mediatorId === replacementId)) throw new AppError('DOMAIN_RULE', '该人员刚被邀请过，请选择其他人')
      return { type: 'replaced', actor: { id: user.id, name: user.name }, data: { mediatorId, member: spec } }
    })
  } catch (err) {
    await releaseLoad(deps, c.id, load)
    throw err
  }
  return reconcileTeam(deps, teamId)
}

/** Takes a member off the team (the seat goes); the last position stays. */
export async function removeMember(deps: AppDeps, user: AuthUser, teamId: string, mediatorId: string, reason: string): Promise<TeamState> {
  const team = await loadTeam(deps, teamId)
  const task = await loadTask(taskDeps(deps), team.taskId)
  assertManageTeam(team, task, user)
  await mutateTeam(deps, teamId, (t) => {
    const v = canReplace(t, mediatorId)
    if (!v.ok) throw new AppError(v.code, v.message)
    const positions = t.members.filter((m) => ['invited', 'accepted', 'declined', 'left'].includes(m.status)).length
    if (positions <= 1) throw new AppError('DOMAIN_RULE', '攻坚小组至少保留一个席位；如不再需要，请重新分拨或发布该工单')
    return { type: 'removed', actor: { id: user.id, name: user.name }, data: { mediatorId, reason } }
  })
  return reconcileTeam(deps, teamId)
}

/** The centre names the mediator a citizen asked for (or clears it). */
export async function setPreference(deps: AppDeps, user: AuthUser, taskId: string, body: PreferenceBody) {
  assertSetPreference(user)
  await loadTask(taskDeps(deps), taskId)
  let name: string | undefined
  if (body.mediatorId) {
    const m = await readVersioned<{ name: string; active: boolean }>(mediatorStore(deps), body.mediatorId)
    if (!m?.active) throw notFound('调解员')
    name = m.name
  }
  return saveVersioned<PreferenceFields>(preferenceStore(deps), {
    id: taskId,
    by: { id: user.id, name: user.name },
    change: () => (body.mediatorId ? { mediatorId: body.mediatorId, name, note: body.note } : {}),
  })
}
