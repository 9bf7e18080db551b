import type { Locator, Page } from 'playwright-core'
import type { TestApp } from './app'
import { SESSION_KEY } from './session'

/* Driving the H5 mini-app the way a person does: through its pages, by what they show. */

/** Forgets any login, opens the dev login page and picks the demo user whose row says `label` (e.g. 王丽 · 网格员). */
export async function loginAs(page: Page, app: TestApp, label: string): Promise<void> {
  await page.goto(`${app.url}/healthz`)
  await page.evaluate(() => localStorage.clear())
  await openPage(page, app, '/pages/login/index')
  try {
    await page.locator('.login__user', { hasText: label }).click({ timeout: 20000 })
  } catch (e) {
    // say what the page showed instead (an error message, a blank page when dist/h5 is missing …)
    const shown = await page
      .locator('body')
      .innerText()
      .catch(() => '')
    throw new Error(`no demo user "${label}" on the login page at ${page.url()}; it showed: ${shown.slice(0, 300)}\n${(e as Error).message}`)
  }
  await page.locator('.tab-bar:visible').waitFor()
}

/**
 * Opens a page of the app by its path (e.g. `/pages/task/index?id=…`) in a fresh load, as a link from a work
 * notification would: the app starts from storage, not from what an earlier page held in memory.
 */
export async function openPage(page: Page, app: TestApp, path: string): Promise<void> {
  await page.goto('about:blank')
  await page.goto(`${app.url}/#${path}`)
}

/*
 * Taro keeps earlier pages of the stack in the DOM (hidden), so every locator for "what the person sees" is
 * limited to visible elements — and to the app's own (`#app`): on a cold load index.html may draw the hall's first
 * cards outside it for a moment (tests/browser/first-load.test.ts looks at those).
 */

/** The tab bar entry with exactly this text, on the page shown now. */
export function tab(page: Page, text: string): Locator {
  return page.locator('#app .tab-bar__item:visible').filter({ has: page.getByText(text, { exact: true }) })
}

/** Taps a tab and waits until its page is the one shown. */
export async function goToTab(page: Page, text: string): Promise<void> {
  await tab(page, text).click()
  await page
    .locator('#app .tab-bar__item--on:visible')
    .filter({ has: page.getByText(text, { exact: true }) })
    .waitFor()
}

/** A visible task card whose text contains `text`. */
export function card(page: Page, text: string): Locator {
  return page.locator('#app .task-card:visible', { hasText: text })
}

/** A visible choice chip with exactly this label (and maybe its count badge), inside `scope` (the page or a sheet). */
export function chip(scope: Page | Locator, label: string): Locator {
  return scope.locator(`${'goto' in scope ? '#app ' : ''}.chip:visible`, { hasText: new RegExp(`^${label}\\s*\\d*$`) })
}

/** The bottom sheet that is open now. */
export function sheet(page: Page): Locator {
  return page.locator('.sheet__panel')
}

/** Taro's toast, where success and the server's error messages appear. */
export function toast(page: Page): Locator {
  return page.locator('.taro__toast')
}

/** A JPEG drawn by the browser itself (a stand-in for a phone photo). */
export async function photoFile(page: Page, caption = '现场照片'): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const dataUrl = await page.evaluate((text) => {
    const canvas = document.createElement('canvas')
    canvas.width = 800
    canvas.height = 600
    const g = canvas.getContext('2d')!
    g.fillStyle = '#3d7e64'
    g.fillRect(0, 0, 800, 600)
    g.fillStyle = '#fff'
    g.font = '64px sans-serif'
    g.fillText(text, 240, 320)
    return canvas.toDataURL('image/jpeg', 0.85)
  }, caption)
  return { name: 'scene.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(dataUrl.split(',')[1], 'base64') }
}

/** The session the app keeps in storage (Taro wraps values as `{ data }`). */
export async function storedSession(page: Page): Promise<{ token: string; user: { id: string; name: string } } | null> {
  const raw = await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)
  return raw ? JSON.parse(raw).data : null
}

/** Texts of the elements a locator matches, trimmed. */
export async function texts(locator: Locator): Promise<string[]> {
  return (await locator.allInnerTexts()).map((t) => t.trim())
}

/** Taro's modal (Taro.showModal): waits for it and taps the button with this text. */
export async function answerModal(page: Page, button: string): Promise<string> {
  // the modal's outer element has no size of its own (its children are fixed): wait for its content
  const modal = page.locator('.taro-modal__content:visible')
  await modal.waitFor()
  const text = await modal.innerText()
  await modal.locator('.taro-modal__foot').getByText(button, { exact: true }).click()
  await modal.waitFor({ state: 'hidden' })
  return text
}

/** Waits until the page shown now has loaded: its content is there and no spinner or skeleton is left. */
export async function settled(page: Page): Promise<void> {
  await page.locator('.taro_page:visible').last().waitFor()
  await page.waitForFunction(
    () => {
      const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none')
      const shown = pages[pages.length - 1]
      if (!shown || !(shown.textContent ?? '').trim() || document.getElementById('boot-skeleton')) return false
      return !shown.querySelector('.spinner, .state--loading, .skeleton')
    },
    undefined,
    { timeout: 20000 },
  )
  await page.waitForTimeout(200)
}
