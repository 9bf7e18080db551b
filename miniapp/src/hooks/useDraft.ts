import { useCallback, useEffect, useRef, useState } from 'react'
import { readStored, removeStored, writeStored } from '../services/storage'

const PREFIX = 'jqtb.draft.'

/**
 * Form state that survives a reload, a crash or a dropped connection: every change is written to storage
 * (debounced), and `clear()` forgets it once the server has accepted the form.
 */
export function useDraft<T extends object>(key: string, initial: T): [T, (patch: Partial<T> | ((d: T) => T)) => void, () => void, boolean] {
  const storageKey = PREFIX + key
  const [restored] = useState(() => readStored<T>(storageKey))
  const [value, setValue] = useState<T>(() => (restored ? { ...initial, ...restored } : initial))
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const cleared = useRef(false)
  const valueRef = useRef(value)
  valueRef.current = value

  useEffect(() => {
    if (cleared.current) return
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => writeStored(storageKey, value), 300)
    return () => {
      if (timer.current) clearTimeout(timer.current)
    }
  }, [storageKey, value])

  // leaving the page must not drop the last keystrokes waiting for the debounce
  useEffect(
    () => () => {
      if (!cleared.current) writeStored(storageKey, valueRef.current)
    },
    [storageKey],
  )

  const update = useCallback((patch: Partial<T> | ((d: T) => T)) => {
    cleared.current = false
    setValue((d) => (typeof patch === 'function' ? patch(d) : { ...d, ...patch }))
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `initial` is the form's blank state, fixed per form
  const clear = useCallback(() => {
    cleared.current = true
    if (timer.current) clearTimeout(timer.current)
    removeStored(storageKey)
    setValue(initial)
  }, [storageKey])

  return [value, update, clear, restored !== null]
}
