import type { AppDeps } from '../deps'
import type { PeriodicJob } from '../infra/scheduler'
import { taskDeps } from '../tasks/store'
import { repairAppealNotes, repairGrantedAppeals } from './appeals'
import { catchUpScoring } from './scoring'

/**
 * Points background work, safe on several BFF instances at once (everything it writes has a
 * deterministic unique `_id`, and a note is appended only after looking for it in the task log):
 * score task events the live call missed, write the correction of any granted appeal a crash left
 * without one, and put appeal steps a crash left out into their tasks' timelines.
 */
export function pointsJobs(deps: AppDeps, intervalMs = 60_000): PeriodicJob[] {
  const tasks = taskDeps(deps)
  return [
    {
      name: 'points-catch-up',
      intervalMs,
      run: async () => {
        await catchUpScoring(deps)
        await repairGrantedAppeals(deps.db)
        await repairAppealNotes(tasks)
      },
    },
  ]
}
