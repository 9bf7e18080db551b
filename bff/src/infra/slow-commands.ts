/**
 * The slow-command log (DB_SLOW_MS): every database command slower than the threshold is logged with
 * its collection and the *shape* of what it asked — field names and operators, never the values (they
 * hold phone hashes and names). A query the embedded database answers by scanning shows up here as
 * the one whose time grows with the collection (docs/database.md#reading-by-id).
 */
import type { Connection } from 'mongoose'
import type { Logger } from './logger'

type Shape = string | Shape[] | { [key: string]: Shape }

/** `{ status: 'open', at: { $gte: d } }` → `{ status: '?', at: { $gte: '?' } }` */
export function shapeOf(value: unknown, depth = 0): Shape {
  if (depth > 6) return '…'
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0], depth + 1)] : []
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v, depth + 1)]))
  }
  return '?'
}

/** The parts of a command that decide how the server reads: its filter, sort and pipeline. */
export function describeCommand(name: string, command: Record<string, unknown>): Record<string, unknown> {
  const first = (list: unknown) => (Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined) : undefined)
  // a getMore names its collection in `collection` (its own field holds the cursor id)
  const collection = name === 'getMore' ? command.collection : command[name]
  const parts: Record<string, unknown> = { command: name, collection: typeof collection === 'string' ? collection : undefined }
  const filter = command.filter ?? command.query ?? first(command.updates)?.q ?? first(command.deletes)?.q
  if (filter !== undefined) parts.filter = shapeOf(filter)
  // the driver passes a sort as a Map (its keys' order matters)
  if (command.sort) parts.sort = command.sort instanceof Map ? Object.fromEntries(command.sort) : command.sort
  if (command.limit !== undefined) parts.limit = command.limit
  if (Array.isArray(command.pipeline)) parts.pipeline = shapeOf(command.pipeline.slice(0, 3))
  if (Array.isArray(command.documents)) parts.documents = command.documents.length
  return parts
}

export function logSlowCommands(conn: Connection, thresholdMs: number, logger: Logger): void {
  const client = conn.getClient()
  const started = new Map<number, Record<string, unknown>>()
  client.on('commandStarted', (e) => {
    started.set(e.requestId, describeCommand(e.commandName, e.command as Record<string, unknown>))
  })
  const finish = (e: { requestId: number; duration: number }, outcome: string) => {
    const described = started.get(e.requestId)
    started.delete(e.requestId)
    if (described && e.duration >= thresholdMs) logger.warn({ db: { ...described, ms: Math.round(e.duration), outcome } }, 'slow database command')
  }
  client.on('commandSucceeded', (e) => finish(e, 'ok'))
  client.on('commandFailed', (e) => finish(e, 'failed'))
}
