// The rule set as a form in Chinese: sections and fields come from shared (RULE_SECTIONS), every value is
// checked as it is typed with the same messages the server uses.
import { checkRuleValue, getRulePath, RULE_SECTIONS, type RuleField, setRulePath } from '@jqtb/shared/src/points/form'
import type { RuleSet } from '@jqtb/shared/src/points/rules'
import { TASK_CATEGORIES, TASK_TIER_LABELS, TASK_TIERS, type TaskCategory } from '@jqtb/shared/src/tasks/constants'
import { Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { AS_BUTTON } from '../../components/a11y'
import { Chips, Field, TextInput } from '../../components/form-fields'

interface Props {
  rules: RuleSet
  onChange: (next: RuleSet) => void
  /** messages by dot path (from the server, or the whole-set checks) */
  errors: Record<string, string>
}

const YES_NO = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
] as const
const CAP = [
  { value: 'cap', label: '设上限' },
  { value: 'none', label: '不封顶' },
] as const

/** A number typed as text: kept as typed while it is being edited, parsed into the rule set at once. */
function NumberField({ field, value, onChange, error }: { field: RuleField; value: number; onChange: (v: number) => void; error?: string }) {
  const [text, setText] = useState<string | null>(null)
  const shown = text ?? (Number.isFinite(value) ? String(value) : '')
  return (
    <View className='rule-input'>
      <TextInput
        name={field.path}
        label={field.label}
        type='digit'
        value={shown}
        maxLength={8}
        onChange={(t) => {
          setText(t)
          onChange(t.trim() === '' ? Number.NaN : Number(t))
        }}
      />
      {field.unit && <Text className='rule-input__unit'>{field.unit}</Text>}
      {error && <Text className='error-text rule-input__error'>{error}</Text>}
    </View>
  )
}

function FieldEditor({ field, rules, onChange, serverError }: { field: RuleField; rules: RuleSet; onChange: (r: RuleSet) => void; serverError?: string }) {
  const value = getRulePath(rules, field.path)
  const set = (v: unknown) => onChange(setRulePath(rules, field.path, v))
  const error = checkRuleValue(field, value) ?? serverError ?? null
  const id = `rule-${field.path.replace(/\./g, '-')}`
  if (field.type === 'boolean') {
    return (
      <View id={id} className='rule-field'>
        <Field label={field.label} hint={field.help}>
          <Chips options={YES_NO} value={value ? 'yes' : 'no'} onChange={(v) => set(v === 'yes')} />
        </Field>
      </View>
    )
  }
  if (field.type === 'choice') {
    return (
      <View id={id} className='rule-field'>
        <Field label={field.label} hint={field.help} error={error}>
          <Chips options={field.options ?? []} value={value as string} onChange={set} />
        </Field>
      </View>
    )
  }
  const capped = value !== null
  return (
    <View id={id} className='rule-field'>
      <Field label={field.label} hint={field.help}>
        {field.type === 'nullableNumber' && (
          <Chips options={CAP} value={capped ? 'cap' : 'none'} onChange={(v) => set(v === 'cap' ? (field.path === 'caps.periodBonus' ? 10 : 5) : null)} />
        )}
        {capped && <NumberField field={field} value={value as number} onChange={set} error={error ?? undefined} />}
      </Field>
    </View>
  )
}

/** 按类别调整: categories that pay differently from the tier table. */
function CategoryOverrides({ rules, onChange, errors }: Props) {
  const overrides = rules.base.byCategory
  const used = Object.keys(overrides) as TaskCategory[]
  const free = TASK_CATEGORIES.filter((c) => !used.includes(c.code))
  const setOverrides = (next: RuleSet['base']['byCategory']) => onChange({ ...rules, base: { ...rules.base, byCategory: next } })
  return (
    <View className='card rule-section'>
      <Text className='rule-section__title'>按纠纷类型调整基础分</Text>
      <Text className='faint'>这些类型不按上面的通用标准计分</Text>
      {used.map((code) => {
        const label = TASK_CATEGORIES.find((c) => c.code === code)?.label ?? code
        return (
          <View key={code} className='rule-category'>
            <View className='rule-category__head'>
              <Text>{label}</Text>
              <Text
                className='rule-category__remove'
                {...AS_BUTTON}
                onClick={() => {
                  const { [code]: _removed, ...rest } = overrides
                  setOverrides(rest)
                }}
              >
                删除
              </Text>
            </View>
            <View className='rule-category__tiers'>
              {TASK_TIERS.map((t) => {
                const path = `base.byCategory.${code}.${t}`
                const field: RuleField = { path, label: `${label}（${TASK_TIER_LABELS[t]}）`, type: 'number', unit: '分', min: 0, max: 100, step: 0.5 }
                const value = overrides[code]?.[t] as number
                return (
                  <View key={t} className='rule-category__tier'>
                    <Text className='faint'>{TASK_TIER_LABELS[t]}</Text>
                    <NumberField
                      field={field}
                      value={value}
                      onChange={(v) => onChange(setRulePath(rules, path, v))}
                      error={checkRuleValue(field, value) ?? errors[path]}
                    />
                  </View>
                )
              })}
            </View>
          </View>
        )
      })}
      {free.length > 0 && (
        <Picker
          mode='selector'
          range={free.map((c) => c.label)}
          onChange={(e) => {
            const c = free[Number(e.detail.value)]
            setOverrides({ ...overrides, [c.code]: { ...rules.base.byTier } })
          }}
        >
          <View className='points-link rule-category__add'>＋ 添加纠纷类型</View>
        </Picker>
      )}
    </View>
  )
}

export function RuleForm({ rules, onChange, errors }: Props) {
  return (
    <View className='rule-form'>
      {RULE_SECTIONS.map((section) => (
        <View key={section.key} className='card rule-section'>
          <Text className='rule-section__title'>{section.title}</Text>
          {section.help && <Text className='faint'>{section.help}</Text>}
          {section.fields.map((f) => (
            <FieldEditor key={f.path} field={f} rules={rules} onChange={onChange} serverError={errors[f.path]} />
          ))}
          {section.key === 'quality' && errors['quality.multipliers.4'] === '评分越高，系数不能越低' && (
            <Text className='error-text'>评分越高，系数不能越低</Text>
          )}
        </View>
      ))}
      <CategoryOverrides rules={rules} onChange={onChange} errors={errors} />
    </View>
  )
}
