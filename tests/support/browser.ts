import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

export const ARTIFACTS = path.resolve(__dirname, '../../.artifacts')

export interface PhoneOptions {
  width?: number
  height?: number
  /** grant geolocation and report this position (Chromium fakes navigator.geolocation) */
  geolocation?: { latitude: number; longitude: number; accuracy?: number }
  /** pretend to be another container (DingTalk, 浙政钉) */
  userAgent?: string
  /** script run in every page before the app (a fake JS bridge of a container) */
  initScript?: string
}

/** Headless Debian Chromium with the flags a machine without internet access needs. */
export async function launchPhone(opts: PhoneOptions = {}): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
  const width = opts.width ?? 390
  const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-chromium-')), {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width, height: opts.height ?? 844 },
    deviceScaleFactor: 2,
    // a PC DingTalk window is a desktop browser, not a phone
    isMobile: width < 600,
    hasTouch: width < 600,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(opts.geolocation ? { permissions: ['geolocation'], geolocation: opts.geolocation } : {}),
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
  })
  if (opts.initScript) await ctx.addInitScript(opts.initScript)
  const page = ctx.pages()[0] ?? (await ctx.newPage())
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  // the BFF's Content-Security-Policy (bff/src/infra/security-headers.ts): anything it blocks fails the test
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(`CSP: ${m.text()}`)
  })
  return { ctx, page, errors }
}

/**
 * A PNG of the whole page into .artifacts/screenshots/. Taro's H5 pages scroll inside their own container
 * (the document itself is one screen tall), so the viewport is stretched to the content for the shot.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(ARTIFACTS, 'screenshots')
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name}.png`)
  const viewport = page.viewportSize()
  const contentHeight = await page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none')
    const shown = pages[pages.length - 1]
    return shown ? shown.scrollHeight : document.documentElement.scrollHeight
  })
  if (viewport && contentHeight > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(contentHeight, 6000) })
  try {
    await page.waitForTimeout(150)
    await page.screenshot({ path: file, fullPage: true })
  } finally {
    if (viewport && contentHeight > viewport.height) await page.setViewportSize(viewport)
  }
  return file
}
