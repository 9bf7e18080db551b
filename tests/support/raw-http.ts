/**
 * Requests written byte by byte on a socket, for what HTTP clients refuse to send: a body shorter than its
 * Content-Length, a multipart body that stops inside a part, a connection dropped mid-upload, odd methods.
 */
import net from 'node:net'
import { signToken } from '../../bff/src/auth/tokens'
import { loadConfig } from '../../bff/src/config'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** the parsed body when it is JSON */
  json?: { error?: { code?: string; message?: string } } & Record<string, unknown>
}

export interface RawRequest {
  method: string
  path: string
  headers?: Record<string, string | number>
  body?: Buffer | string
  /** after writing the body: 'end' half-closes (the server sees the end of the stream), 'wait' keeps it open */
  afterBody?: 'end' | 'wait' | 'destroy'
  timeoutMs?: number
}

/** Sends one request on a fresh connection and reads the answer; null when the server closed without one. */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse | null> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname)
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      sock.destroy()
      reject(new Error(`no answer to ${req.method} ${req.path} within ${req.timeoutMs ?? 15000} ms`))
    }, req.timeoutMs ?? 15000)
    sock.on('data', (c) => chunks.push(c))
    sock.on('error', () => {})
    sock.on('close', () => {
      clearTimeout(timer)
      resolve(parseResponse(Buffer.concat(chunks)))
    })
    sock.on('connect', () => {
      const body = req.body === undefined ? Buffer.alloc(0) : Buffer.from(req.body)
      const headers: Record<string, string | number> = { host: `${hostname}:${port}`, connection: 'close', ...req.headers }
      const head = `${req.method} ${req.path} HTTP/1.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n`
      sock.write(Buffer.concat([Buffer.from(head, 'latin1'), body]))
      if (req.afterBody === 'destroy') setTimeout(() => sock.destroy(), 50)
      else if (req.afterBody !== 'wait') sock.end()
    })
  })
}

function parseResponse(raw: Buffer): RawResponse | null {
  const sep = raw.indexOf('\r\n\r\n')
  if (sep < 0) return null
  const [statusLine, ...lines] = raw.subarray(0, sep).toString('latin1').split('\r\n')
  const headers: Record<string, string> = {}
  for (const l of lines) {
    const i = l.indexOf(':')
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
  }
  let bodyBuf = raw.subarray(sep + 4)
  if (headers['transfer-encoding'] === 'chunked') bodyBuf = unchunk(bodyBuf)
  const body = bodyBuf.toString('utf8')
  let json: RawResponse['json']
  try {
    json = JSON.parse(body)
  } catch {}
  return { status: Number(statusLine.split(' ')[1]), headers, body, json }
}

function unchunk(buf: Buffer): Buffer {
  const out: Buffer[] = []
  let at = 0
  while (at < buf.length) {
    const eol = buf.indexOf('\r\n', at)
    if (eol < 0) break
    const size = Number.parseInt(buf.subarray(at, eol).toString('latin1'), 16)
    if (!size) break
    out.push(buf.subarray(eol + 2, eol + 2 + size))
    at = eol + 2 + size + 2
  }
  return Buffer.concat(out)
}

/** A login token for a seeded user of a BFF started with the simulator settings (development secrets). */
export function devToken(userId: string): string {
  const config = loadConfig({ NODE_ENV: 'test', MONGODB_URI: 'mongodb://unused', DINGTALK_SIMULATOR: '1' })
  return signToken(config, { sub: userId, via: 'test' }).token
}

/** A multipart body with one `file` part; `truncate` cuts it inside the part (no closing boundary). */
export function multipartFile(bytes: Buffer, opts: { boundary?: string; truncate?: boolean; filename?: string; contentType?: string } = {}) {
  const boundary = opts.boundary ?? '----jqtbBoundary7MA4YWxkTrZu0gW'
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.filename ?? 'photo.jpg'}"\r\nContent-Type: ${opts.contentType ?? 'image/jpeg'}\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const body = opts.truncate ? Buffer.concat([head, bytes]) : Buffer.concat([head, bytes, tail])
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}
