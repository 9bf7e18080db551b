import { readStored, removeStored, writeStored } from './storage'

/*
 * What was already loaded stays readable without a signal: the first page of each list (per filters) and each
 * task opened are kept on the phone, per person, and shown — saying when they were loaded — when the network
 * fails. Logging out forgets them all. Small by design: the last LIMIT entries per kind.
 */

const PREFIX = 'jqtb.cache.'
const LIMIT = 30

let owner = ''
/** Whose cache this is (the signed-in person's id): another person never reads it. */
export function setCacheOwner(userId: string | null) {
  owner = userId ?? ''
}

interface Entry<T> {
  savedAt: number
  value: T
}

function put(kind: string, key: string, value: unknown) {
  if (!owner) return
  const indexKey = `${PREFIX}${owner}.${kind}.index`
  const index = (readStored<string[]>(indexKey) ?? []).filter((k) => k !== key)
  index.push(key)
  while (index.length > LIMIT) removeStored(`${PREFIX}${owner}.${kind}.${index.shift()}`)
  writeStored(`${PREFIX}${owner}.${kind}.${key}`, { savedAt: Date.now(), value } satisfies Entry<unknown>)
  writeStored(indexKey, index)
}

function get<T>(kind: string, key: string): Entry<T> | null {
  if (!owner) return null
  return readStored<Entry<T>>(`${PREFIX}${owner}.${kind}.${key}`)
}

export function cacheList(key: string, items: unknown[]) {
  put('list', key, items)
}

export function cachedList<T>(key: string): { items: T[]; savedAt: number } | null {
  const e = get<T[]>('list', key)
  return e ? { items: e.value, savedAt: e.savedAt } : null
}

export function cacheTask(id: string, task: unknown) {
  put('task', id, task)
}

export function cachedTask<T>(id: string): { task: T; savedAt: number } | null {
  const e = get<T>('task', id)
  return e ? { task: e.value, savedAt: e.savedAt } : null
}

/** Forgets this person's cache (logging out). */
export function forgetCache(userId: string) {
  for (const kind of ['list', 'task']) {
    const indexKey = `${PREFIX}${userId}.${kind}.index`
    for (const k of readStored<string[]>(indexKey) ?? []) removeStored(`${PREFIX}${userId}.${kind}.${k}`)
    removeStored(indexKey)
  }
}
