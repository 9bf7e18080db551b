// The risk rule set as a form in Chinese (not JSON): sections and fields from shared (RISK_SECTIONS),
// word lists as removable chips, departments picked by name, the phrase list as rows. Every value is
// checked as it is typed with the server's own words.

import { getRulePath, setRulePath } from '@jqtb/shared/src/points/form'
import { checkRiskValue, RISK_SECTIONS, type RiskField } from '@jqtb/shared/src/risk/form'
import type { RiskRuleSet } from '@jqtb/shared/src/risk/rules'
import { Input, Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, TextInput } from '../../../components/form-fields'
import { useLoad } from '../../../hooks/useLoad'
import { getDepartments } from '../../../services/reference'
import { PhraseEditor } from './phrases'

interface Props {
  rules: RiskRuleSet
  onChange: (next: RiskRuleSet) => void
  errors: Record<string, string>
}

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
            <View className='word-list__remove' role='button' aria-label={`删除${w}`} onClick={() => onChange(words.filter((x) => x !== w))}>
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
        <View className='points-link word-list__button' role='button' onClick={add}>
          添加
        </View>
      </View>
    </View>
  )
}

function DepartmentField({ field, value, onChange, error }: { field: RiskField; value: string; onChange: (v: string) => void; error?: string | null }) {
  const departments = useLoad(getDepartments).data ?? []
  const current = departments.find((d) => d.code === value)
  return (
    <Field label={field.label} hint={field.help} error={error}>
      <Picker mode='selector' range={departments.map((d) => d.name)} onChange={(e) => onChange(departments[Number(e.detail.value)].code)}>
        <View className='picker-value'>{current?.name ?? value}</View>
      </Picker>
    </Field>
  )
}

function FieldEditor({
  field,
  rules,
  onChange,
  serverError,
}: {
  field: RiskField
  rules: RiskRuleSet
  onChange: (r: RiskRuleSet) => void
  serverError?: string
}) {
  const value = getRulePath(rules, field.path)
  const set = (v: unknown) => onChange(setRulePath(rules, field.path, v))
  const error = checkRiskValue(field, value) ?? serverError ?? null
  const id = `risk-${field.path.replace(/\./g, '-')}`
  if (field.type === 'department') return <DepartmentField field={field} value={value as string} onChange={set} error={error} />
  if (field.type === 'words') {
    return (
      <View id={id} className='rule-field rule-field--words'>
        <Field label={field.label} hint={field.help} error={error}>
          <WordList name={id} words={(value as string[]) ?? []} onChange={set} />
        </Field>
      </View>
    )
  }
  return (
    <View id={id} className='rule-field'>
      <Field label={field.label} hint={field.help}>
        <NumberInput name={field.path} value={value as number | undefined} unit={field.unit} onChange={set} error={error} />
      </Field>
    </View>
  )
}

export function RiskRuleForm({ rules, onChange, errors }: Props) {
  return (
    <View className='rule-form'>
      {RISK_SECTIONS.map((section) => (
        <View key={section.key} className='card rule-section' id={`risk-section-${section.key}`}>
          <Text className='rule-section__title'>{section.title}</Text>
          {section.help && <Text className='faint'>{section.help}</Text>}
          {section.fields.map((f) => (
            <FieldEditor key={f.path} field={f} rules={rules} onChange={onChange} serverError={errors[f.path]} />
          ))}
          {section.editor === 'phrases' && <PhraseEditor rules={rules} onChange={onChange} errors={errors} />}
        </View>
      ))}
    </View>
  )
}
