import { EventEmitter } from 'node:events'
import { Writable } from 'node:stream'
import { createLogger } from './logger'
import { installProcessGuard, isConnectionError } from './process-guard'

function harness() {
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l))
      cb()
    },
  })
  const proc = new EventEmitter()
  const exits: number[] = []
  const shutdowns: number[] = []
  installProcessGuard({
    logger: createLogger('info', sink),
    proc: proc as never,
    shutdown: (code) => {
      shutdowns.push(code)
    },
    exit: (code) => exits.push(code),
    forceExitAfterMs: 20,
  })
  return { proc, lines, exits, shutdowns }
}

const withCode = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {})

describe('isConnectionError', () => {
  it.each([
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a closed pipe', withCode('write EPIPE', 'EPIPE')],
    ['a stream closed early', withCode('Premature close', 'ERR_STREAM_PREMATURE_CLOSE')],
    ['a false gzip body', withCode('incorrect header check', 'Z_DATA_ERROR')],
    ['an HTTP parser error', withCode('Parse Error', 'HPE_INVALID_EOF_STATE')],
    ['busboy: multipart cut inside a part', withCode('Unexpected end of form')],
    ['busboy: a part cut short', withCode('Unexpected end of file')],
    ['raw-body: the client left', withCode('aborted')],
  ])('%s is one connection’s error', (_what, err) => expect(isConnectionError(err)).toBe(true))

  it.each([
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a RangeError', new RangeError('Invalid array length')],
    ['a thrown string', 'boom'],
    ['nothing', undefined],
  ])('%s is not', (_what, err) => expect(isConnectionError(err)).toBe(false))
})

describe('installProcessGuard', () => {
  it('a connection error escaping every request is logged and the process keeps serving', async () => {
    const h = harness()
    h.proc.emit('uncaughtException', withCode('Unexpected end of form'), 'uncaughtException')
    await new Promise((r) => setTimeout(r, 40))
    expect(h.shutdowns).toEqual([])
    expect(h.exits).toEqual([])
    expect(h.lines.at(-1)).toMatchObject({ level: 40, msg: expect.stringMatching(/keeps serving/) })
  })

  it('an unhandled rejection is logged as an error and the process keeps serving', async () => {
    const h = harness()
    h.proc.emit('unhandledRejection', new Error('nobody awaited me'))
    await new Promise((r) => setTimeout(r, 40))
    expect(h.exits).toEqual([])
    expect(h.lines.at(-1)).toMatchObject({ level: 50, err: { message: 'nobody awaited me' } })
  })

  it('any other uncaught exception shuts down cleanly with code 1 (the supervisor restarts it), once', async () => {
    const h = harness()
    h.proc.emit('uncaughtException', new TypeError('a bug'), 'uncaughtException')
    h.proc.emit('uncaughtException', new TypeError('a second bug while stopping'), 'uncaughtException')
    await new Promise((r) => setImmediate(r))
    expect(h.shutdowns).toEqual([1])
    expect(h.lines.filter((l) => l.level === 60)).toHaveLength(2)
    // the shutdown hung (it never exits here): the guard exits anyway
    await new Promise((r) => setTimeout(r, 60))
    expect(h.exits).toEqual([1])
  })
})
