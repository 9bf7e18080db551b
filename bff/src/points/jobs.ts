import type { AppDeps } from '../deps'
import { isDatabaseUnavailable } from '../infra/errors'
import type { PeriodicJob } from '../infra/scheduler'
import { taskDeps } from '../tasks/log'
import { repairAppealNotes, repairDecisions } from './appeal-followups'
import { catchUpScoring } from './scoring'

/**
 * Points background work, safe on several BFF instances at once (everything it writes has a
 * deterministic unique `_id`, and a note is appended only after looking for it in the task log):
 * score task events the live call missed, finish decisions a crash interrupted (the correction of a
 * granted appeal, the appeal's `decided` flag), and put appeal steps a crash left out into their
 * tasks' timelines. Each reads only recent windows not yet marked done (kernel/windows.ts): what a run
 * reads and writes does not grow with the history, and most runs query nothing but marks by `_id`.
 */
export function pointsJobs(deps: AppDeps, intervalMs = 60_000): PeriodicJob[] {
  const tasks = taskDeps(deps)
  const steps = { catchUpScoring, repairDecisions, repairAppealNotes }
  return [
    {
      name: 'points-catch-up',
      intervalMs,
      run: async () => {
        // one failing step does not hold up the others; each retries on the next run
        for (const [name, step] of Object.entries(steps)) {
          await step(tasks).catch((err: unknown) => {
            if (isDatabaseUnavailable(err)) throw err // no point in the other steps; the scheduler backs off
            deps.logger.warn({ err, step: name }, 'points catch-up step failed; the next run retries')
          })
        }
      },
    },
  ]
}
