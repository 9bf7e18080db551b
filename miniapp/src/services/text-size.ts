import { getPlatform } from '../platform'
import { readStored, writeStored } from './storage'

/**
 * 大字模式 (large text). In H5 every size is in rem, so one root font size scales every page the way browser zoom
 * would, layouts included: index.html computes the root (20–24 px, ×1.25 when large) before the app starts, so the
 * first paint is already the right size. The DingTalk mini-program has no rem (rpx is fixed): there the page shell
 * gets `shell--large`, which enlarges the text classes (app.scss). `auto` follows the platform's font-size setting
 * where its bridge exposes one (DingTalk mini-program `fontSizeSetting`), and means 标准 where it does not.
 */
export type TextSize = 'auto' | 'normal' | 'large'

/** Storage key; index.html reads it too (Taro's H5 storage wraps values as `{ data }`). */
export const TEXT_SIZE_KEY = 'jqtb.textSize'

const listeners = new Set<(large: boolean) => void>()

export function textSizeSetting(): TextSize {
  const v = readStored<TextSize>(TEXT_SIZE_KEY)
  return v === 'normal' || v === 'large' ? v : 'auto'
}

export function isLargeText(): boolean {
  const v = textSizeSetting()
  return v === 'large' || (v === 'auto' && getPlatform().prefersLargeText?.() === true)
}

export function setTextSize(v: TextSize) {
  writeStored(TEXT_SIZE_KEY, v)
  const root = (globalThis as { __jqtbRootFont?: () => void }).__jqtbRootFont
  root?.()
  const large = isLargeText()
  for (const l of listeners) l(large)
}

export function onTextSizeChange(listener: (large: boolean) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
