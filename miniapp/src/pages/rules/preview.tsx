// What last period would have looked like under the draft: who gains, who loses.
import { BOARD_KIND_LABELS } from '@jqtb/shared/src/points/constants'
import type { RulePreviewView } from '@jqtb/shared/src/points/dto'
import { Text, View } from '@tarojs/components'
import { Delta } from '../points/parts'

export function PreviewCard({ preview }: { preview: RulePreviewView }) {
  const people = preview.rows.filter((r) => r.board === 'people')
  const others = preview.rows.filter((r) => r.board !== 'people')
  const reasons = preview.byReason.filter((r) => r.current !== r.draft)
  return (
    <View className='card rule-preview'>
      <Text className='rule-section__title'>预览：按草稿重算{preview.period.label}</Text>
      <Text className='muted'>
        共 {preview.tasks} 件工单、{preview.events} 个计分事件。按草稿计算，
        <Text className='rule-preview__up'>{preview.gainers} 人得分增加</Text>，<Text className='rule-preview__down'>{preview.losers} 人得分减少</Text>。
      </Text>
      {preview.rows.length === 0 && <Text className='faint'>上一考核期的得分不受这些修改影响。</Text>}
      {people.length > 0 && <Text className='rule-preview__group'>个人</Text>}
      {people.map((r) => (
        <View key={`${r.board}:${r.id}`} className='rule-preview__row'>
          <Text className='rule-preview__name'>{r.name}</Text>
          <Text className='faint'>
            {r.current} → {r.draft}
          </Text>
          <Delta value={r.diff} />
        </View>
      ))}
      {others.length > 0 && <Text className='rule-preview__group'>网格、社区、部门</Text>}
      {others.slice(0, 20).map((r) => (
        <View key={`${r.board}:${r.id}`} className='rule-preview__row'>
          <Text className='rule-preview__name'>
            {r.name}
            <Text className='faint'>（{BOARD_KIND_LABELS[r.board]}）</Text>
          </Text>
          <Text className='faint'>
            {r.current} → {r.draft}
          </Text>
          <Delta value={r.diff} />
        </View>
      ))}
      {reasons.length > 0 && (
        <>
          <Text className='rule-preview__group'>有变化的计分项合计（现行 → 草稿）</Text>
          {reasons.map((r) => (
            <View key={r.code} className='rule-preview__row'>
              <Text className='rule-preview__name'>{r.label}</Text>
              <Text className='faint'>
                {r.current} → {r.draft}
              </Text>
              <Delta value={Math.round((r.draft - r.current) * 10) / 10} />
            </View>
          ))}
        </>
      )}
    </View>
  )
}
