import type { Config } from '../config'
import type { ProviderName } from '../dingtalk/gateway'

export const DEFAULT_PAGE = 'pages/index/index'

/** `pages/task/index?id=T 1` → `pages/task/index?id=T%201`: link parameters must be URL-encoded. */
export function normalisePage(page: string | undefined): string {
  const raw = (page ?? DEFAULT_PAGE).replace(/^\/+/, '') || DEFAULT_PAGE
  const [path, query] = raw.split('?', 2)
  const encoded = query ? new URLSearchParams(query).toString() : ''
  return encoded ? `${path}?${encoded}` : path
}

/** Where the H5 build of the app is served (`PUBLIC_URL`), always ending in `/`. */
export function publicBase(config: Config): string {
  return (config.publicUrl ?? `http://${config.host}:${config.port}/`).replace(/\/?$/, '/')
}

/** The H5 address of a page (Taro's hash router): `<PUBLIC_URL>#/<page>`. */
export function h5Link(config: Config, page: string | undefined): string {
  return `${publicBase(config)}#/${normalisePage(page)}`
}

/**
 * Where a notification opens (docs/dingtalk.md#message-links): in DingTalk the mini-program page itself
 * (`eapp://`), with the H5 page in DingTalk's PC side panel; in 浙政钉 — whose mini-program deep link
 * is not documented — the H5 page.
 */
export function messageLinks(config: Config, provider: ProviderName, page: string | undefined): { mobile: string; pc: string } {
  const h5 = h5Link(config, page)
  if (provider === 'dingtalk') {
    return { mobile: `eapp://${normalisePage(page)}`, pc: `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(h5)}&pc_slide=true` }
  }
  return { mobile: h5, pc: h5 }
}
