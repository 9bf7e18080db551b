import type { LeadView } from '@jqtb/shared/src/intake'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { AS_LINK, FOCUSABLE } from '../../components/a11y'
import { RISK_TAG } from '../../components/task-card'

/* Pieces the 研判 pages share. */

export const LEAD_PAGES = {
  inbox: '/pages/leads/index',
  lead: '/pages/leads/lead/index',
  routing: '/pages/leads/routing/index',
} as const

export const leadUrl = (id: string) => `${LEAD_PAGES.lead}?id=${encodeURIComponent(id)}`
export const RISK_WORD: Record<string, string> = { red: '红色', yellow: '黄色', green: '绿色' }

export function formatTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ')
}

export const percent = (c: number) => `${Math.round(c * 100)}%`

/** A lead in a list: what it is, where from (all channels), how often, how sure the suggestion is. */
export function LeadCard({ lead, selected, onToggle }: { lead: LeadView; selected?: boolean; onToggle?: () => void }) {
  return (
    <View className={`card lead-card${selected ? ' lead-card--selected' : ''}`}>
      <View className='lead-card__head'>
        <Text className={`tag ${RISK_TAG[lead.riskColour] ?? ''}`}>{RISK_WORD[lead.riskColour]}</Text>
        {lead.channels.map((c) => (
          <Text key={c.code} className='tag tag--blue'>
            {c.label.replace(/ .*/, '')}
          </Text>
        ))}
        {lead.repeatCount30 >= 2 && <Text className='tag tag--red'>30 天内第 {lead.repeatCount30} 次</Text>}
        {lead.police && <Text className='tag tag--amber'>涉警</Text>}
        {lead.state !== 'new' && <Text className='tag'>{lead.stateLabel}</Text>}
        {onToggle && (
          <View
            className={`lead-card__pick${selected ? ' lead-card__pick--on' : ''}`}
            role='checkbox'
            aria-checked={selected}
            {...FOCUSABLE}
            onClick={onToggle}
          >
            {selected ? '✓ 已选' : '选择'}
          </View>
        )}
      </View>
      <Text className='lead-card__title' {...AS_LINK} onClick={() => void Taro.navigateTo({ url: leadUrl(lead.id) })}>
        {lead.title}
      </Text>
      <View className='lead-card__meta'>
        <Text className='muted'>{lead.category.path}</Text>
        <Text className='muted'>{lead.micro?.name ?? '属地待确认'}</Text>
        <Text className='muted'>
          {lead.sourceCount} 条来件 · {formatTime(lead.firstAt)}
        </Text>
        <Text className={lead.confidence >= 0.8 ? 'muted' : 'amber-text'}>建议把握 {percent(lead.confidence)}</Text>
        {lead.taskNo && <Text className='muted'>工单 {lead.taskNo}</Text>}
      </View>
    </View>
  )
}
