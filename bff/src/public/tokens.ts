/**
 * Citizen sessions: a token of their own, never a staff token. Another secret (derived from JWT_SECRET
 * with its own label, so a staff token's signature never verifies here and a citizen token's never
 * verifies in auth/tokens.ts), another issuer, an audience, and the `kind` claim. A citizen token
 * therefore cannot reach a staff endpoint, and a staff token is refused on every public endpoint;
 * tests/integration/public-boundary.test.ts checks both over the whole OpenAPI document.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'
import type { Config } from '../config'
import { AppError } from '../infra/errors'

export const CITIZEN_ISSUER = 'jqtb-public'
export const CITIZEN_AUDIENCE = 'citizen'
const ALGORITHM = 'HS256' as const
const TTL_SECONDS = 7 * 24 * 3600

const secrets = new Map<string, KeyObject>()
function citizenSecret(config: Pick<Config, 'jwt'>): KeyObject {
  let s = secrets.get(config.jwt.secret)
  if (!s) {
    // a key object, not the bytes: jsonwebtoken would otherwise parse the bytes as a PEM key on every verify (infra/hmac-key.ts)
    s = createSecretKey(createHmac('sha256', config.jwt.secret).update('jqtb citizen session v1').digest())
    secrets.set(config.jwt.secret, s)
  }
  return s
}

export function signCitizenToken(config: Pick<Config, 'jwt'>, citizenId: string, now: Date): { token: string; expiresAt: string } {
  const iat = Math.floor(now.getTime() / 1000)
  const token = jwt.sign({ kind: 'citizen', iat }, citizenSecret(config), {
    algorithm: ALGORITHM,
    subject: citizenId,
    expiresIn: TTL_SECONDS,
    issuer: CITIZEN_ISSUER,
    audience: CITIZEN_AUDIENCE,
  })
  return { token, expiresAt: new Date((iat + TTL_SECONDS) * 1000).toISOString() }
}

export function verifyCitizenToken(config: Pick<Config, 'jwt'>, token: string, now: Date): string {
  try {
    const payload = jwt.verify(token, citizenSecret(config), {
      algorithms: [ALGORITHM],
      issuer: CITIZEN_ISSUER,
      audience: CITIZEN_AUDIENCE,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    }) as jwt.JwtPayload
    if (payload.kind !== 'citizen' || typeof payload.sub !== 'string' || !payload.sub) throw new AppError('TOKEN_INVALID', '登录已失效，请重新登录')
    return payload.sub
  } catch (err) {
    if (err instanceof AppError) throw err
    if (err instanceof jwt.TokenExpiredError) throw new AppError('TOKEN_EXPIRED', '登录已过期，请重新登录')
    throw new AppError('TOKEN_INVALID', '登录已失效，请重新登录')
  }
}
