import { TASK_CATEGORIES, type TaskCategory } from '@jqtb/shared/src/tasks/constants'
import { Picker, Text, View } from '@tarojs/components'

const LABELS = TASK_CATEGORIES.map((c) => c.label)

/** 纠纷类型 from the shared taxonomy. */
export function CategoryPicker({ value, onChange }: { value: TaskCategory | ''; onChange: (v: TaskCategory) => void }) {
  const index = TASK_CATEGORIES.findIndex((c) => c.code === value)
  return (
    <Picker mode='selector' range={LABELS} value={Math.max(0, index)} onChange={(e) => onChange(TASK_CATEGORIES[Number(e.detail.value)].code)}>
      <View className='field__input picker-value'>
        <Text className={index >= 0 ? '' : 'picker-value__placeholder'}>{index >= 0 ? LABELS[index] : '请选择纠纷类型'}</Text>
        <Text className='faint'>›</Text>
      </View>
    </Picker>
  )
}
