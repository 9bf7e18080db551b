/**
 * How a channel's system signs a push to the BFF, written from the contract in docs/intake.md#push-api
 * (not imported from the BFF: the simulator plays an outside system that only has the documentation).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'

/** The simulated systems' API keys (the BFF's seed installs the same ones in simulator mode; a test keeps them equal). */
export const SIM_CHANNEL_KEYS = {
  id: (channel: string) => `sim-${channel}`,
  secret: (channel: string) => `sim-intake-${channel}-secret-0123456789abcdef`,
}

export interface SignOptions {
  keyId: string
  secret: string
  /** the path on the BFF, e.g. /api/intake/channels/110/records */
  path: string
  body: string
  /** unix seconds; default now */
  timestamp?: number
  nonce?: string
  method?: string
}

export function signedHeaders(o: SignOptions): Record<string, string> {
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = o.nonce ?? randomBytes(16).toString('hex')
  const bodyHash = createHash('sha256').update(o.body, 'utf8').digest('hex')
  const text = `${timestamp}\n${nonce}\n${(o.method ?? 'POST').toUpperCase()}\n${o.path}\n${bodyHash}`
  return {
    'content-type': 'application/json',
    'x-jqtb-key': o.keyId,
    'x-jqtb-timestamp': timestamp,
    'x-jqtb-nonce': nonce,
    'x-jqtb-signature': createHmac('sha256', o.secret).update(text, 'utf8').digest('base64'),
  }
}
