/**
 * Channel systems authenticate each push with an API key of their channel and an HMAC-SHA256
 * signature over the timestamp, a nonce, the method, the path and the body's SHA-256
 * (docs/intake.md#push-api). A timestamp outside ±5 minutes is refused (so an old request cannot be
 * replayed later), and each nonce is accepted once (inserted as `<channel>:<nonce>`; kept a day).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ChannelCode } from '@jqtb/shared'
import type { Context } from 'koa'
import { AppError, isDuplicateKey } from '../infra/errors'
import { decryptValue, encryptValue } from '../kernel/pii'
import type { IntakeDeps } from './ingest'
import type { ChannelKeyDoc } from './model'

export const SIGNATURE_HEADERS = { key: 'x-jqtb-key', timestamp: 'x-jqtb-timestamp', nonce: 'x-jqtb-nonce', signature: 'x-jqtb-signature' } as const
export const MAX_SKEW_MS = 5 * 60_000
/** Nonces are kept longer than the skew window, so no accepted request can be sent again. */
export const NONCE_TTL_MS = 24 * 3600_000

/** The text that is signed. */
export function stringToSign(p: { timestamp: string; nonce: string; method: string; path: string; body: string }): string {
  const bodyHash = createHash('sha256').update(p.body, 'utf8').digest('hex')
  return `${p.timestamp}\n${p.nonce}\n${p.method.toUpperCase()}\n${p.path}\n${bodyHash}`
}

export const sign = (secret: string, text: string) => createHmac('sha256', secret).update(text, 'utf8').digest('base64')

const invalid = (why: string) => new AppError('SIGNATURE_INVALID', `签名校验失败：${why}`)

/** Checks a push's key, time, signature and nonce; answers the key that signed it. */
export async function verifyPush(deps: IntakeDeps, channel: ChannelCode, ctx: Context): Promise<ChannelKeyDoc> {
  const keyId = ctx.get(SIGNATURE_HEADERS.key)
  const timestamp = ctx.get(SIGNATURE_HEADERS.timestamp)
  const nonce = ctx.get(SIGNATURE_HEADERS.nonce)
  const signature = ctx.get(SIGNATURE_HEADERS.signature)
  if (!keyId || !timestamp || !nonce || !signature) {
    throw invalid(
      `请求头缺少 ${Object.values(SIGNATURE_HEADERS)
        .filter((h) => !ctx.get(h))
        .join('、')}`,
    )
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(keyId)) throw invalid('密钥编号格式不正确')
  const key = await deps.db.models.ChannelKey.findById(keyId).lean<ChannelKeyDoc>()
  if (!key || key.revokedAt) throw invalid('密钥不存在或已停用')
  if (key.channel !== channel) throw invalid('该密钥不属于这个渠道')
  if (!/^\d{10}$/.test(timestamp)) throw invalid('时间戳应为 10 位 Unix 秒')
  const now = deps.clock.now().getTime()
  const skew = Math.abs(now - Number(timestamp) * 1000)
  if (skew > MAX_SKEW_MS) {
    throw new AppError('TIMESTAMP_SKEW', `请求时间与服务器相差 ${Math.round(skew / 1000)} 秒，超过 ${MAX_SKEW_MS / 60_000} 分钟：请校准时钟后重发`, {
      serverTime: new Date(now).toISOString(),
    })
  }
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) throw invalid('nonce 应为 16–64 位字母、数字、- 或 _')
  const secret = decryptValue(deps.piiKey, 'channel-key', key.secretEnc)
  if (secret === null) throw invalid('密钥无法使用（服务器密钥已更换），请重新生成')
  const body = typeof ctx.request.rawBody === 'string' ? ctx.request.rawBody : ''
  const expected = Buffer.from(sign(secret, stringToSign({ timestamp, nonce, method: ctx.method, path: ctx.path, body })))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid('签名不正确')
  try {
    await deps.db.models.PushNonce.collection.insertOne({ _id: `${channel}:${nonce}`, keyId, at: deps.clock.now() } as never)
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('REPLAYED', '该请求已处理过（nonce 重复）：重发请换一个新的 nonce')
    throw err
  }
  return key
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** A new API key of a channel; the secret is returned once and stored only encrypted. */
export async function createChannelKey(
  deps: IntakeDeps,
  channel: ChannelCode,
  label: string,
  by: { id: string; name: string },
  fixed?: { id: string; secret: string },
): Promise<{ doc: ChannelKeyDoc; secret: string }> {
  const secret = fixed?.secret ?? newSecret()
  const doc: ChannelKeyDoc = {
    _id: fixed?.id ?? `ck_${channel}_${randomBytes(8).toString('hex')}`,
    channel,
    label,
    secretEnc: encryptValue(deps.piiKey, 'channel-key', secret),
    createdAt: deps.clock.now(),
    createdBy: by,
  }
  await deps.db.models.ChannelKey.collection.insertOne(doc as never)
  return { doc, secret }
}

export async function revokeChannelKey(deps: IntakeDeps, id: string, by: { id: string; name: string }): Promise<ChannelKeyDoc | null> {
  const key = await deps.db.models.ChannelKey.findById(id).lean<ChannelKeyDoc>()
  if (!key) return null
  if (!key.revokedAt) await deps.db.models.ChannelKey.updateOne({ _id: id }, { $set: { revokedAt: deps.clock.now(), revokedBy: by } })
  return deps.db.models.ChannelKey.findById(id).lean<ChannelKeyDoc>()
}
