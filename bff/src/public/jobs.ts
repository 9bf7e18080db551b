/**
 * Background work of the citizen's side, safe on several instances (every step is idempotent):
 * phone 回访 that came due, 法律咨询 notices (the SLA reminder, a notice a crash lost), ratings whose effects a crash
 * cut short, milestones a failed listener missed (derived again from the task), login and upload marks older than a
 * day or two, used 浙里办 tickets.
 */
import { PUBLIC_RESULTS } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { PeriodicJob } from '../infra/scheduler'
import type { TaskDoc } from '../tasks/model'
import { linkCaseToTask } from './case-tasks'
import { sweepConsultations } from './consult-notices'
import { startFollowups, sweepFollowups } from './followups'
import { sweepLoginMarks } from './login'
import { recordMilestone } from './milestones'
import type { CaseTaskDoc, PublicCaseDoc } from './model'
import { sweepUploadMarks } from './photos'
import { sweepZlbTickets } from './zlb'

/** Open cases with a task: the milestones the task's state implies. */
export async function repairMilestones(deps: AppDeps): Promise<number> {
  const open = await deps.db.models.PublicCase.find({ taskId: { $exists: true }, milestone: { $ne: 'closed' } })
    .sort({ filedAt: 1, _id: 1 })
    .limit(200)
    .lean<PublicCaseDoc[]>()
  let repaired = 0
  for (const c of open) {
    const task = c.taskId ? await deps.db.models.Task.findById(c.taskId).lean<TaskDoc>() : null
    if (!task) continue
    // the link decides which task a case follows (the cached taskId may be stale after a 拆出)
    const link = await deps.db.models.PublicCaseTask.findById(c._id).lean<CaseTaskDoc>()
    if (link ? link.taskId !== task._id : task.sourceRef !== c._id) continue
    // a case that follows its lead's task: make sure the task's next events find it
    if (link?.via === 'lead') await linkCaseToTask(deps, c._id, task._id, { via: 'lead', leadId: link.leadId })
    await recordMilestone(deps, c._id, 'accepted', {}, new Date(task.createdAt))
    if (task.department && task.state !== 'draft') await recordMilestone(deps, c._id, 'assigned', { unit: task.department.name })
    if (task.state === 'closed' || task.state === 'cancelled') {
      const at = new Date(task.closedAt ?? task.updatedAt)
      await recordMilestone(deps, c._id, 'closed', { result: PUBLIC_RESULTS[task.closureCode ?? 'other'] ?? PUBLIC_RESULTS.other }, at)
      await startFollowups(deps, c._id, at)
      repaired++
    }
  }
  return repaired
}

export function publicJobs(deps: AppDeps): PeriodicJob[] {
  return [
    { name: 'public-followups', intervalMs: 60_000, run: () => sweepFollowups(deps) },
    { name: 'public-consultations', intervalMs: 60_000, run: () => sweepConsultations(deps) },
    { name: 'public-milestones', intervalMs: 5 * 60_000, run: () => repairMilestones(deps) },
    { name: 'public-login-marks', intervalMs: 3_600_000, run: () => sweepLoginMarks(deps) },
    { name: 'public-upload-marks', intervalMs: 3_600_000, run: () => sweepUploadMarks(deps) },
    { name: 'public-zlb-tickets', intervalMs: 6 * 3_600_000, run: () => sweepZlbTickets(deps) },
  ]
}
