// 颜色与认领方式: which claim modes a task of each colour may be published with (task settings, saved at once).
import { CLAIM_MODE_LABELS, CLAIM_MODES, type ClaimMode, RISK_COLOURS, RISK_LABELS, type RiskColour } from '@jqtb/shared/src/tasks/constants'
import type { TaskSettingsView } from '@jqtb/shared/src/tasks/settings'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { Field, MultiChips } from '../../../components/form-fields'
import { useAction } from '../../../hooks/useAction'
import { saveTaskSettings } from '../../../services/risk'

const OPTIONS = CLAIM_MODES.map((m) => ({ value: m, label: CLAIM_MODE_LABELS[m] }))

export function ClaimModesCard({ view, onSaved }: { view: TaskSettingsView; onSaved: (v: TaskSettingsView) => void }) {
  const [modes, setModes] = useState(view.settings.claimModesByRisk)
  const changed = JSON.stringify(modes) !== JSON.stringify(view.settings.claimModesByRisk)
  const save = useAction(
    async () => {
      const next = await saveTaskSettings(view.version, { ...view.settings, claimModesByRisk: modes }, '调整按预警颜色的认领方式')
      onSaved(next)
      return next
    },
    { success: '已保存，立即生效' },
  )
  const set = (c: RiskColour, v: ClaimMode[]) => setModes({ ...modes, [c]: v })
  return (
    <View className='card rule-section' id='claim-modes'>
      <Text className='rule-section__title'>按预警颜色限制认领方式</Text>
      <Text className='faint'>不勾选的方式不能用于发布该颜色的工单；已发布的工单变色后若方式不允许，会移出揭榜大厅，等待指派。负责人始终可以直接指派。</Text>
      {RISK_COLOURS.map((c) => (
        <Field key={c} label={`${RISK_LABELS[c]}工单`} error={modes[c].length === 0 ? '至少保留一种认领方式' : null}>
          <MultiChips label={`${RISK_LABELS[c]}工单的认领方式`} options={OPTIONS} value={modes[c]} onChange={(v) => set(c, v)} />
        </Field>
      ))}
      {save.error && <Text className='error-text'>{save.error}</Text>}
      <ActionButton kind='ghost' disabled={!changed || RISK_COLOURS.some((c) => modes[c].length === 0)} busy={save.busy} onClick={() => void save.run()}>
        保存认领方式（立即生效）
      </ActionButton>
    </View>
  )
}
