import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

/**
 * The platform side of DingTalk's event-push crypto (docs/dingtalk.md#event-push), written apart from the BFF's
 * so the two check each other: sign, encrypt an event, and open the app's encrypted reply.
 */
export function callbackSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const parts = [token, timestamp, nonce, encrypt]
  parts.sort()
  return createHash('sha1').update(parts.join('')).digest('hex')
}

function keyOf(aesKey: string): Buffer {
  return Buffer.from(`${aesKey}=`, 'base64')
}

export function encryptEvent(aesKey: string, ownerKey: string, message: string): string {
  const key = keyOf(aesKey)
  const msg = Buffer.from(message)
  const header = Buffer.alloc(20)
  randomBytes(16).copy(header)
  header.writeUInt32BE(msg.length, 16)
  const plain = Buffer.concat([header, msg, Buffer.from(ownerKey)])
  const padLength = 32 - (plain.length % 32)
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false)
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(padLength, padLength)])), cipher.final()]).toString('base64')
}

/** Opens an encrypted message; `owner` is the key found after the message (must be the app's). */
export function decryptReply(aesKey: string, encrypt: string): { message: string; owner: string } {
  const key = keyOf(aesKey)
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false)
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()])
  const plain = padded.subarray(0, padded.length - padded[padded.length - 1])
  const length = plain.readUInt32BE(16)
  return { message: plain.subarray(20, 20 + length).toString(), owner: plain.subarray(20 + length).toString() }
}
