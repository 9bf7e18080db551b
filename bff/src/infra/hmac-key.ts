import { createSecretKey, type KeyObject } from 'node:crypto'

const keys = new Map<string, KeyObject>()

/**
 * The HMAC key for a signing secret, made once per secret. jsonwebtoken turns a string secret into a key
 * object on every verify, and tries it as a PEM public key first: that failed parse was about a twelfth of
 * the BFF's CPU on the claim path. A key object skips both.
 */
export function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret)
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'))
    keys.set(secret, key)
  }
  return key
}
