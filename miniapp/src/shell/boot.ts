/**
 * index.html paints a skeleton before the app's code arrives (H5), or — for a person whose first page is the hall —
 * the hall's first cards drawn from its first answer (docs/miniapp.md#first-load). The app removes it when its own
 * page can show the same: a page's shell at once, the hall only once its list is on screen, so the cards never give
 * way to a skeleton.
 */

/** The page drawn in index.html (the overlay's `data-cards`), if any. */
function drawnPage(skeleton: HTMLElement): string | null {
  return skeleton.getAttribute('data-cards')
}

/**
 * Removes the skeleton; `page` is the page that is mounting: when the overlay shows that page's cards it stays until
 * the page's list is on screen (`takeOverBootCards`).
 */
export function dropBootSkeleton(page?: string) {
  if (typeof document === 'undefined') return
  const skeleton = document.getElementById('boot-skeleton')
  if (!skeleton) return
  if (page && drawnPage(skeleton) === page.replace(/^\//, '')) return
  // the stylesheet loads without blocking the first paint: keep the skeleton over the page until it applies
  const pending = Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet][media=print]'))
  if (pending.length === 0) skeleton.remove()
  else for (const link of pending) link.addEventListener('load', () => dropBootSkeleton(), { once: true })
}

/** The page shown now (Taro keeps earlier pages of the stack in the DOM, hidden). */
function shownPage(): HTMLElement | null {
  const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none')
  return pages[pages.length - 1] ?? null
}

/**
 * The page's own list is on screen: the cards index.html drew give way to it where they were (scroll position and
 * keyboard focus carried over), and a tap made on them before the app was ready happens now on the app's element.
 * Call it in a layout effect, so both are never on screen together or missing for a frame.
 */
export function takeOverBootCards() {
  if (typeof document === 'undefined') return
  const skeleton = document.getElementById('boot-skeleton')
  if (!skeleton) return
  if (!drawnPage(skeleton)) return dropBootSkeleton()
  const page = shownPage()
  const w = window as { __jqtbBootTap?: string }
  const tapped = w.__jqtbBootTap
  delete w.__jqtbBootTap
  const focused =
    document.activeElement instanceof HTMLElement && skeleton.contains(document.activeElement) ? document.activeElement.getAttribute('data-tap') : null
  const scrollTop = skeleton.scrollTop
  skeleton.remove()
  if (!page) return
  if (scrollTop) page.scrollTop = scrollTop
  const find = (selector: string | null) => {
    try {
      return selector ? page.querySelector<HTMLElement>(selector) : null
    } catch {
      return null
    }
  }
  find(focused)?.focus()
  const target = find(tapped ?? null)
  if (!target) return
  if (target instanceof HTMLInputElement) target.focus()
  else target.click()
}

interface Early {
  at: number
  token: string
  answer: Promise<{ status: number; body: string } | null>
}

/**
 * The answer to a request index.html started before the app loaded (the hall's first page), if it was for this
 * URL and this login; each is used once, and only when fresh.
 */
export function takeEarlyAnswer(path: string, token: string | null | undefined): Early['answer'] | null {
  const early = (globalThis as { __jqtbEarly?: Record<string, Early> }).__jqtbEarly
  const hit = early?.[path]
  if (!hit) return null
  delete early[path]
  return hit.token === token && Date.now() - hit.at < 20_000 ? hit.answer : null
}
