/** Reads for the pages: the pool list, a profile, organisations, public cards, a task's mediation, my invitations. */
import {
  type InvitationView,
  isEnded,
  MEDIATOR_TYPE_LABELS,
  MEMBER_STATUS_LABELS,
  type MediatorListQuery,
  type MediatorListResponse,
  type PublicCardQuery,
  RISK_LABELS,
  TASK_CATEGORY_LABELS,
  TASK_STATE_LABELS,
  type TaskMediationView,
  type TaskState,
  TEAM_STATUS_LABELS,
  type TeamState,
} from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, forbidden, notFound } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import { taskDeps } from '../tasks/log'
import { loadTask } from '../tasks/store'
import type { MediatorDoc, StatsDoc } from './model'
import { canManageTeam, canRecord, canSeeMediation, isCentre, teamBlocked } from './policy'
import { loadOf } from './pool'
import { presentCard, presentListItem, presentMediator, presentOrg, presentOutcome, presentSession, presentTeam } from './presenter'
import { mediatorStore } from './profiles'
import { currentRules } from './rules'
import { readTeam, teamsOfTask } from './team-store'
import { currentTeam, preferenceStore } from './teams'
import { readVersioned } from './versioned'

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

async function nameMaps(deps: AppDeps, orgIds: string[], territories: string[]) {
  const [orgs, terr] = await Promise.all([
    orgIds.length ? deps.db.models.MediationOrg.find({ _id: { $in: [...new Set(orgIds)] } }, { _id: 1, name: 1 }).lean() : [],
    territories.length ? deps.db.models.Territory.find({ _id: { $in: [...new Set(territories)] } }, { _id: 1, fullName: 1 }).lean() : [],
  ])
  return { orgs: new Map(orgs.map((o) => [o._id, o.name])), territories: new Map(terr.map((t) => [t._id, t.fullName])) }
}

async function loadsOf(deps: AppDeps, ids: string[]): Promise<Map<string, number>> {
  const slots = ids.length ? await deps.db.models.MediatorLoadSlot.find({ mediatorId: { $in: ids } }, { mediatorId: 1 }).lean() : []
  const out = new Map<string, number>()
  for (const s of slots) out.set(s.mediatorId, (out.get(s.mediatorId) ?? 0) + 1)
  return out
}

export async function listMediators(deps: AppDeps, q: MediatorListQuery): Promise<MediatorListResponse> {
  const filter: Record<string, unknown>[] = []
  if (q.status !== 'all') filter.push({ active: q.status === 'active' })
  if (q.type) filter.push({ type: q.type })
  if (q.org) filter.push({ orgIds: q.org })
  if (q.domain) filter.push({ domains: q.domain })
  if (q.community) filter.push({ home: { $regex: `^${escapeRegex(q.community)}(-|$)` } })
  if (q.q) filter.push({ name: { $regex: escapeRegex(q.q) } })
  if (q.cursor) filter.push({ _id: { $gt: q.cursor } })
  const docs = await deps.db.models.Mediator.find(filter.length ? { $and: filter } : {})
    .sort({ _id: 1 })
    .limit(q.limit + 1)
    .lean<MediatorDoc[]>()
  const page = docs.slice(0, q.limit)
  const ids = page.map((m) => m._id)
  const [maps, stats, loads, rules] = await Promise.all([
    nameMaps(
      deps,
      page.flatMap((m) => m.orgIds),
      page.flatMap((m) => (m.home ? [m.home] : [])),
    ),
    ids.length ? deps.db.models.MediatorStats.find({ _id: { $in: ids } }).lean<StatsDoc[]>() : [],
    loadsOf(deps, ids),
    currentRules(deps),
  ])
  const byId = new Map(stats.map((s) => [s._id, s]))
  const now = deps.clock.now()
  return {
    items: page.map((m) => presentListItem(m, { ...maps, stats: byId.get(m._id), load: loads.get(m._id) ?? 0, defaultCap: rules.loadCap, now })),
    nextCursor: docs.length > q.limit ? (page.at(-1)?._id ?? null) : null,
  }
}

export async function mediatorView(deps: AppDeps, viewer: AuthUser, id: string) {
  const m = await readVersioned<MediatorDoc>(mediatorStore(deps), id)
  if (!m) throw notFound('调解员')
  const rules = await currentRules(deps)
  const cap = m.loadCap ?? rules.loadCap
  const [maps, stats, load, person] = await Promise.all([
    nameMaps(deps, m.orgIds, m.home ? [m.home] : []),
    deps.db.models.MediatorStats.findById(id).lean<StatsDoc>(),
    loadOf(deps, id, cap),
    deps.db.models.User.findById(id, { dingtalk: 1, zzd: 1 }).lean(),
  ])
  const onPlatform = deps.config.dingtalk.provider === 'dingtalk' ? !!person?.dingtalk?.userid : !!person?.zzd?.accountId
  return presentMediator(m as MediatorDoc, viewer, {
    ...maps,
    stats,
    load,
    defaultCap: rules.loadCap,
    channel: onPlatform ? 'dingtalk' : 'sms',
    now: deps.clock.now(),
  })
}

export async function listOrgs(deps: AppDeps) {
  const orgs = await deps.db.models.MediationOrg.find({}).sort({ _id: 1 }).lean()
  const members = await deps.db.models.Mediator.find({ active: true }, { orgIds: 1 }).lean()
  const count = new Map<string, number>()
  for (const m of members) for (const o of m.orgIds ?? []) count.set(o, (count.get(o) ?? 0) + 1)
  const { territories } = await nameMaps(
    deps,
    [],
    orgs.map((o) => o.territory),
  )
  return orgs.map((o) => presentOrg(o, territories, count.get(o._id) ?? 0))
}

/** Public cards: only mediators who agreed to be listed, nothing private. */
export async function publicCards(deps: AppDeps, q: PublicCardQuery) {
  const filter: Record<string, unknown>[] = [{ active: true }, { publicCard: true }]
  if (q.type) filter.push({ type: q.type })
  if (q.domain) filter.push({ domains: q.domain })
  if (q.org) filter.push({ orgIds: q.org })
  if (q.cursor) filter.push({ _id: { $gt: q.cursor } })
  const docs = await deps.db.models.Mediator.find({ $and: filter })
    .sort({ _id: 1 })
    .limit(q.limit + 1)
    .lean<MediatorDoc[]>()
  const page = docs.slice(0, q.limit)
  const [maps, stats] = await Promise.all([
    nameMaps(
      deps,
      page.flatMap((m) => m.orgIds),
      [],
    ),
    page.length ? deps.db.models.MediatorStats.find({ _id: { $in: page.map((m) => m._id) } }).lean<StatsDoc[]>() : [],
  ])
  const byId = new Map(stats.map((s) => [s._id, s]))
  const now = deps.clock.now()
  return {
    items: page.map((m) => presentCard(m, { orgs: maps.orgs, stats: byId.get(m._id), now })),
    nextCursor: docs.length > q.limit ? (page.at(-1)?._id ?? null) : null,
  }
}

export async function publicCard(deps: AppDeps, id: string) {
  const m = await deps.db.models.Mediator.findById(id).lean<MediatorDoc>()
  if (!m?.active || !m.publicCard) throw notFound('调解员')
  const [maps, stats] = await Promise.all([nameMaps(deps, m.orgIds, []), deps.db.models.MediatorStats.findById(id).lean<StatsDoc>()])
  return presentCard(m, { orgs: maps.orgs, stats: stats ?? undefined, now: deps.clock.now() })
}

export async function teamView(deps: AppDeps, viewer: AuthUser, team: TeamState, task: TaskState) {
  const keys = team.members.filter((m) => m.channel === 'sms').map((m) => `${team.id}:invite:${m.mediatorId}:${m.invitedSeq}`)
  const sms = await deps.sms.status(keys)
  return presentTeam(team, viewer, {
    holders: new Set(task.holders.map((h) => h.userId)),
    sms,
    canManage: canManageTeam(team, task, viewer),
    canRecord: canRecord(team, task, viewer),
  })
}

/** Everything the 攻坚小组 page of a task shows. */
export async function taskMediation(deps: AppDeps, viewer: AuthUser, taskId: string): Promise<TaskMediationView> {
  const task = await loadTask(taskDeps(deps), taskId)
  const ids = await teamsOfTask(deps, taskId)
  const teams = (await Promise.all(ids.map((id) => readTeam(deps, id)))).filter((t): t is TeamState => !!t)
  if (!canSeeMediation(task, viewer, teams)) throw forbidden('您无权查看该工单的调解情况')
  const team = teams.at(-1) ?? null
  const now = deps.clock.now()
  const blocked = team && !isEnded(team) ? '该工单已有攻坚小组' : teamBlocked(task, viewer, now.getTime())
  const [pref, sessions, outcome, scans, confirmation] = await Promise.all([
    readVersioned<{ mediatorId?: string; name?: string; note?: string; by?: { id: string; name: string } }>(preferenceStore(deps), taskId),
    team ? deps.db.models.MediationSession.find({ teamId: team.id }).sort({ at: 1, _id: 1 }).lean() : [],
    team ? deps.db.models.MediationOutcome.findById(team.id).lean() : null,
    team ? deps.db.models.MediationScan.find({ teamId: team.id }).sort({ at: 1, _id: 1 }).lean() : [],
    team ? deps.db.models.MediationConfirmation.findById(team.id).lean() : null,
  ])
  const revision = pref?.mediatorId ? await deps.db.models.MediationPreferenceRevision.findById(`${taskId}:${String(pref.rev).padStart(6, '0')}`).lean() : null
  return {
    task: {
      id: task.id,
      taskNo: task.taskNo,
      title: task.title,
      category: task.category,
      categoryLabel: TASK_CATEGORY_LABELS[task.category],
      riskColour: task.riskColour,
      riskLabel: RISK_LABELS[task.riskColour],
      territory: { code: task.territory.code, name: task.territory.name },
      parties: task.parties.map((p) => ({ name: p.name, ...(p.role ? { role: p.role } : {}), ...(p.phoneMasked ? { phoneMasked: p.phoneMasked } : {}) })),
      state: task.state,
      stateLabel: TASK_STATE_LABELS[task.state],
    },
    canPropose: !blocked,
    ...(blocked ? { proposeBlocked: blocked } : {}),
    // a preference matters for the next team: none yet, or the last one was dissolved
    canSetPreference: isCentre(viewer) && (!team || team.status === 'dissolved'),
    preference:
      pref?.mediatorId && pref.name
        ? {
            mediatorId: pref.mediatorId,
            name: pref.name,
            ...(pref.note ? { note: pref.note } : {}),
            by: revision?.by ?? { id: '', name: '' },
            at: new Date(pref.updatedAt).toISOString(),
          }
        : null,
    team: team ? await teamView(deps, viewer, team, task) : null,
    pastTeams: Math.max(0, teams.length - 1),
    sessions: sessions.map(presentSession),
    outcome: outcome ? presentOutcome(outcome, scans, confirmation, { secret: deps.config.jwt.secret, now }) : null,
    // a mediation needs someone who accepted: until then there is nothing to record
    canRecord: !!team && team.status === 'active' && canRecord(team, task, viewer),
    canAttach: !!team && team.status !== 'dissolved' && canRecord(team, task, viewer),
  }
}

/** The signed-in person's invitations and teams (current and recent). */
export async function myInvitations(deps: AppDeps, viewer: AuthUser): Promise<InvitationView[]> {
  const docs = await deps.db.models.MediationTeam.find({ memberIds: viewer.id }).sort({ updatedAt: -1, _id: 1 }).limit(50).lean()
  const out: InvitationView[] = []
  for (const d of docs) {
    const team = await readTeam(deps, d._id)
    const me = team?.members.find((m) => m.mediatorId === viewer.id && m.status !== 'replaced' && m.status !== 'removed')
    if (!team || !me) continue
    out.push(await invitationView(deps, team, me.mediatorId))
  }
  return out
}

export async function invitationView(deps: AppDeps, team: TeamState, mediatorId: string): Promise<InvitationView> {
  const task = await loadTask(taskDeps(deps), team.taskId)
  const me = team.members.filter((m) => m.mediatorId === mediatorId).at(-1)
  if (!me) throw new AppError('NOT_FOUND', '邀请不存在')
  return {
    teamId: team.id,
    taskId: task.id,
    taskNo: task.taskNo,
    title: task.title,
    categoryLabel: TASK_CATEGORY_LABELS[task.category],
    riskColour: task.riskColour,
    riskLabel: RISK_LABELS[task.riskColour],
    territoryName: task.territory.name,
    parties: task.parties.map((p) => (p.role ? `${p.role} ${p.name}` : p.name)),
    proposer: team.proposer,
    slotLabel: me.slotLabel,
    summary: me.summary,
    status: me.status,
    statusLabel: MEMBER_STATUS_LABELS[me.status],
    teamStatusLabel: TEAM_STATUS_LABELS[team.status],
    invitedAt: new Date(me.invitedAt).toISOString(),
    others: team.members
      .filter((m) => m.mediatorId !== mediatorId && m.status !== 'replaced' && m.status !== 'removed')
      .map((m) => ({ name: m.name, typeLabel: MEDIATOR_TYPE_LABELS[m.type], statusLabel: MEMBER_STATUS_LABELS[m.status] })),
  }
}

export { currentTeam }
