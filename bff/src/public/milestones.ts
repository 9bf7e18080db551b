/**
 * Public milestones (已提交 · 已受理 · 已分派 · 调解中 · 已办结): each is an insert keyed
 * `<code>:<milestone>` and an SMS with that same key, so a repeated event (delivery is at least once)
 * neither adds a line nor sends a second text. Only what a citizen may read is stored: a unit's name,
 * a result in plain words — never a note, a person, a number or a risk colour.
 */
import { applyEvent, CASE_CODE_PATTERN, MILESTONES, type Milestone, milestoneText, PUBLIC_RESULTS, type TaskState } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import type { TaskAppended } from '../tasks/events'
import { eventsAfter, eventsUpTo, readProjected, taskDeps } from '../tasks/log'
import { linkCaseToTask, linkedCodes } from './case-tasks'
import { startFollowups } from './followups'
import type { MilestoneDoc, PublicCaseDoc } from './model'

export async function recordMilestone(deps: AppDeps, code: string, milestone: Milestone, detail: { unit?: string; result?: string }, at = deps.clock.now()) {
  const id = `${code}:${milestone}`
  const doc: MilestoneDoc = { _id: id, code, milestone, at, ...detail }
  let stored = doc
  try {
    await deps.db.models.PublicMilestone.create(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    stored = (await deps.db.models.PublicMilestone.findById(id).lean<MilestoneDoc>()) ?? doc
  }
  const c = await deps.db.models.PublicCase.findById(code, { phoneEnc: 1, milestone: 1 }).lean<PublicCaseDoc>()
  if (!c) return
  // the SMS is queued under the milestone's key: asked again after a crash, it is still one text
  await deps.sms.enqueue({
    key: `public:${id}`,
    phone: { phoneEnc: c.phoneEnc },
    template: 'public_milestone',
    data: { code, status: milestoneText(milestone, { unit: stored.unit, result: stored.result }) },
  })
  if (MILESTONES.indexOf(milestone) > MILESTONES.indexOf(c.milestone)) {
    await deps.db.models.PublicCase.updateOne({ _id: code }, { $set: { milestone } })
  }
}

/** The cases a task handles: the one its `sourceRef` names, and those linked to it through a lead. */
async function casesOfTask(deps: AppDeps, task: TaskState): Promise<string[]> {
  const codes: string[] = []
  if (task.sourceRef && CASE_CODE_PATTERN.test(task.sourceRef)) {
    // the first task made for a case keeps it (a second task with the same code does not move it)
    if ((await linkCaseToTask(deps, task.sourceRef, task.id, { via: 'sourceRef' })) === task.id) codes.push(task.sourceRef)
  }
  for (const code of await linkedCodes(deps, task.id)) if (!codes.includes(code)) codes.push(code)
  return codes
}

const HANDED = new Set(['claimed', 'claim_approved', 'assigned', 'signed'])

interface Reached {
  milestone: Milestone
  detail: { unit?: string; result?: string }
  at: Date
}

/** The milestones one event of a task means (pure; 已受理 by any event, the first one being its creation). */
function milestonesOf({ event, before, after }: TaskAppended): Reached[] {
  const at = new Date(event.at)
  const out: Reached[] = [{ milestone: 'accepted', detail: {}, at }]
  if (event.type === 'routed' && after.department) out.push({ milestone: 'assigned', detail: { unit: after.department.name }, at })
  else if (HANDED.has(event.type)) out.push({ milestone: 'assigned', detail: { unit: after.department ? after.department.name : '网格工作人员' }, at })
  if (event.type === 'progress' && (event.data as { kind?: string }).kind === 'mediation') out.push({ milestone: 'mediating', detail: {}, at })
  if (event.type === 'team_formed') out.push({ milestone: 'mediating', detail: {}, at })
  if ((after.state === 'closed' || after.state === 'cancelled') && before?.state !== after.state)
    out.push({ milestone: 'closed', detail: { result: PUBLIC_RESULTS[after.closureCode ?? 'other'] ?? PUBLIC_RESULTS.other }, at })
  return out
}

async function record(deps: AppDeps, code: string, reached: Reached[]): Promise<void> {
  for (const r of reached) {
    await recordMilestone(deps, code, r.milestone, r.detail, r.at)
    if (r.milestone === 'closed') await startFollowups(deps, code, r.at)
  }
}

/** task.appended → the public milestones it means for every case the task handles (idempotent). */
export async function onTaskAppended(deps: AppDeps, appended: TaskAppended): Promise<void> {
  const codes = await casesOfTask(deps, appended.after)
  if (!codes.length) return
  const reached = milestonesOf(appended)
  for (const code of codes) await record(deps, code, reached)
}

/**
 * A case that starts following a task late (its lead was converted, or it joined a lead that had a
 * task already): the task's events so far, replayed for this case — each milestone once, at the time of
 * the first event that meant it.
 */
export async function catchUpWithTask(deps: AppDeps, code: string, taskId: string): Promise<void> {
  const td = taskDeps(deps)
  const projected = await readProjected(td, taskId)
  if (!projected) return
  const events = [...(await eventsUpTo(td, taskId, projected.seq)), ...(await eventsAfter(td, taskId, projected.seq))]
  const first = new Map<Milestone, Reached>()
  let state: TaskState | null = null
  for (const event of events) {
    const before: TaskState | null = state
    state = applyEvent(state, event)
    for (const r of milestonesOf({ event, before, after: state })) if (!first.has(r.milestone)) first.set(r.milestone, r)
  }
  await record(deps, code, [...first.values()])
}

/** mediation.team_formed → 调解中 for the cases its task handles. */
export async function onTeamFormed(deps: AppDeps, taskId: string, at: Date): Promise<void> {
  const task = await readProjected(taskDeps(deps), taskId)
  if (!task) return
  for (const code of await casesOfTask(deps, task)) await recordMilestone(deps, code, 'mediating', {}, at)
}
