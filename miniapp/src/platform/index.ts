import { browserPlatform } from './browser'
import { dingtalkH5Platform } from './dingtalk-h5'
import type { Platform, PlatformKind } from './types'
import { zzdH5Platform } from './zzd-h5'

export * from './types'

/**
 * The one place that knows where the app runs (H5 build; the DingTalk mini-program build uses index.dd.ts).
 * 浙政钉's WebView says `TaurusApp` in its user agent, public DingTalk's says `DingTalk` (浙政钉 on the DingTalk
 * kernel says both, so it is checked first).
 */
export function detectH5Platform(userAgent: string): PlatformKind {
  if (/TaurusApp/i.test(userAgent)) return 'zzd-h5'
  if (/DingTalk/i.test(userAgent)) return 'dingtalk-h5'
  return 'browser'
}

let current: Platform | null = null
export function getPlatform(): Platform {
  if (!current) {
    const kind = detectH5Platform(typeof navigator === 'undefined' ? '' : navigator.userAgent)
    current = kind === 'zzd-h5' ? zzdH5Platform : kind === 'dingtalk-h5' ? dingtalkH5Platform : browserPlatform
  }
  return current
}
