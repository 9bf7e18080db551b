/** The BFF's citizen endpoints. A weak signal: every call gives up after 20 s with words a person can act on. */
const TOKEN_KEY = 'jqtb.citizen'

export interface Session {
  token: string
  expiresAt: string
  phoneMasked: string
}

export function session(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(TOKEN_KEY) ?? 'null') as Session | null
    return s && Date.parse(s.expiresAt) > Date.now() ? s : null
  } catch {
    return null
  }
}

export const saveSession = (s: Session | null) => (s ? localStorage.setItem(TOKEN_KEY, JSON.stringify(s)) : localStorage.removeItem(TOKEN_KEY))

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(), 20_000)
  const s = session()
  let res: Response
  try {
    res = await fetch(`/api/public${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(s ? { authorization: `Bearer ${s.token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: ctrl.signal,
    })
  } catch {
    throw new ApiError(0, 'NETWORK', '网络不好，没有连上。请换个信号好的地方再试，已填的内容不会丢。')
  } finally {
    clearTimeout(timer)
  }
  const data = await res.json().catch(() => null)
  if (!res.ok) {
    if (res.status === 401 && s) saveSession(null)
    throw new ApiError(res.status, data?.error?.code ?? 'ERROR', data?.error?.message ?? '出了点问题，请稍后再试')
  }
  return data as T
}

export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
