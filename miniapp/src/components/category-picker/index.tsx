import { TASK_CATEGORIES, type TaskCategory } from '@jqtb/shared/src/tasks/constants'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { FOCUSABLE } from '../a11y'
import { Chips } from '../form-fields'
import { Sheet } from '../sheet'

const OPTIONS = TASK_CATEGORIES.map((c) => ({ value: c.code, label: c.label }))

/** 纠纷类型 from the shared taxonomy: a field that opens all 15 types at once (one tap, also on PC). */
export function CategoryPicker({ value, onChange }: { value: TaskCategory | ''; onChange: (v: TaskCategory) => void }) {
  const [open, setOpen] = useState(false)
  const chosen = OPTIONS.find((o) => o.value === value)
  return (
    <>
      <View
        className='field__input picker-value'
        role='button'
        {...FOCUSABLE}
        aria-label={`纠纷类型：${chosen ? chosen.label : '请选择纠纷类型'}`}
        onClick={() => setOpen(true)}
      >
        <Text className={chosen ? '' : 'picker-value__placeholder'}>{chosen ? chosen.label : '请选择纠纷类型'}</Text>
        <Text className='faint' aria-hidden='true'>
          ›
        </Text>
      </View>
      <Sheet title='选择纠纷类型' open={open} onClose={() => setOpen(false)}>
        <View className='category-picker'>
          <Chips<TaskCategory>
            options={OPTIONS}
            value={value || null}
            onChange={(v) => {
              onChange(v)
              setOpen(false)
            }}
          />
        </View>
      </Sheet>
    </>
  )
}
