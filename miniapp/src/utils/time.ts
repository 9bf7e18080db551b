/* Times as a person on the street reads them: 今天 14:05, 11-28 09:30, 剩 2天3小时. */

const pad = (n: number) => String(n).padStart(2, '0')

export function formatDateTime(iso: string | number | null | undefined, now = Date.now()): string {
  if (iso === null || iso === undefined || iso === '') return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return '—'
  const today = new Date(now)
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  if (d.toDateString() === today.toDateString()) return `今天 ${hm}`
  const yesterday = new Date(now - 86_400_000)
  if (d.toDateString() === yesterday.toDateString()) return `昨天 ${hm}`
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`
  return d.getFullYear() === today.getFullYear() ? md : `${d.getFullYear()}-${md}`
}

/** 2天3小时 / 5小时12分 / 12分30秒 */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const days = Math.floor(s / 86400)
  const hours = Math.floor((s % 86400) / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  if (days > 0) return `${days}天${hours}小时`
  if (hours > 0) return `${hours}小时${minutes}分`
  return `${minutes}分${pad(s % 60)}秒`
}

/** `YYYY-MM-DD` and `HH:mm` (what Taro's date/time pickers use) → ISO 8601 with the local offset. */
export function localDateTimeToIso(date: string, time: string): string {
  return new Date(`${date}T${time || '18:00'}:00`).toISOString()
}

export function todayString(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
