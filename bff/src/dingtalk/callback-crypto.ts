import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * DingTalk's HTTP event-push crypto (docs/dingtalk.md#event-push): SHA-1 signature over the sorted
 * `token, timestamp, nonce, encrypt`; AES-256-CBC with the 43-character EncodingAESKey (IV = first 16
 * key bytes), PKCS#7 padded to 32-byte blocks; plaintext = 16 random bytes ‖ 4-byte big-endian length ‖
 * message ‖ owner key (the app's AppKey for an internal app's 事件订阅).
 */
export class DingTalkCallbackCrypto {
  private readonly key: Buffer

  constructor(
    private readonly token: string,
    aesKey: string,
    private readonly ownerKey: string,
  ) {
    this.key = Buffer.from(`${aesKey}=`, 'base64')
    if (this.key.length !== 32) throw new Error('DingTalk callback AES key must be 43 characters (32 bytes, Base64 without padding)')
  }

  signature(timestamp: string, nonce: string, encrypt: string): string {
    const joined = [this.token, timestamp, nonce, encrypt].sort().join('')
    return createHash('sha1').update(joined, 'utf8').digest('hex')
  }

  verify(signature: string, timestamp: string, nonce: string, encrypt: string): boolean {
    const expected = Buffer.from(this.signature(timestamp, nonce, encrypt))
    const given = Buffer.from(signature.toLowerCase())
    return expected.length === given.length && timingSafeEqual(expected, given)
  }

  /** The message, or an error if the padding, length or owner key do not check out. */
  decrypt(encrypt: string): string {
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16))
    decipher.setAutoPadding(false)
    const padded = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()])
    const pad = padded[padded.length - 1]
    if (pad < 1 || pad > 32) throw new Error('bad padding')
    const plain = padded.subarray(0, padded.length - pad)
    if (plain.length < 20) throw new Error('message too short')
    const length = plain.readUInt32BE(16)
    if (20 + length > plain.length) throw new Error('bad length')
    const owner = plain.subarray(20 + length).toString('utf8')
    if (owner !== this.ownerKey) throw new Error('message is for another app')
    return plain.subarray(20, 20 + length).toString('utf8')
  }

  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const body = Buffer.from(message, 'utf8')
    const length = Buffer.alloc(4)
    length.writeUInt32BE(body.length)
    const plain = Buffer.concat([random, length, body, Buffer.from(this.ownerKey, 'utf8')])
    const pad = 32 - (plain.length % 32)
    const cipher = createCipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16))
    cipher.setAutoPadding(false)
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64')
  }

  /** The reply DingTalk expects (also for `check_url`): the encrypted word "success", signed. */
  successReply(timestamp: string, nonce: string): { msg_signature: string; timeStamp: string; nonce: string; encrypt: string } {
    const encrypt = this.encrypt('success')
    return { msg_signature: this.signature(timestamp, nonce, encrypt), timeStamp: timestamp, nonce, encrypt }
  }
}
