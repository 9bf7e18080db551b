/**
 * Bounded waits on the database (docs/operations.md, "When the database is away"). A request that needs the
 * database answers, or fails with 503 DB_UNAVAILABLE, within about `DB_TIMEOUT_MS` while the database is away:
 *
 * - driver timeouts: choosing the server, opening a connection, waiting for a free one and mongoose's wait for
 *   a lost connection all give up after `DB_TIMEOUT_MS`; one operation on an open connection (a frozen server
 *   keeps the socket open and answers nothing) after four times that, long enough for a legitimate scan;
 * - a per-request deadline: a request still running a second before `DB_TIMEOUT_MS` asks the database for a
 *   ping; if it does not answer within that second, the request is answered 503. The work it started may still finish
 *   when the database is back: every command is a single insert of its event (the truth), with idempotency keys,
 *   so it is either wholly there or not at all, and the client's retry with the same requestId is answered from it.
 *   A slow request on a healthy database (an export, a DingTalk call) is left alone, and so is one queued behind
 *   a burst on a busy one: a reply to any command in the last second counts as the database answering, since under
 *   a 500-way claim storm the ping itself waits in the same queue as the storm.
 */
import type { Context, Next } from 'koa'
import type { Db } from './db'
import { AppError } from './errors'
import type { Logger } from './logger'

/** Driver options for a connection whose every wait is bounded by `timeoutMs`. */
export function driverTimeouts(timeoutMs: number) {
  return {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    // a burst queues for a free connection longer than an outage needs to be noticed (the deadline below does that)
    waitQueueTimeoutMS: timeoutMs * 4,
    socketTimeoutMS: timeoutMs * 4,
    // notice a server that stopped answering within a couple of seconds, and find it again as soon
    heartbeatFrequencyMS: Math.max(500, Math.min(2000, timeoutMs)),
  }
}

/** the longest a probe waits for the ping's answer */
const PROBE_TIMEOUT_MS = 1000
/** a probe's answer is reused this long: a hundred overdue requests cost one ping */
const PROBE_REUSE_MS = 500
const probes = new WeakMap<Db, { at: number; answer: Promise<boolean> }>()
/** a reply to any command this recent means the database is there, however slow */
const RECENT_REPLY_MS = 1000
const lastReply = new WeakMap<Db, number>()

/** Notes the time of every reply the database sends on this connection (the driver's command monitoring). */
function watchReplies(db: Db) {
  const client = db.conn.getClient()
  if (lastReply.has(db) || !client) return
  lastReply.set(db, 0)
  client.on('commandSucceeded', () => lastReply.set(db, Date.now()))
}

/** Does the database answer a ping within `waitMs` (at most a second)? One probe at a time per connection. */
export function databaseAnswers(db: Db, waitMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  watchReplies(db)
  const now = Date.now()
  if (now - (lastReply.get(db) ?? 0) < RECENT_REPLY_MS) return Promise.resolve(true)
  const last = probes.get(db)
  if (last && now - last.at < PROBE_REUSE_MS) return last.answer
  let timer: NodeJS.Timeout | undefined
  const answer = Promise.race([
    Promise.resolve(db.conn.db?.admin().command({ ping: 1 })).then((answer) => answer !== undefined),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.min(waitMs, PROBE_TIMEOUT_MS))
    }),
  ])
    .catch(() => false)
    .finally(() => clearTimeout(timer))
  probes.set(db, { at: now, answer })
  return answer
}

export const dbUnavailable = () => new AppError('DB_UNAVAILABLE', '数据库暂时无法连接，请稍后重试')

/**
 * The per-request deadline for `/api/` requests. Sits after the error handler, which turns the 503 it throws
 * into the JSON answer; the work still running behind it is left to finish (or fail) on its own, logged.
 */
export function databaseDeadline(db: Db, timeoutMs: number, logger: Logger) {
  watchReplies(db)
  return async (ctx: Context, next: Next) => {
    if (!ctx.path.startsWith('/api/')) return next()
    const work = next()
    let timer: NodeJS.Timeout | undefined
    let finished = false
    const probeMs = Math.min(PROBE_TIMEOUT_MS, timeoutMs / 2)
    const overdue = new Promise<'overdue'>((resolve) => {
      const check = async () => {
        if (finished) return
        if (!(await databaseAnswers(db, probeMs))) return resolve('overdue')
        if (!finished) timer = setTimeout(check, probeMs)
      }
      // the probe starts early enough for the answer to be there by `timeoutMs`
      timer = setTimeout(check, timeoutMs - probeMs)
    })
    try {
      const first = await Promise.race([work.then(() => 'done' as const), overdue])
      if (first === 'overdue') {
        work.then(
          () => logger.warn({ path: ctx.path }, 'request finished after its 503 (database was away)'),
          (err) => logger.warn({ path: ctx.path, err: (err as Error)?.message }, 'request failed after its 503 (database was away)'),
        )
        throw dbUnavailable()
      }
    } finally {
      finished = true
      clearTimeout(timer)
    }
  }
}
