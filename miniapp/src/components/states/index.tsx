import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { ActionButton } from '../action-button'
import './index.scss'

export function Loading({ text = '加载中…' }: { text?: string }) {
  return (
    <View className='state state--loading'>
      <View className='spinner' />
      <Text>{text}</Text>
    </View>
  )
}

/**
 * The one placeholder while a list's first answer is on its way: grey shapes where the cards will be (no spinner).
 * index.html draws the same shapes before the app's code has even arrived, so the first paint and the app's
 * first render look alike.
 */
export function ListSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <View className='skeleton' aria-busy='true' aria-label='正在加载'>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing else to tell them apart
        <View key={i} className='skeleton__card'>
          <View className='skeleton__line skeleton__line--title' />
          <View className='skeleton__line' />
          <View className='skeleton__line skeleton__line--short' />
        </View>
      ))}
    </View>
  )
}

/** Over a list shown from the phone's cache or left from before a failed refresh: how old it is, and 重试. */
export function StaleNote({ message, savedAt, onRetry }: { message: string; savedAt: number | null; onRetry: () => void }) {
  const when = savedAt ? new Date(savedAt) : null
  const hhmm = when ? `${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}` : ''
  return (
    <View className='stale-note' role='status'>
      <Text className='stale-note__text'>{when ? `${message} 下面是 ${hhmm} 保存在本机的内容。` : `${message} 下面是上次加载的内容。`}</Text>
      <ActionButton small kind='ghost' onClick={onRetry}>
        重试
      </ActionButton>
    </View>
  )
}

export function EmptyState({ title, hint, children }: { title: string; hint?: string; children?: ReactNode }) {
  return (
    <View className='state state--empty'>
      <View className='state__art' />
      <Text className='state__title'>{title}</Text>
      {hint && <Text className='state__hint'>{hint}</Text>}
      {children}
    </View>
  )
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View className='state state--error'>
      <Text className='state__title'>{message}</Text>
      {onRetry && (
        <ActionButton kind='ghost' small onClick={onRetry}>
          重试
        </ActionButton>
      )}
    </View>
  )
}
