import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import './index.scss'
import { FOCUSABLE } from '../a11y'

interface Props {
  title: string
  open: boolean
  onClose: () => void
  children: ReactNode
  /** the buttons at the bottom */
  footer?: ReactNode
  /** what stops the main button, or the server's refusal: just above the buttons, never below the fold */
  notice?: ReactNode
}

/** A bottom sheet on a phone, a centred dialog on a wide (PC DingTalk) window. */
export function Sheet({ title, open, onClose, children, footer, notice }: Props) {
  if (!open) return null
  return (
    <View className='sheet'>
      <View className='sheet__mask' onClick={onClose} />
      <View className='sheet__panel' role='dialog' aria-label={title}>
        <View className='sheet__head'>
          <Text className='sheet__title'>{title}</Text>
          <View className='sheet__close' role='button' {...FOCUSABLE} onClick={onClose} aria-label='关闭'>
            ×
          </View>
        </View>
        <View className='sheet__body'>{children}</View>
        {notice && (
          <View className='sheet__notice' role='alert'>
            {notice}
          </View>
        )}
        {footer && <View className='sheet__footer'>{footer}</View>}
      </View>
    </View>
  )
}
