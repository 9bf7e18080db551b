import { InteractiveLoginRequired } from '../platform'
import { goToLogin } from '../shell/navigation'
import { ApiError, type HttpMethod, request } from './http'
import { ensureToken, reauthenticate } from './session'

export { ApiError } from './http'

/** 401 codes that mean "this token is no good": log in again silently and retry once. */
export const RELOGIN_CODES = new Set(['TOKEN_EXPIRED', 'TOKEN_INVALID', 'SESSION_ENDED', 'UNAUTHENTICATED'])

/**
 * Calls the BFF as the signed-in person. A 401 for an expired or invalid token re-runs the platform's login once
 * and retries the call once; when only the person can log in, the app goes to the login page.
 */
export async function api<T>(path: string, options: { method?: HttpMethod; data?: unknown } = {}): Promise<T> {
  return withLogin((token) => request<T>(path, { ...options, token }))
}

export async function withLogin<T>(call: (token: string) => Promise<T>): Promise<T> {
  let token: string
  try {
    token = await ensureToken()
  } catch (e) {
    throw loginLost(e)
  }
  try {
    return await call(token)
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401 || !RELOGIN_CODES.has(e.code)) throw e
  }
  try {
    token = await reauthenticate()
  } catch (e) {
    throw loginLost(e)
  }
  return call(token)
}

function loginLost(e: unknown): Error {
  if (e instanceof InteractiveLoginRequired) {
    goToLogin()
    return new ApiError(401, 'UNAUTHENTICATED', '请先登录')
  }
  return e as Error
}
