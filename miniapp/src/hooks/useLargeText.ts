import { useEffect, useState } from 'react'
import { isLargeText, onTextSizeChange } from '../services/text-size'

/** Whether 大字模式 is on now (the setting in 我的, or the platform's font size when the setting follows it). */
export function useLargeText(): boolean {
  const [large, setLarge] = useState(isLargeText)
  useEffect(() => onTextSizeChange(setLarge), [])
  return large
}
