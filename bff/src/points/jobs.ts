import type { PeriodicJob } from '../infra/scheduler'
import { repairGrantedAppeals } from './appeals'
import { catchUpScoring, type PointsDeps } from './scoring'

/**
 * Points background work, safe on several BFF instances at once (everything it writes has a
 * deterministic unique `_id`): score task events the live call missed, and write the correction of
 * any granted appeal a crash left without one.
 */
export function pointsJobs(deps: PointsDeps, intervalMs = 60_000): PeriodicJob[] {
  return [
    {
      name: 'points-catch-up',
      intervalMs,
      run: async () => {
        await catchUpScoring(deps)
        await repairGrantedAppeals(deps.db)
      },
    },
  ]
}
