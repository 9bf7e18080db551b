import { signToken } from '../../bff/src/auth/tokens'
import type { TestApp } from './app'

/**
 * A valid login token for a seeded user, minted directly. Tests of the login flow itself go through
 * DingTalk (the simulator); every other test uses this to act as a user.
 */
export function tokenFor(app: TestApp, userId: string): string {
  return signToken(app.config, { sub: userId, via: 'test' }, app.deps.clock.now()).token
}

export function authHeader(app: TestApp, userId: string): { authorization: string } {
  return { authorization: `Bearer ${tokenFor(app, userId)}` }
}
