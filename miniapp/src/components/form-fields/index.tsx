import { Input, Text, Textarea, View } from '@tarojs/components'
import { createContext, type ReactNode, useContext } from 'react'
import { FOCUSABLE } from '../a11y'

/* The form building blocks every form uses: a labelled field, text, chips, stars. */

/** The label of the Field around an input: the input carries it as its accessible name (screen readers, axe). */
const FieldLabel = createContext<string | undefined>(undefined)

export function Field({
  label,
  required,
  hint,
  error,
  children,
}: {
  label: string
  required?: boolean
  hint?: string
  error?: string | null
  children: ReactNode
}) {
  return (
    <View className='field'>
      <Text className='field__label'>
        {label}
        {required && <Text className='field__required'>*</Text>}
      </Text>
      <FieldLabel.Provider value={label}>{children}</FieldLabel.Provider>
      {hint && <Text className='field__hint'>{hint}</Text>}
      {error && <Text className='error-text'>{error}</Text>}
    </View>
  )
}

export function TextInput(props: {
  value: string
  onChange: (v: string) => void
  placeholder?: string
  maxLength?: number
  type?: 'text' | 'number' | 'digit'
  name?: string
  /** the accessible name when the input is not inside a Field (or needs a more precise one) */
  label?: string
}) {
  const fieldLabel = useContext(FieldLabel)
  const label = props.label ?? fieldLabel
  return (
    <Input
      // the wrapper is Taro's; the native <input> inside carries the name
      nativeProps={label ? { 'aria-label': label } : undefined}
      className='field__input'
      name={props.name}
      type={props.type ?? 'text'}
      value={props.value}
      placeholder={props.placeholder}
      maxlength={props.maxLength ?? 100}
      onInput={(e) => props.onChange(e.detail.value)}
    />
  )
}

export function TextArea(props: { value: string; onChange: (v: string) => void; placeholder?: string; maxLength?: number; name?: string }) {
  const label = useContext(FieldLabel)
  return (
    <Textarea
      nativeProps={label ? { 'aria-label': label } : undefined}
      className='field__textarea'
      name={props.name}
      value={props.value}
      placeholder={props.placeholder}
      maxlength={props.maxLength ?? 1000}
      autoHeight
      onInput={(e) => props.onChange(e.detail.value)}
    />
  )
}

export function Chips<T extends string>({
  options,
  value,
  onChange,
}: {
  /** `count`: how many items the chip stands for (a list's filter chips), shown as a badge */
  options: ReadonlyArray<{ value: T; label: string; count?: number }>
  value: T | null | undefined
  onChange: (v: T) => void
}) {
  return (
    <View className='chips' role='radiogroup'>
      {options.map((o) => (
        <View
          key={o.value}
          className={`chip${o.value === value ? ' chip--on' : ''}`}
          role='radio'
          {...FOCUSABLE}
          aria-checked={o.value === value ? 'true' : 'false'}
          onClick={() => onChange(o.value)}
        >
          {o.label}
          {o.count !== undefined && <Text className={`chip__count${o.count === 0 ? ' chip__count--zero' : ''}`}>{o.count}</Text>}
        </View>
      ))}
    </View>
  )
}

/** Chips of which any number may be on (`value` lists them); a tap turns one on or off. */
export function MultiChips<T extends string>({
  options,
  value,
  onChange,
  label,
}: {
  options: ReadonlyArray<{ value: T; label: string }>
  value: readonly T[]
  onChange: (v: T[]) => void
  label?: string
}) {
  return (
    <View className='chips' role='group' aria-label={label}>
      {options.map((o) => {
        const on = value.includes(o.value)
        return (
          <View
            key={o.value}
            className={`chip${on ? ' chip--on' : ''}`}
            role='checkbox'
            {...FOCUSABLE}
            aria-checked={on ? 'true' : 'false'}
            onClick={() => onChange(on ? value.filter((v) => v !== o.value) : [...value, o.value])}
          >
            {o.label}
          </View>
        )
      })}
    </View>
  )
}

const STAR_WORDS = ['', '很差', '较差', '一般', '较好', '很好']

export function Stars({ value, onChange }: { value: number; onChange: (v: number) => void }) {
  return (
    <View className='stars' role='radiogroup' aria-label='评分'>
      {[1, 2, 3, 4, 5].map((n) => (
        <View
          key={n}
          className={`stars__star${n <= value ? ' stars__star--on' : ''}`}
          role='radio'
          {...FOCUSABLE}
          aria-checked={n === value ? 'true' : 'false'}
          aria-label={`${n} 分`}
          onClick={() => onChange(n)}
        />
      ))}
      <Text className='stars__word'>{value ? `${value} 分 · ${STAR_WORDS[value]}` : '请评分'}</Text>
    </View>
  )
}
