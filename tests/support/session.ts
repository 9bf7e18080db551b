import { ROLE_LABELS } from '@jqtb/shared'
import { DEMO_DEPARTMENTS, DEMO_USERS } from '@jqtb/shared/src/demo-org'
import type { Page } from 'playwright-core'
import { signToken } from '../../bff/src/auth/tokens'
import type { TestApp } from './app'

/** Where the mini-app keeps its login (Taro's H5 storage wraps values as `{ data }`). */
export const SESSION_KEY = 'jqtb.session'

/**
 * The session the mini-app would hold after logging in as `userId`, minted directly (no DingTalk). For pages
 * under test; the login flow itself is tested through the dev login.
 */
export async function sessionFor(app: TestApp, userId: string, opts: { expiresAt?: string; devUserId?: string } = {}) {
  const demo = DEMO_USERS.find((u) => u.id === userId)
  if (!demo) throw new Error(`no demo user ${userId}`)
  const territory = await app.db.models.Territory.findById(demo.territory).lean()
  const department = DEMO_DEPARTMENTS.find((d) => d.code === demo.department)
  const { token, expiresAt } = signToken(app.config, { sub: userId, via: 'test' }, app.deps.clock.now())
  return {
    token,
    expiresAt: opts.expiresAt ?? expiresAt,
    devUserId: opts.devUserId,
    user: {
      id: demo.id,
      name: demo.name,
      roles: demo.roles,
      roleLabels: demo.roles.map((r) => ROLE_LABELS[r]),
      title: demo.title,
      territory: { code: demo.territory, name: territory?.fullName ?? demo.territory },
      department: department ? { code: department.code, name: department.name } : null,
    },
  }
}

/** Puts a session into the page's storage (same origin as the app), as if the person had logged in. */
export async function signInPage(page: Page, app: TestApp, userId: string, opts: { expiresAt?: string; devUserId?: string; token?: string } = {}) {
  const session = await sessionFor(app, userId, opts)
  if (opts.token) session.token = opts.token
  await page.goto(`${app.url}/healthz`)
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [SESSION_KEY, JSON.stringify({ data: session })] as const)
  return session
}

/** Forgets the login and every draft. */
export async function clearStorage(page: Page, app: TestApp) {
  await page.goto(`${app.url}/healthz`)
  await page.evaluate(() => localStorage.clear())
}
