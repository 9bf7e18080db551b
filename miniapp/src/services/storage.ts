import Taro from '@tarojs/taro'

/* Small JSON storage over Taro's (localStorage in H5, dd storage in the mini-program). Never throws: a full
   or unavailable storage must not break the page, it only means nothing is remembered. */

export function readStored<T>(key: string): T | null {
  try {
    const value = Taro.getStorageSync(key)
    return value === '' || value === undefined || value === null ? null : (value as T)
  } catch {
    return null
  }
}

export function writeStored(key: string, value: unknown): boolean {
  try {
    Taro.setStorageSync(key, value)
    return true
  } catch {
    return false
  }
}

export function removeStored(key: string) {
  try {
    Taro.removeStorageSync(key)
  } catch {
    // nothing to do
  }
}
