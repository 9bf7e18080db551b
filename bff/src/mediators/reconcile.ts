/**
 * Brings everything that follows from a team's log into line with it, idempotently (docs/mediators.md#teams):
 * the task's team seats (team_formed / team_changed), invitations (notice or SMS, keyed by the event
 * that invited), seats for members who accepted (指派 as the proposer), the proposer told of declines
 * and departures, load slots given back, the team dissolved when its task moved on, the domain event
 * published. Called after every change of a team, by the task listener, and by the repair job, so a
 * crash between any two steps ends with each step done once.
 */
import {
  acceptedMembers,
  currentMembers,
  isEnded,
  isHolder,
  isTerminal,
  LOADED_STATUSES,
  MEDIATOR_TYPE_LABELS,
  RISK_LABELS,
  SYSTEM_ACTOR,
  seatsOf,
  TASK_CATEGORY_LABELS,
  type TaskState,
  type TeamMember,
  type TeamState,
} from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { toAuthUser } from '../kernel/actor'
import type { DomainEvents, Topic } from '../kernel/events'
import { assignTask } from '../tasks/claims'
import { eventsUpTo, taskDeps } from '../tasks/log'
import { loadTask, mutateTask } from '../tasks/store'
import { readPerson } from '../users/store'
import './events'
import { ensureLink, linkUrl } from './links'
import { releaseLoad } from './load'
import { mediatorStore } from './profiles'
import { replacementsFor } from './proposal'
import { loadTeam, mutateTeam } from './team-store'
import { readVersioned } from './versioned'

export const invitePage = (teamId: string) => `pages/mediators/invite/index?team=${encodeURIComponent(teamId)}`
export const teamPage = (taskId: string) => `pages/mediators/team/index?task=${encodeURIComponent(taskId)}`

/** Publishes a domain event unless its mark says it was; the mark is written after every listener succeeded. */
export async function publishOnce<K extends Topic>(deps: AppDeps, topic: K, payload: DomainEvents[K] & { id: string }): Promise<void> {
  const { MediationEventMark } = deps.db.models
  if (await MediationEventMark.exists({ _id: payload.id })) return
  await deps.events.publish(topic, payload)
  await MediationEventMark.create({ _id: payload.id, at: deps.clock.now() }).catch(() => {})
}

/** Has this task ever carried this team? (its log has the team_formed) */
async function taskHadTeam(deps: AppDeps, task: TaskState, teamId: string): Promise<boolean> {
  const events = await eventsUpTo(taskDeps(deps), task.id, task.seq)
  return events.some((e) => e.type === 'team_formed' && e.data.teamId === teamId)
}

/** Why the team cannot go on with its task (null: it can). */
async function movedOn(deps: AppDeps, team: TeamState, task: TaskState): Promise<string | null> {
  if (task.state === 'cancelled') return '工单已撤销'
  if (task.state === 'closed') return '工单已办结（未登记调解结果）'
  if (task.team?.id === team.id) return null
  if (await taskHadTeam(deps, task, team.id)) {
    return task.state === 'routed' ? '工单已重新分拨' : task.state === 'published' ? '工单已发布揭榜' : '工单已重新打开或改由他人承办'
  }
  // formed, but the task never got its seats (a crash in between): fine while the task still waits
  return task.state === 'draft' || task.state === 'signed' ? null : '工单状态已变化，未能安排小组席位'
}

const refs = (ms: readonly TeamMember[]) => ms.map((m) => ({ id: m.mediatorId, name: m.name }))

/** What the last change was, for the task's timeline. */
function changeNote(team: TeamState): string {
  const last = [...team.members].sort((a, b) => (b.answeredAt ?? b.invitedAt) - (a.answeredAt ?? a.invitedAt))[0]
  const replaced = team.members.filter((m) => m.status === 'replaced' && m.replacedBy)
  const parts: string[] = []
  for (const m of team.members) {
    if (m.status === 'declined') parts.push(`${m.name}婉拒邀请`)
    if (m.status === 'left') parts.push(`${m.name}退出`)
    if (m.status === 'removed') parts.push(`${m.name}移出小组`)
  }
  for (const m of replaced) parts.push(`${team.members.find((x) => x.mediatorId === m.replacedBy)?.name ?? '替补'}替补${m.name}`)
  return parts.join('；') || `小组调整（${last?.name ?? ''}）`
}

/** Puts the team's seats and members on the task. */
async function syncTask(deps: AppDeps, team: TeamState, task: TaskState): Promise<TaskState> {
  const members = refs(currentMembers(team))
  const seats = seatsOf(team)
  const same = task.team?.id === team.id && task.seats === seats && task.team.members.map((m) => m.id).join() === members.map((m) => m.id).join()
  if (same) return task
  const res = await mutateTask(taskDeps(deps), task.id, (t) => {
    if (t.team?.id === team.id && t.seats === seats && t.team.members.map((m) => m.id).join() === members.map((m) => m.id).join()) return { done: true }
    if (t.team?.id !== team.id) {
      if (!(t.state === 'draft' || t.state === 'signed') || t.holders.length)
        throw new AppError('INVALID_TRANSITION', '工单已有人承办或状态已变化，不能再组建攻坚小组')
      return { type: 'team_formed', actor: team.proposer, data: { teamId: team.id, seats, members, rule: team.rule.description } }
    }
    return { type: 'team_changed', actor: team.proposer, data: { teamId: team.id, seats, members, note: changeNote(team) } }
  })
  return res.state
}

async function proposerAsUser(deps: AppDeps, team: TeamState) {
  const person = await readPerson(deps.db, team.proposer.id)
  return person ? toAuthUser(person.user) : null
}

/** A member who accepted holds a seat of the task (指派 in the proposer's name). */
async function seat(deps: AppDeps, team: TeamState, m: TeamMember, task: TaskState): Promise<void> {
  if (isTerminal(task) || isHolder(task, m.mediatorId, deps.clock.now().getTime())) return
  const proposer = await proposerAsUser(deps, team)
  if (!proposer) return
  try {
    await assignTask(taskDeps(deps), proposer, task.id, { userId: m.mediatorId, note: `攻坚小组成员（${m.slotLabel}）已接受邀请` })
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    deps.logger.warn({ teamId: team.id, mediatorId: m.mediatorId, err: err.message }, 'mediation: seat not given')
  }
}

function inviteData(team: TeamState, m: TeamMember, task: TaskState) {
  return {
    taskNo: task.taskNo,
    title: task.title,
    category: TASK_CATEGORY_LABELS[task.category],
    territory: task.territory.name,
    riskColour: task.riskColour,
    risk: RISK_LABELS[task.riskColour],
    slot: m.slotLabel,
    by: team.proposer.name,
    why: m.summary,
  }
}

/** The invitation, by the member's channel; keyed by the event that invited them. */
async function invite(deps: AppDeps, team: TeamState, m: TeamMember, task: TaskState): Promise<void> {
  const key = `${team.id}:invite:${m.mediatorId}:${m.invitedSeq}`
  if (m.channel === 'dingtalk') {
    await deps.notifier.enqueue({
      key,
      recipients: [m.mediatorId],
      template: 'mediation_invite',
      data: inviteData(team, m, task),
      page: invitePage(team.id),
    })
    return
  }
  if (await deps.db.models.SmsOutbox.exists({ _id: key })) return
  const profile = await readVersioned<{ phoneEnc?: string }>(mediatorStore(deps), m.mediatorId)
  const person = await readPerson(deps.db, m.mediatorId)
  const phone = profile?.phoneEnc ? { phoneEnc: profile.phoneEnc } : person?.user.mobile
  if (!phone) {
    deps.logger.warn({ teamId: team.id, mediatorId: m.mediatorId }, 'mediation: no number to send the invitation to')
    return
  }
  const code = await ensureLink(deps, team.id, m.mediatorId, m.invitedSeq)
  const proposer = await readPerson(deps.db, team.proposer.id)
  const unit = proposer?.user.department ? ((await deps.db.models.Department.findById(proposer.user.department).lean())?.name ?? '社治中心') : '社治中心'
  await deps.sms.enqueue({
    key,
    phone,
    template: 'mediation_invite',
    data: { name: m.name, unit, category: TASK_CATEGORY_LABELS[task.category], taskNo: task.taskNo, link: linkUrl(deps, code) },
  })
}

/** The proposer hears of a decline (with the engine's suggested replacement) or a departure, once per event. */
async function tellProposer(deps: AppDeps, team: TeamState, m: TeamMember, task: TaskState): Promise<void> {
  const template = m.status === 'declined' ? 'mediation_declined' : 'mediation_member_left'
  const key = `${team.id}:${m.status}:${m.mediatorId}:${m.invitedSeq}`
  if (await deps.db.models.Outbox.exists({ _id: key })) return
  let replacement: { name: string; why: string } | undefined
  if (m.status === 'declined') {
    const r = await replacementsFor(deps, task, team, m.mediatorId).catch(() => null)
    const best = r?.slotProposal.picks[0]
    if (best) replacement = { name: `${best.name}（${MEDIATOR_TYPE_LABELS[best.type]}）`, why: best.summary }
  }
  await deps.notifier.enqueue({
    key,
    recipients: [team.proposer.id],
    template,
    data: {
      taskNo: task.taskNo,
      title: task.title,
      member: m.name,
      reason: m.reason ?? '',
      ...(replacement ? { replacement: replacement.name, replacementWhy: replacement.why } : {}),
    },
    page: teamPage(task.id),
  })
}

export async function reconcileTeam(deps: AppDeps, teamId: string): Promise<TeamState> {
  let team = await loadTeam(deps, teamId)
  let task = await loadTask(taskDeps(deps), team.taskId)
  if (!isEnded(team)) {
    const reason = await movedOn(deps, team, task)
    if (reason)
      team = (await mutateTeam(deps, teamId, (t) => (isEnded(t) ? { done: true } : { type: 'dissolved', actor: SYSTEM_ACTOR, data: { reason } }))).state
  }
  if (!isEnded(team)) {
    task = await syncTask(deps, team, task)
    for (const m of team.members) {
      if (m.status === 'invited') await invite(deps, team, m, task)
      else if (m.status === 'accepted') await seat(deps, team, m, task)
      else if (m.status === 'declined' || m.status === 'left') await tellProposer(deps, team, m, task)
    }
    const accepted = acceptedMembers(team)
    if (accepted.length && accepted.length === seatsOf(team)) {
      await deps.notifier.enqueue({
        key: `${team.id}:ready:${team.seq}`,
        recipients: [team.proposer.id],
        template: 'mediation_team_ready',
        data: { taskNo: task.taskNo, title: task.title, members: accepted.map((m) => `${m.name}（${m.slotLabel}）`).join('、') },
        page: teamPage(task.id),
      })
    }
    await publishOnce(deps, 'mediation.team_formed', {
      id: `${team.id}:formed`,
      taskId: task.id,
      teamId: team.id,
      category: task.category,
      riskColour: task.riskColour,
      territory: task.territory.code,
      memberIds: team.members.filter((m) => m.invitedSeq === 1).map((m) => m.mediatorId),
      at: new Date(team.formedAt).toISOString(),
    })
  }
  for (const m of team.members) {
    if (isEnded(team) || !LOADED_STATUSES.includes(m.status)) await releaseLoad(deps, m.mediatorId, m.load)
  }
  return team
}
