/**
 * index.html paints a skeleton before the app's code arrives (H5). The first page that draws anything of its own
 * removes it; until then, the person sees the shape of a list, not a blank screen or a second spinner.
 */
export function dropBootSkeleton() {
  if (typeof document === 'undefined') return
  const skeleton = document.getElementById('boot-skeleton')
  if (!skeleton) return
  // the stylesheet loads without blocking the first paint: keep the skeleton over the page until it applies
  const pending = Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet][media=print]'))
  if (pending.length === 0) skeleton.remove()
  else for (const link of pending) link.addEventListener('load', () => dropBootSkeleton(), { once: true })
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
