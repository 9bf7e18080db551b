import { Text } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { formatDuration } from '../../utils/time'
import './index.scss'

interface Props {
  /** ISO time the countdown runs to */
  to: string
  /** 认领剩余 / 截止 / 办理时限 … */
  label: string
  /** text once the time has passed */
  passed?: string
  /** below this many ms the countdown turns red */
  urgentMs?: number
}

/** 认领剩余 1小时12分: ticks every second in the last hour, every half minute before. */
export function Countdown({ to, label, passed = '已超时', urgentMs = 2 * 3_600_000 }: Props) {
  const target = new Date(to).getTime()
  const [now, setNow] = useState(Date.now())
  const left = target - now
  useEffect(() => {
    if (left <= 0) return
    const timer = setTimeout(() => setNow(Date.now()), left < 3_600_000 ? 1000 : 30_000)
    return () => clearTimeout(timer)
  }, [left])
  if (Number.isNaN(target)) return null
  const state = left <= 0 ? 'passed' : left < urgentMs ? 'urgent' : 'normal'
  return <Text className={`countdown countdown--${state}`}>{left <= 0 ? `${label}${passed}` : `${label} ${formatDuration(left)}`}</Text>
}
