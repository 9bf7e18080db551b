import type { BrowserContext, Page } from 'playwright-core'
import { startAppWithSimulator, type TestApp } from './app'
import { launchPhone, type PhoneOptions } from './browser'
import type { TestSimulator } from './simulator'

export interface PhoneSession {
  sim: TestSimulator
  app: TestApp
  ctx: BrowserContext
  page: Page
  errors: string[]
  close(): Promise<void>
}

/** Most browser tests' set-up: a simulator, a test app serving the H5 build that talks to it, and a phone-sized Chromium. */
export async function startPhoneSession(opts: { env?: Record<string, string>; phone?: PhoneOptions } = {}): Promise<PhoneSession> {
  const { app, sim, close } = await startAppWithSimulator({ serveH5: true, env: opts.env })
  const { ctx, page, errors } = await launchPhone(opts.phone)
  return {
    app,
    sim,
    ctx,
    page,
    errors,
    close: async () => {
      await ctx.close()
      await close()
    },
  }
}
