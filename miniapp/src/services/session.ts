import type { LoginView, MeView } from '@jqtb/shared/src/auth/dto'
import { forgetTabs } from '../hooks/useTabMemory'
import { type AuthConfig, getPlatform, InteractiveLoginRequired } from '../platform'
import { request } from './http'
import { forgetCache, setCacheOwner } from './offline-cache'
import { readStored, removeStored, writeStored } from './storage'

/** The signed-in person as `POST /api/auth/login` returns them; 专长 is absent in a session stored by an older version. */
export type SessionUser = Omit<MeView, 'tags'> & Partial<Pick<MeView, 'tags'>>

interface StoredSession {
  token: string
  /** ISO time or epoch ms; a token past it is refreshed before use */
  expiresAt: string | number
  user: SessionUser
  /** simulator only: the demo user picked on the dev login page, re-minted silently when the token expires */
  devUserId?: string
}

const SESSION_KEY = 'jqtb.session'

let session: StoredSession | null = readStored<StoredSession>(SESSION_KEY)
setCacheOwner(session?.user.id ?? null)
const listeners = new Set<(user: SessionUser | null) => void>()

function setSession(next: StoredSession | null) {
  // another person on this phone sees neither the last one's remembered tabs nor their cached lists
  if (session && session.user.id !== next?.user.id) {
    forgetCache(session.user.id)
    forgetTabs()
  }
  session = next
  setCacheOwner(next?.user.id ?? null)
  if (next) writeStored(SESSION_KEY, next)
  else removeStored(SESSION_KEY)
  for (const l of listeners) l(next?.user ?? null)
}

export function onSessionChange(listener: (user: SessionUser | null) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function currentUser(): SessionUser | null {
  return session?.user ?? null
}

const EXPIRY_MARGIN_MS = 60_000

/** The token when it is still good for a minute; null when a login is needed first. */
export function validToken(): string | null {
  if (!session) return null
  const expires = new Date(session.expiresAt).getTime()
  if (Number.isFinite(expires) && expires - EXPIRY_MARGIN_MS < Date.now()) return null
  return session.token
}

let authConfig: Promise<AuthConfig> | null = null
export function getAuthConfig(): Promise<AuthConfig> {
  if (!authConfig) {
    authConfig = request<AuthConfig>('/api/auth/config')
    authConfig.catch(() => {
      authConfig = null
    })
  }
  return authConfig
}

/**
 * Logs in through the platform: DingTalk / 浙政钉 hand out an auth code for whoever has the app open; in a
 * plain browser against the simulator, the auth code is minted for `devUserId`.
 */
export async function signIn(devUserId?: string): Promise<SessionUser> {
  const config = await getAuthConfig()
  const authCode = await getPlatform().requestAuthCode(config, devUserId)
  const res = await request<LoginView>('/api/auth/login', { method: 'POST', data: { authCode, provider: config.provider } })
  setSession({ token: res.token, expiresAt: res.expiresAt, user: res.user, devUserId })
  return res.user
}

let reauthenticating: Promise<string> | null = null

/**
 * Gets a fresh token without asking the person: the platform's auth again, or in dev mode a new code for the
 * remembered demo user. Concurrent callers share one attempt. Rejects with InteractiveLoginRequired when only
 * the person can log in (plain browser, nobody remembered).
 */
export function reauthenticate(): Promise<string> {
  if (!reauthenticating) {
    const devUserId = session?.devUserId
    reauthenticating = (async () => {
      if (getPlatform().kind === 'browser' && !devUserId) throw new InteractiveLoginRequired()
      await signIn(devUserId)
      return session!.token
    })().finally(() => {
      reauthenticating = null
    })
  }
  return reauthenticating
}

/** A usable token, logging in silently first when there is none or it has expired. */
export async function ensureToken(): Promise<string> {
  return validToken() ?? reauthenticate()
}

export function signOut() {
  setSession(null)
}

/** Refreshes the stored profile (`GET /api/me`) after roles or territory changed on the server. */
export async function refreshProfile(): Promise<SessionUser | null> {
  const token = await ensureToken()
  const me = await request<MeView | { user: MeView }>('/api/me', { token })
  const user = 'user' in me ? me.user : me
  if (session) setSession({ ...session, user })
  return user
}
