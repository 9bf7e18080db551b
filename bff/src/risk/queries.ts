/**
 * What the risk pages read: a task's card (为什么是红色), the watch list and one subject, the people
 * who may follow a subject up, the rules overview and versions.
 */
import {
  currentVersions,
  isDraftCurrent,
  type RiskCardView,
  type RiskRuleSet,
  type RiskRulesOverview,
  type RiskRuleVersionView,
  type WatchDetailView,
  type WatchListQuery,
  type WatchListView,
} from '@jqtb/shared'
import type { Clock } from '../infra/clock'
import type { Db } from '../infra/db'
import { type AuthUser, toAuthUser } from '../kernel/actor'
import type { TaskDeps } from '../tasks/log'
import { assertVisible } from '../tasks/policy'
import { scoreTask } from './engine'
import { isAdmin, keepsWatch } from './policy'
import { presentCard, presentRiskDraft, presentRiskVersion, presentWatchCase, presentWatchEvent, presentWatchItem } from './presenter'
import { latestRiskDraft, loadRiskVersions } from './rule-versions'
import { decisionsOf, listCounts, listSubjects, subjectById, subjectCaseDocs } from './subjects'

/** The card on a task's page, for whoever may open the task; linked cases only for the watch list's keepers. */
export async function riskCardOf(deps: TaskDeps, user: AuthUser, taskId: string): Promise<RiskCardView> {
  const scored = await scoreTask(deps, taskId)
  assertVisible(scored.state, user)
  const keeper = keepsWatch(user, scored.version.rules)
  return presentCard(scored, scored.events, { showLinked: keeper, canSet: keeper })
}

export async function watchListOf(deps: TaskDeps, q: WatchListQuery): Promise<WatchListView> {
  const [page, counts] = await Promise.all([listSubjects(deps, q), listCounts(deps)])
  return { items: page.items.map(presentWatchItem), nextCursor: page.nextCursor, counts }
}

export async function watchDetailOf(deps: TaskDeps, sid: string): Promise<WatchDetailView> {
  const subject = await subjectById(deps, sid)
  const [docs, { events }] = await Promise.all([subjectCaseDocs(deps, subject.key), decisionsOf(deps, sid)])
  const names = new Map([[subject.key, subject.label]])
  return {
    ...presentWatchItem(subject),
    cases: [...docs].sort((a, b) => b.createdAt - a.createdAt).map((d) => presentWatchCase(d, names)),
    history: events.map(presentWatchEvent).reverse(),
    canManage: true,
  }
}

/** The people a subject's follow-up may be given to: the 派出所's and the centre's, in post. */
export async function watchKeepers(deps: TaskDeps, rules: RiskRuleSet) {
  const people = await deps.db.models.User.find({ active: true, $or: [{ roles: 'dispatcher' }, { department: rules.dutyDepartment }] }).lean()
  return people
    .filter((p) => keepsWatch(toAuthUser(p), rules))
    .map((p) => ({ id: p._id, name: p.name, roleLabels: [], title: p.title ?? '', territoryName: '', tags: [] }))
}

export async function riskRulesOverview(deps: { db: Db; clock: Clock }, user: AuthUser): Promise<RiskRulesOverview> {
  const now = deps.clock.now()
  const versions = await loadRiskVersions(deps.db, now)
  const t = now.getTime()
  const { inForce, latest } = currentVersions(versions, t)
  const admin = isAdmin(user)
  const draft = admin ? await latestRiskDraft(deps.db) : null
  const current = draft !== null && isDraftCurrent({ basedOnVersion: draft.basedOnVersion, savedAt: new Date(draft.savedAt).getTime() }, latest)
  return {
    inForce: presentRiskVersion(inForce, versions, t),
    latest: presentRiskVersion(latest, versions, t),
    draft: draft && current ? presentRiskDraft(draft, latest) : null,
    draftRevision: draft?._id ?? 0,
    canEdit: admin,
  }
}

export async function riskRuleVersions(deps: { db: Db; clock: Clock }): Promise<RiskRuleVersionView[]> {
  const now = deps.clock.now()
  const versions = await loadRiskVersions(deps.db, now)
  return [...versions].reverse().map((v) => presentRiskVersion(v, versions, now.getTime()))
}
