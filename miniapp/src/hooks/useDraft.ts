import { useCallback, useEffect, useRef, useState } from 'react'
import { readStored, removeStored, writeStored } from '../services/storage'

const PREFIX = 'jqtb.draft.'

/** A uuid v4 from the platform's random source where there is one (a DingTalk mini-program may lack `crypto`). */
function newRequestId(): string {
  const bytes = new Uint8Array(16)
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (c?.getRandomValues) c.getRandomValues(bytes)
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256)
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * Form state that survives a reload, a crash or a dropped connection: every change is written to storage
 * (debounced), and `clear()` forgets it once the server has accepted the form.
 *
 * `requestId()` is the draft's idempotency key: made once per draft, stored the first time it is asked for
 * (when the form is sent), sent again with every retry — so a request that reached the server but whose
 * answer was lost is not done twice — and replaced by a fresh one when the draft is cleared.
 */
export function useDraft<T extends object>(key: string, initial: T): [T, (patch: Partial<T> | ((d: T) => T)) => void, () => void, boolean, () => string] {
  const storageKey = PREFIX + key
  const requestKey = `${storageKey}:request`
  const [restored] = useState(() => readStored<T>(storageKey))
  const [value, setValue] = useState<T>(() => (restored ? { ...initial, ...restored } : initial))
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const cleared = useRef(false)
  const valueRef = useRef(value)
  valueRef.current = value
  const request = useRef<string | null>(null)

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
    removeStored(requestKey)
    request.current = null
    setValue(initial)
  }, [storageKey, requestKey])

  const requestId = useCallback(() => {
    if (!request.current) {
      request.current = readStored<string>(requestKey) ?? newRequestId()
      writeStored(requestKey, request.current)
    }
    return request.current
  }, [requestKey])

  return [value, update, clear, restored !== null, requestId]
}
