import { ddMiniProgramPlatform } from './dd-miniprogram'
import type { Platform } from './types'

export * from './types'

/** The DingTalk mini-program build (Taro picks this file for `--type dd`; no H5 code or JS SDK gets in). */
export function getPlatform(): Platform {
  return ddMiniProgramPlatform
}
