/**
 * What happens after a record is stored: it is linked into a lead, a changed record refreshes its
 * lead, and a lead the routing table may route by itself is converted. Single records (a push, the
 * window form, a grid report) are linked in the same request; an import's batches go to a queue this
 * process works through in the background. Whatever a crash leaves unlinked is found by the repair
 * job (jobs.ts).
 */

import { later, settleDeferred } from '../kernel/background'
import { AUTO_ROUTER, convertLead } from './commands'
import { currentOf } from './facts'
import { linkSource } from './linker'
import { projectLead, repeatsWithin } from './projection'
import { routingTableOf } from './routing-table'
import { sourcesOf } from './sources'
import { type LeadDeps, loadLead } from './store'
import { suggest } from './suggestion'

/** Converts and routes a lead when the routing table allows it and the suggestion is sure enough. */
export async function autoConvert(deps: LeadDeps, leadId: string): Promise<boolean> {
  const state = await loadLead(deps, leadId)
  if (state.state !== 'new') return false
  const sources = await sourcesOf(deps, state.sourceKeys)
  if (!sources.length) return false
  const { table } = await routingTableOf(deps.db)
  const firstAt = Math.min(...sources.map((s) => currentOf(s).record.occurredAt))
  const s = suggest(state, sources, table, await repeatsWithin(deps, state, firstAt))
  if (!s.auto) return false
  try {
    await convertLead(deps, AUTO_ROUTER, leadId, {}, true)
    return true
  } catch (err) {
    // someone converted it first, or it cannot be routed automatically: it waits for a person
    deps.logger.info({ err: (err as Error).message, leadId }, 'auto-conversion skipped')
    return false
  }
}

export interface LinkOptions {
  /** convert and route a sure lead by itself (off for the demo month's history: it waits in the inbox) */
  auto?: boolean
}

/** Links one record and follows up (refresh on a new version, auto-conversion). */
export async function linkAndRoute(deps: LeadDeps, sourceKey: string, opts: LinkOptions = {}): Promise<string | null> {
  const out = await linkSource(deps, sourceKey)
  if (!out) return null
  if (out.kind === 'already') {
    // a new version of a linked record: its lead's suggestion may have changed
    const state = await loadLead(deps, out.leadId)
    await projectLead(deps, state)
    const channels = [...new Set(state.sourceKeys.map((k) => k.slice(0, k.indexOf(':'))))]
    const update = {
      leadId: out.leadId,
      change: 'source_updated' as const,
      repeatCount: state.repeatOf.length,
      channels,
      sourceKeys: state.sourceKeys,
      updatedSourceKey: sourceKey,
      at: deps.clock.now().toISOString(),
    }
    await deps.events.publish('lead.updated', { ...update, ...(state.taskId ? { taskId: state.taskId } : {}) }).catch((err) => {
      deps.logger.warn({ err, leadId: out.leadId }, 'a listener of lead.updated failed')
    })
  }
  if (opts.auto !== false) await autoConvert(deps, out.leadId)
  return out.leadId
}

/**
 * Queues records for background linking in this process (import batches, the demo month at start), in
 * arrival order, on a lane of its own of the process's deferred work (kernel/background.ts). A record missed by a
 * crash is linked by the repair job.
 */
export function enqueueLinking(deps: LeadDeps, keys: string[], opts: LinkOptions = {}): void {
  for (const key of keys)
    later(
      deps,
      `leads-link:${key}`,
      async () => {
        try {
          await linkAndRoute(deps, key, opts)
        } catch (err) {
          deps.logger.warn({ err, key }, 'background linking failed; the repair job will retry')
        }
      },
      'linking',
    )
}

/** Waits until this process has linked everything it queued (tests, the seed, the bench). */
export const drainLinking = (deps: LeadDeps): Promise<void> => settleDeferred(deps.db, 'linking')
