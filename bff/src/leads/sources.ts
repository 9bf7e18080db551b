/** Reading a lead's records (point reads by key; a lead has a handful). */
import type { IntakeSourceDoc } from '../intake/model'
import type { LeadDeps } from './store'

export async function sourcesOf(deps: LeadDeps, keys: string[]): Promise<IntakeSourceDoc[]> {
  const docs = await Promise.all(keys.map((k) => deps.db.models.IntakeSource.findById(k).lean<IntakeSourceDoc>()))
  return docs.filter((d): d is IntakeSourceDoc => !!d)
}
