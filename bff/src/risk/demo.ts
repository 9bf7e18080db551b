import type { AppDeps } from '../deps'

/** The demo month of risk (filled in below). */
export async function seedRiskDemo(_app: AppDeps, _now: Date) {
  return { inserted: 0, updated: 0, unchanged: 0 }
}
