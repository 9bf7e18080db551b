/**
 * 窗口登记: the centre's reception desk registers a walk-in, a call or a letter. The form becomes a
 * record of the `window` channel with the contract's columns and goes through the same cleaning and
 * storage as every other channel. Its source id is made from the desk's day and the form's
 * `requestId`, so a form sent twice (a double tap, a retry after a lost answer) is one record.
 */
import { createHash } from 'node:crypto'
import type { WindowBody } from '@jqtb/shared'
import type { AuthUser } from '../kernel/actor'
import { cleanContext } from './context'
import { type IngestOutcome, type IntakeDeps, ingestRecord } from './ingest'

/** CK-7F3A9C2E01: from the form's requestId, so the same form is the same record whenever it arrives. */
export function windowSourceId(requestId: string): string {
  return `CK-${createHash('sha256').update(requestId).digest('hex').slice(0, 10).toUpperCase()}`
}

export async function registerAtWindow(deps: IntakeDeps, user: AuthUser, body: WindowBody): Promise<IngestOutcome> {
  const now = deps.clock.now()
  const row: Record<string, string> = {
    登记编号: windowSourceId(body.requestId),
    登记时间: now.toISOString(),
    来访方式: body.form,
    来访人: body.visitorName,
    事发地址: body.address,
    事项类别: body.category,
    诉求内容: body.content,
    接待人: user.name,
    接待窗口: body.desk,
  }
  if (body.visitorPhone) row.联系电话 = body.visitorPhone
  if (body.visitorIdNo) row.证件号码 = body.visitorIdNo
  if (body.otherPartyName) row.对方当事人 = body.otherPartyName
  if (body.occurredAt) row.事发时间 = body.occurredAt
  const ctx = await cleanContext(deps.db, 'window', now)
  return ingestRecord(deps, ctx, row, { kind: 'window', ref: body.requestId, by: { id: user.id, name: user.name } })
}
