import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { FOCUSABLE } from '../a11y'

interface Props {
  children: ReactNode
  onClick: () => void
  kind?: 'primary' | 'danger' | 'success' | 'ghost' | 'default'
  busy?: boolean
  disabled?: boolean
  small?: boolean
  block?: boolean
  className?: string
}

/** A big tappable button that shows a spinner while its action runs and ignores taps meanwhile. */
export function ActionButton({ children, onClick, kind = 'default', busy, disabled, small, block, className }: Props) {
  const classes = ['btn', kind !== 'default' && `btn--${kind}`, small && 'btn--small', block && 'btn--block', (busy || disabled) && 'btn--disabled', className]
  return (
    <View
      className={classes.filter(Boolean).join(' ')}
      role='button'
      {...FOCUSABLE}
      aria-disabled={busy || disabled ? 'true' : 'false'}
      onClick={() => {
        if (!busy && !disabled) onClick()
      }}
    >
      {busy && <View className='spinner' />}
      <Text>{children}</Text>
    </View>
  )
}
