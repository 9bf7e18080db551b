import jwt from 'jsonwebtoken'
import type { Config } from '../config'
import { AppError } from '../infra/errors'
import { hmacKey } from '../infra/hmac-key'

export interface TokenClaims {
  /** our user id */
  sub: string
  /** how the user logged in: dingtalk | zhezhengding | dev */
  via: string
  /** when the token was signed (whole seconds) */
  issuedAt?: Date
}

/** HS256 only: `alg: none` and algorithm-swapping tokens are rejected by `algorithms`. */
const ALGORITHM = 'HS256' as const

export function signToken(config: Config, claims: TokenClaims, now = new Date()): { token: string; expiresAt: string } {
  const token = jwt.sign({ via: claims.via, iat: Math.floor(now.getTime() / 1000) }, hmacKey(config.jwt.secret), {
    algorithm: ALGORITHM,
    subject: claims.sub,
    expiresIn: config.jwt.ttl as jwt.SignOptions['expiresIn'],
    issuer: 'jqtb',
  })
  const { exp } = jwt.decode(token) as { exp: number }
  return { token, expiresAt: new Date(exp * 1000).toISOString() }
}

export function verifyToken(config: Config, token: string, now = new Date()): TokenClaims {
  try {
    const payload = jwt.verify(token, hmacKey(config.jwt.secret), {
      algorithms: [ALGORITHM],
      issuer: 'jqtb',
      clockTimestamp: Math.floor(now.getTime() / 1000),
    }) as jwt.JwtPayload
    if (typeof payload.sub !== 'string' || !payload.sub) throw new AppError('TOKEN_INVALID', '登录凭证无效，请重新登录')
    return { sub: payload.sub, via: String(payload.via ?? ''), issuedAt: new Date((payload.iat ?? 0) * 1000) }
  } catch (err) {
    if (err instanceof AppError) throw err
    if (err instanceof jwt.TokenExpiredError) throw new AppError('TOKEN_EXPIRED', '登录已过期，请重新登录')
    throw new AppError('TOKEN_INVALID', '登录凭证无效，请重新登录')
  }
}
