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
