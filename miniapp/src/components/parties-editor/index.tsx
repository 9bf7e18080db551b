import { Text, View } from '@tarojs/components'
import { ActionButton } from '../action-button'
import { TextInput } from '../form-fields'
import './index.scss'
import { AS_BUTTON } from '../a11y'

export interface PartyDraft {
  name: string
  role: string
  phone: string
}

export const BLANK_PARTY: PartyDraft = { name: '', role: '', phone: '' }

/** 当事人: name, role (申请人/被申请人 …) and phone; the phone is stored encrypted and shown masked. */
export function PartiesEditor({ value, onChange, max = 10 }: { value: PartyDraft[]; onChange: (v: PartyDraft[]) => void; max?: number }) {
  const patch = (i: number, p: Partial<PartyDraft>) => onChange(value.map((x, j) => (j === i ? { ...x, ...p } : x)))
  return (
    <View className='parties'>
      {value.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own until saved
        <View key={i} className='parties__row'>
          <View className='parties__head'>
            <Text className='muted'>当事人 {i + 1}</Text>
            <Text className='parties__remove' {...AS_BUTTON} onClick={() => onChange(value.filter((_, j) => j !== i))}>
              删除
            </Text>
          </View>
          <View className='parties__fields'>
            <TextInput name={`party-name-${i}`} value={p.name} onChange={(name) => patch(i, { name })} placeholder='姓名' maxLength={40} />
            <TextInput name={`party-role-${i}`} value={p.role} onChange={(role) => patch(i, { role })} placeholder='身份，如 申请人' maxLength={20} />
            <TextInput
              name={`party-phone-${i}`}
              type='number'
              value={p.phone}
              onChange={(phone) => patch(i, { phone })}
              placeholder='电话（选填）'
              maxLength={13}
            />
          </View>
        </View>
      ))}
      {value.length < max && (
        <ActionButton small kind='ghost' onClick={() => onChange([...value, BLANK_PARTY])}>
          + 添加当事人
        </ActionButton>
      )}
    </View>
  )
}

/** Rows with a name, as the API takes them (empty role/phone left out). */
export function partiesForApi(value: PartyDraft[]) {
  return value
    .filter((p) => p.name.trim())
    .map((p) => ({ name: p.name.trim(), ...(p.role.trim() ? { role: p.role.trim() } : {}), ...(p.phone.trim() ? { phone: p.phone.trim() } : {}) }))
}
