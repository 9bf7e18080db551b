/** China Standard Time (UTC+8, no daylight saving): task numbers and the times people read use it. */
const CST_OFFSET_MS = 8 * 3_600_000

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

function cstParts(ms: number) {
  const d = new Date(ms + CST_OFFSET_MS)
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() }
}

/** 20261127 */
export function cstDay(ms: number): string {
  const p = cstParts(ms)
  return `${p.y}${pad(p.mo)}${pad(p.d)}`
}

/** 11月27日 18:00 */
export function formatCst(ms: number): string {
  const p = cstParts(ms)
  return `${p.mo}月${p.d}日 ${pad(p.h)}:${pad(p.mi)}`
}

export const iso = (ms: number | undefined | null): string | null => (ms === undefined || ms === null ? null : new Date(ms).toISOString())
