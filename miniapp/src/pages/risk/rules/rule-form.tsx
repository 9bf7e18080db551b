// The risk rule set as a form in Chinese (not JSON): sections and fields from shared (RISK_SECTIONS),
// word lists as removable chips, departments picked by name, the phrase list as rows. Every value is
// checked as it is typed with the server's own words.

import { getRulePath, setRulePath } from '@jqtb/shared/src/points/form'
import { checkRiskValue, RISK_SECTIONS, type RiskField } from '@jqtb/shared/src/risk/form'
import type { RiskRuleSet } from '@jqtb/shared/src/risk/rules'
import { Picker, Text, View } from '@tarojs/components'
import { Field } from '../../../components/form-fields'
import { useLoad } from '../../../hooks/useLoad'
import { getDepartments } from '../../../services/reference'
import { NumberInput, WordList } from './inputs'
import { PhraseEditor } from './phrases'

interface Props {
  rules: RiskRuleSet
  onChange: (next: RiskRuleSet) => void
  errors: Record<string, string>
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
