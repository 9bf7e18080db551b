/** 免登 requests: the auth code a platform handed out, and (simulator only) a demo user's code. */
import { z } from 'zod'
import { PLATFORMS } from '../platforms'

/** `POST /api/auth/login` */
export const loginBody = z.object({ authCode: z.string().trim().min(1, '缺少授权码').max(512), provider: z.enum(PLATFORMS).optional() }).strict()

/** `POST /api/dev/auth-code` (simulator mode only) */
export const devAuthCodeBody = z.object({ userId: z.string().min(1).max(64), provider: z.enum(PLATFORMS).optional() }).strict()

export type LoginBody = z.output<typeof loginBody>
export type DevAuthCodeBody = z.output<typeof devAuthCodeBody>
