import { GatewayError, type ProviderName } from './gateway'

export interface HttpAnswer {
  status: number
  /** parsed JSON, or undefined when the body was not JSON (an HTML error or ban page) */
  json: unknown
}

/**
 * One HTTP exchange with a platform. Network failures and timeouts become retryable gateway errors;
 * what the answer means is the provider's business.
 */
export async function platformFetch(
  provider: ProviderName,
  url: string,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpAnswer> {
  let res: Response
  try {
    res = await fetch(url, { method: init.method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(init.timeoutMs) })
  } catch (err) {
    const name = (err as { name?: string })?.name
    const reason =
      name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${init.timeoutMs} ms` : `cannot reach the platform (${(err as Error)?.message})`
    throw new GatewayError(provider, 'retryable', `${describe(url)}: ${reason}`, name === 'TimeoutError' ? 'timeout' : 'network')
  }
  const text = await res.text().catch(() => '')
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, json }
}

/** host + path, never the query (it carries the access token) */
export function describe(url: string): string {
  try {
    const u = new URL(url)
    return `${u.host}${u.pathname}`
  } catch {
    return url.split('?')[0]
  }
}

export const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
