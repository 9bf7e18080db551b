// Small pieces the points pages share: the period picker, a signed number, page paths.
import type { PeriodView } from '@jqtb/shared/src/points/dto'
import { Picker, Text, View } from '@tarojs/components'
import { FOCUSABLE } from '../../components/a11y'

export const POINTS_PAGES = {
  points: '/pages/points/index',
  leaderboard: '/pages/leaderboard/index',
  rules: '/pages/rules/index',
  history: '/pages/rules/history/index',
  appeal: '/pages/appeal/index',
} as const

/** +5 / −2 / 0 */
export function signed(n: number): string {
  if (n > 0) return `+${n}`
  if (n < 0) return `−${Math.abs(n)}`
  return '0'
}

/**
 * A points figure. An entry that trims a task's bonus to its cap (`kind: 'bonus'` with a minus) is not a deduction:
 * it is shown grey with 「封顶不计」, not red — the 扣分 total does not count it either.
 */
export function Delta({ value, big, kind }: { value: number; big?: boolean; kind?: string }) {
  const capped = kind === 'bonus' && value < 0
  const tone = capped ? 'capped' : value > 0 ? 'up' : value < 0 ? 'down' : 'zero'
  return (
    <Text className={`delta delta--${tone}${big ? ' delta--big' : ''}`}>
      {signed(value)}
      {capped && <Text className='delta__note'>封顶不计</Text>}
    </Text>
  )
}

/** 2026年11月 ▾ — opens the list of recent periods. */
export function PeriodPicker({ periods, value, onChange }: { periods: PeriodView[]; value: string; onChange: (key: string) => void }) {
  const index = Math.max(
    0,
    periods.findIndex((p) => p.key === value),
  )
  const label = periods.find((p) => p.key === value)?.label ?? value
  return (
    <Picker mode='selector' range={periods.map((p) => p.label)} value={index} onChange={(e) => onChange(periods[Number(e.detail.value)].key)}>
      <View className='period-picker' role='button' {...FOCUSABLE} aria-label={`考核期：${label}`}>
        <Text>{label}</Text>
        <Text className='period-picker__caret' aria-hidden='true'>
          ▾
        </Text>
      </View>
    </Picker>
  )
}
