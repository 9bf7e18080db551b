/**
 * Asking for a team: the task's rule from the table, the pool, the citizen's preferred mediator, and
 * the shared engine (proposeTeam). Also the replacement offer for a member who declined or left.
 */
import {
  type CompositionRule,
  type CompositionSlot,
  type MediatorCandidate,
  type ProposalTask,
  proposeTeam,
  ruleFor,
  type TaskState,
  type TeamProposal,
  type TeamState,
} from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { loadCandidates } from './pool'
import { currentRules } from './rules'
import { readVersioned } from './versioned'

export function proposalTask(t: TaskState): ProposalTask {
  return {
    id: t.id,
    taskNo: t.taskNo,
    category: t.category,
    riskColour: t.riskColour,
    territory: t.territory.code,
    parties: t.parties.map((p) => ({ name: p.name, ...(p.role ? { role: p.role } : {}), ...(p.phoneHash ? { phoneHash: p.phoneHash } : {}) })),
  }
}

export async function preferredOf(deps: AppDeps, taskId: string): Promise<string | undefined> {
  const p = await readVersioned<{ mediatorId?: string }>(
    { cache: deps.db.models.MediationPreference, revisions: deps.db.models.MediationPreferenceRevision, clock: deps.clock },
    taskId,
  )
  return p?.mediatorId
}

export interface ProposalContext {
  rule: CompositionRule
  candidates: MediatorCandidate[]
  preferredId?: string
  proposal: TeamProposal
}

/** The proposal for a task (pure engine over the loaded pool). */
export async function proposeFor(deps: AppDeps, task: TaskState, opts: { dialect?: string; skip?: ReadonlySet<string> } = {}): Promise<ProposalContext> {
  const rules = await currentRules(deps)
  const rule = ruleFor(rules, task.category, task.riskColour)
  const preferredId = await preferredOf(deps, task.id)
  const types = new Set(rule.slots.map((s) => s.type))
  if (preferredId) {
    const p = await deps.db.models.Mediator.findById(preferredId, { type: 1 }).lean()
    if (p) types.add(p.type)
  }
  const candidates = await loadCandidates(deps, { types: [...types], defaultCap: rules.loadCap })
  const proposal = proposeTeam({
    task: proposalTask(task),
    rule,
    candidates,
    now: deps.clock.now().getTime(),
    dialect: opts.dialect,
    preferredId,
    skip: opts.skip,
  })
  return { rule, candidates, preferredId, proposal }
}

/** Who could take a member's place: the same slot, nobody already asked for this team. */
export async function replacementsFor(deps: AppDeps, task: TaskState, team: TeamState, mediatorId: string) {
  const member = team.members.find((m) => m.mediatorId === mediatorId)
  if (!member) throw new AppError('DOMAIN_RULE', '该成员不在小组中')
  const rules = await currentRules(deps)
  const slot: CompositionSlot = { type: member.type, count: 1, ...(member.local ? { local: true } : {}), ...(member.avoidLocal ? { avoidLocal: true } : {}) }
  const rule: CompositionRule = { id: team.rule.id, category: task.category, colour: task.riskColour, slots: [slot] }
  const candidates = await loadCandidates(deps, { types: [member.type], defaultCap: rules.loadCap })
  const skip = new Set(team.members.map((m) => m.mediatorId))
  const proposal = proposeTeam({ task: proposalTask(task), rule, candidates, now: deps.clock.now().getTime(), dialect: team.dialect, skip })
  return { member, slot, candidates, slotProposal: proposal.slots[0] }
}
