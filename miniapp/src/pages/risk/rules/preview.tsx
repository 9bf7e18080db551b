// The last 90 days under the draft: how many cases of each colour, and which would change colour and why.
import type { RiskPreviewView } from '@jqtb/shared/src/risk/dto'
import { RISK_COLOURS, RISK_LABELS } from '@jqtb/shared/src/tasks/constants'
import { Text, View } from '@tarojs/components'
import { openTask } from '../../../shell/navigation'
import { ColourTag } from '../parts'

export function RiskPreviewCard({ preview }: { preview: RiskPreviewView }) {
  return (
    <View className='card rule-preview risk-preview' id='risk-preview'>
      <Text className='rule-section__title'>预览：按草稿重算近 {preview.days} 天</Text>
      <Text className='muted'>
        共 {preview.cases} 件案件。按草稿，{preview.changes.length === 0 ? '没有案件会改变颜色。' : `${preview.changes.length} 件案件会改变颜色：`}
      </Text>
      <View className='risk-preview__counts'>
        {RISK_COLOURS.map((c) => (
          <View key={c} className='risk-preview__count'>
            <Text className='muted'>{RISK_LABELS[c]}</Text>
            <Text className='risk-preview__figure'>
              {preview.before[c]} → {preview.after[c]}
            </Text>
          </View>
        ))}
      </View>
      {preview.changes.slice(0, 50).map((c) => (
        <View key={c.caseId} className='risk-preview__case' role='link' onClick={() => c.taskId && openTask(c.taskId)}>
          <View className='risk-preview__case-head'>
            <Text className='risk-preview__case-title'>
              {c.ref} {c.title}
            </Text>
            <View className='risk-preview__colours'>
              <ColourTag colour={c.from} />
              <Text>→</Text>
              <ColourTag colour={c.to} />
            </View>
          </View>
          <Text className='muted'>
            评分 {c.scoreBefore} → {c.scoreAfter}：{c.why}
          </Text>
          {c.gained.map((l) => (
            <Text key={`+${l}`} className='risk-preview__gained'>
              ＋ {l}
            </Text>
          ))}
          {c.lost.map((l) => (
            <Text key={`-${l}`} className='risk-preview__lost'>
              － {l}
            </Text>
          ))}
        </View>
      ))}
      {preview.changes.length > 50 && <Text className='faint'>…另有 {preview.changes.length - 50} 件</Text>}
    </View>
  )
}
