/**
 * How an index reads: its value in words (92.3%, 128 件, 3.5 小时, 暂无数据) and its comparison with
 * another period (环比, 同比) with an arrow coloured by which way is better.
 */
import { INDICES, type IndexId, type IndexValue } from './formulas'

const HOUR = 3_600_000

/** A duration in the words a person reads: 分钟 under an hour, 小时 under two days, else 天. */
export function formatDuration(ms: number): string {
  if (ms < HOUR) return `${Math.round(ms / 60_000)} 分钟`
  if (ms < 48 * HOUR) return `${(ms / HOUR).toFixed(1)} 小时`
  return `${(ms / (24 * HOUR)).toFixed(1)} 天`
}

export const NO_DATA = '暂无数据'
export const EMPTY_PERIOD = '—'

/** The value as it is shown. */
export function formatIndex(id: IndexId, v: IndexValue): string {
  if (v.value === null) return v.reason === 'no_source' ? NO_DATA : EMPTY_PERIOD
  const def = INDICES[id]
  switch (def.unit) {
    case 'percent':
      return `${(v.value * 100).toFixed(1)}%`
    case 'duration':
      return formatDuration(v.value)
    case 'count':
      return `${v.value} ${def.countWord ?? ''}`.trim()
  }
}

export interface Comparison {
  /** the raw difference (same unit as the value; rates as fractions) */
  delta: number
  /** +2.1 个百分点, −3 件, +0.5 小时 */
  text: string
  arrow: 'up' | 'down' | 'flat'
  /** green when the change goes the better way, red when the worse way */
  tone: 'good' | 'bad' | 'neutral'
}

/** `current` compared with `earlier`; null when either has no value. */
export function compareIndex(id: IndexId, current: IndexValue, earlier: IndexValue): Comparison | null {
  if (current.value === null || earlier.value === null) return null
  const def = INDICES[id]
  const delta = current.value - earlier.value
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±'
  const abs = Math.abs(delta)
  let text: string
  switch (def.unit) {
    case 'percent':
      text = `${sign}${(abs * 100).toFixed(1)} 个百分点`
      break
    case 'duration':
      text = `${sign}${formatDuration(abs)}`
      break
    case 'count':
      text = `${sign}${abs} ${def.countWord ?? ''}`.trim()
      break
  }
  // a change too small to show is no change
  const shown = def.unit === 'percent' ? Math.round(abs * 1000) > 0 : def.unit === 'duration' ? abs >= 60_000 : abs > 0
  const arrow = !shown ? 'flat' : delta > 0 ? 'up' : 'down'
  const tone = arrow === 'flat' || def.better === null ? 'neutral' : arrow === def.better ? 'good' : 'bad'
  return { delta, text: shown ? text : '持平', arrow, tone }
}
