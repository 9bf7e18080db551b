/** The routing table in force (versioned configuration, like channel profiles: bff/src/intake/config.ts). */
import { DEFAULT_ROUTING, type RoutingTable } from '@jqtb/shared'
import type { Db } from '../infra/db'
import { latestConfig } from '../intake/config'

export const ROUTING_KIND = 'routing'

export async function routingTableOf(db: Db): Promise<{ table: RoutingTable; version: number; at: Date | null; by: string | null }> {
  const doc = await latestConfig(db, ROUTING_KIND)
  if (!doc) return { table: DEFAULT_ROUTING, version: 0, at: null, by: null }
  return { table: doc.value as RoutingTable, version: doc.version, at: doc.at, by: doc.by.name }
}
