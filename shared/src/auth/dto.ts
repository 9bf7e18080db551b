/** What the login endpoints return (the BFF's auth/presenter.ts and auth/commands.ts build these). */
import type { Platform } from '../platforms'
import type { Role } from '../roles'
import type { CodeName } from '../tasks/types'

/** `GET /api/auth/config`: what the mini-app needs before login — which platform's JSAPI to call, with which ids. */
export interface AuthConfigView {
  provider: Platform
  /** the BFF talks to the DingTalk simulator: the dev login lists demo users */
  simulator: boolean
  corpId: string
  clientId: string
}

/** The signed-in person as the mini-app sees them (`POST /api/auth/login`, `GET /api/me`). */
export interface MeView {
  id: string
  name: string
  roles: Role[]
  roleLabels: string[]
  title: string
  territory: CodeName
  department: CodeName | null
  /** 专长 */
  tags: string[]
}

/** `POST /api/auth/login` */
export interface LoginView {
  token: string
  /** ISO time */
  expiresAt: string
  user: MeView
}

/** `POST /api/dev/auth-code` (simulator mode only) */
export interface DevAuthCodeView {
  authCode: string
}
