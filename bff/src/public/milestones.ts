/**
 * Public milestones (已提交 · 已受理 · 已分派 · 调解中 · 已办结): each is an insert keyed
 * `<code>:<milestone>` and an SMS with that same key, so a repeated event (delivery is at least once)
 * neither adds a line nor sends a second text. Only what a citizen may read is stored: a unit's name,
 * a result in plain words — never a note, a person, a number or a risk colour.
 */
import { CASE_CODE_PATTERN, MILESTONES, type Milestone, milestoneText, PUBLIC_RESULTS, type TaskState } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import type { TaskAppended } from '../tasks/events'
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

/** The case a task handles: the task's `sourceRef` is the case code (the first task made for it keeps it). */
async function caseOfTask(deps: AppDeps, task: TaskState): Promise<PublicCaseDoc | null> {
  if (!task.sourceRef || !CASE_CODE_PATTERN.test(task.sourceRef)) return null
  const c = await deps.db.models.PublicCase.findById(task.sourceRef).lean<PublicCaseDoc>()
  if (!c) return null
  if (!c.taskId) {
    await deps.db.models.PublicCase.updateOne({ _id: c._id, taskId: { $exists: false } }, { $set: { taskId: task.id } })
    const again = await deps.db.models.PublicCase.findById(c._id).lean<PublicCaseDoc>()
    return again?.taskId === task.id ? again : null
  }
  return c.taskId === task.id ? c : null
}

const HANDED = new Set(['claimed', 'claim_approved', 'assigned', 'signed'])

/** task.appended → the public milestones it means (idempotent). */
export async function onTaskAppended(deps: AppDeps, { event, before, after }: TaskAppended): Promise<void> {
  const c = await caseOfTask(deps, after)
  if (!c) return
  const at = new Date(event.at)
  await recordMilestone(deps, c._id, 'accepted', {}, at)
  if (event.type === 'routed' && after.department) await recordMilestone(deps, c._id, 'assigned', { unit: after.department.name }, at)
  else if (HANDED.has(event.type))
    await recordMilestone(deps, c._id, 'assigned', after.department ? { unit: after.department.name } : { unit: '网格工作人员' }, at)
  if (event.type === 'progress' && (event.data as { kind?: string }).kind === 'mediation') await recordMilestone(deps, c._id, 'mediating', {}, at)
  if (event.type === 'team_formed') await recordMilestone(deps, c._id, 'mediating', {}, at)
  const closedNow = (after.state === 'closed' || after.state === 'cancelled') && before?.state !== after.state
  if (closedNow) {
    const result = PUBLIC_RESULTS[after.closureCode ?? 'other'] ?? PUBLIC_RESULTS.other
    await recordMilestone(deps, c._id, 'closed', { result }, at)
    await startFollowups(deps, c._id, at)
  }
}

/** mediation.team_formed → 调解中 for the case its task handles. */
export async function onTeamFormed(deps: AppDeps, taskId: string, at: Date): Promise<void> {
  const c = await deps.db.models.PublicCase.findOne({ taskId }, { _id: 1 }).lean()
  if (c) await recordMilestone(deps, c._id, 'mediating', {}, at)
}
