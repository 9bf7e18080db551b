/**
 * 网格上报 as a channel: a grid worker's 直接上报 is a task the moment it is made; it is also recorded
 * as a `grid` record, so linking sees it next to the 110 call about the same dispute. Idempotent
 * (the record's key is the task number), so a repeated `task.appended` changes nothing.
 */
import type { TaskEventOf } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { Listener } from '../kernel/events'
import { decryptValue } from '../kernel/pii'
import { cleanContext } from './context'
import { ingestRecord, intakeDeps } from './ingest'

export function intakeListeners(deps: AppDeps): Listener[] {
  const d = intakeDeps(deps)
  return [
    {
      topic: 'task.appended',
      name: 'intake.grid-report',
      handle: async ({ event, after }) => {
        if (event.type !== 'created' || after.origin !== 'direct_report') return
        const data = (event as TaskEventOf<'created'>).data
        const first = data.parties[0]
        const phone = first?.phoneEnc ? decryptValue(d.piiKey, 'party-phone', first.phoneEnc) : null
        const row: Record<string, string> = {
          工单编号: data.taskNo,
          上报时间: new Date(event.at).toISOString(),
          上报人: data.reporter?.name ?? event.actor.name,
          事件类型: data.category,
          事件描述: `${data.title}。${data.description}`,
          事发地点: data.location?.address || data.territory.name,
        }
        if (first?.name) row.当事人 = first.name
        if (phone) row.联系电话 = phone
        const ctx = await cleanContext(deps.db, 'grid', deps.clock.now())
        await ingestRecord(d, ctx, row, { kind: 'grid', ref: data.taskNo, by: data.reporter ?? event.actor })
      },
    },
  ]
}
