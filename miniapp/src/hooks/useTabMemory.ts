import { useCallback, useState } from 'react'

/*
 * What a tab page remembers while the person is on another tab: tab pages replace each other (the tab bar is ours,
 * per role, so there is no native switchTab), and this keeps their filters, loaded lists and scroll position in
 * memory for the app's lifetime — coming back shows the page as it was at once, and it refreshes quietly.
 */
const memory = new Map<string, unknown>()

export function remembered<T>(key: string): T | undefined {
  return memory.get(key) as T | undefined
}

export function remember(key: string, value: unknown) {
  memory.set(key, value)
}

/** useState that outlives the page: the value is still there when the tab is opened again. */
export function useTabState<T>(key: string, initial: T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => remembered<T>(key) ?? initial)
  const set = useCallback(
    (v: T) => {
      memory.set(key, v)
      setValue(v)
    },
    [key],
  )
  return [value, set]
}

/** Forgets everything (logging out: the next person must not see the last one's lists). */
export function forgetTabs() {
  memory.clear()
}
