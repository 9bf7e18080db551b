import { createSecretKey, type KeyObject } from 'node:crypto'

const keys = new Map<string, KeyObject>()

/**
 * The HMAC key for a signing secret, made once per secret. jsonwebtoken turns a string or Buffer into a
 * key object on every verify, and tries it as a PEM public key first: that failed parse was about a
 * twelfth of the BFF's CPU on the claim path. A key object skips both.
 */
export function hmacKey(secret: string | Buffer): KeyObject {
  const id = typeof secret === 'string' ? `s:${secret}` : `b:${secret.toString('base64')}`
  let key = keys.get(id)
  if (!key) {
    key = createSecretKey(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret)
    keys.set(id, key)
  }
  return key
}
