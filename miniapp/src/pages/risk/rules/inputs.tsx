// The two inputs the risk rule form is made of besides chips: a whole number with its unit, a list of words.
import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { FOCUSABLE } from '../../../components/a11y'
import { TextInput } from '../../../components/form-fields'

/** A number typed as text: kept as typed while being edited, parsed into the rule set at once. */
export function NumberInput({
  name,
  value,
  unit,
  onChange,
  error,
}: {
  name: string
  value: number | undefined
  unit?: string
  onChange: (v: number) => void
  error?: string | null
}) {
  const [text, setText] = useState<string | null>(null)
  const shown = text ?? (value !== undefined && Number.isFinite(value) ? String(value) : '')
  return (
    <View className='rule-input'>
      <TextInput
        name={name}
        type='number'
        value={shown}
        maxLength={4}
        onChange={(t) => {
          setText(t)
          onChange(t.trim() === '' ? Number.NaN : Number(t))
        }}
      />
      {unit && <Text className='rule-input__unit'>{unit}</Text>}
      {error && <Text className='error-text rule-input__error'>{error}</Text>}
    </View>
  )
}

/** Words as chips with ×, and a box to add one. */
export function WordList({ name, words, onChange }: { name: string; words: string[]; onChange: (w: string[]) => void }) {
  const [draft, setDraft] = useState('')
  const add = () => {
    const w = draft.trim()
    if (w && !words.includes(w)) onChange([...words, w])
    setDraft('')
  }
  return (
    <View className='word-list'>
      <View className='word-list__chips'>
        {words.map((w) => (
          <View key={w} className='word-list__chip'>
            <Text>{w}</Text>
            <View className='word-list__remove' role='button' {...FOCUSABLE} aria-label={`删除${w}`} onClick={() => onChange(words.filter((x) => x !== w))}>
              ×
            </View>
          </View>
        ))}
      </View>
      <View className='word-list__add'>
        <Input
          className='field__input'
          name={name}
          value={draft}
          placeholder='输入后点添加'
          maxlength={12}
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={add}
        />
        <View className='points-link word-list__button' role='button' {...FOCUSABLE} onClick={add}>
          添加
        </View>
      </View>
    </View>
  )
}
