/*
 * Weak signal vs. route-level code splitting (H5): every page is a lazy chunk, and a chunk that fails to load used
 * to leave a blank page with a changed URL. Every chunk load is retried twice (1 s, 3 s); if it still fails, a
 * full-screen retry state says what happened and loads it again on 重试 — or by itself as soon as the browser
 * reports the network back. The promise webpack waits on never rejects, so the router just renders late.
 */

declare const __webpack_require__: { e: (chunkId: string | number) => Promise<unknown> }

const BACKOFF_MS = [1000, 3000]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let waiting: Promise<void> | null = null

/** Shows the retry state (one for all chunks that failed meanwhile) and resolves when it is time to try again. */
function retryState(): Promise<void> {
  if (waiting) return waiting
  waiting = new Promise<void>((resolve) => {
    const box = document.createElement('div')
    box.className = 'chunk-retry'
    box.setAttribute('role', 'alert')
    box.innerHTML =
      '<p class="chunk-retry__title">页面没有加载出来</p><p class="chunk-retry__hint">网络不稳定。恢复信号后会自动重新加载，也可以点下面的按钮重试。</p>'
    const button = document.createElement('button')
    button.className = 'chunk-retry__button'
    button.type = 'button'
    button.textContent = '重试'
    box.appendChild(button)
    const done = () => {
      window.removeEventListener('online', done)
      box.remove()
      waiting = null
      resolve()
    }
    button.addEventListener('click', done)
    window.addEventListener('online', done)
    document.body.appendChild(box)
  })
  return waiting
}

export function installChunkRetry() {
  if (typeof __webpack_require__ === 'undefined' || typeof __webpack_require__.e !== 'function') return
  const load = __webpack_require__.e
  __webpack_require__.e = async (chunkId) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await load(chunkId)
      } catch {
        if (attempt < BACKOFF_MS.length) await sleep(BACKOFF_MS[attempt])
        else {
          await retryState()
          attempt = -1
        }
      }
    }
  }
}
