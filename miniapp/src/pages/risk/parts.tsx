// Shared pieces of the risk pages: paths, the colour tag, a subject's card.
import type { WatchItemView } from '@jqtb/shared/src/risk/dto'
import { RISK_LABELS, type RiskColour } from '@jqtb/shared/src/tasks/constants'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { FOCUSABLE } from '../../components/a11y'
import { formatDateTime } from '../../utils/time'

export const RISK_PAGES = {
  watch: '/pages/risk/watch/index',
  subject: '/pages/risk/subject/index',
  rules: '/pages/risk/rules/index',
} as const

export const subjectUrl = (id: string) => `${RISK_PAGES.subject}?id=${encodeURIComponent(id)}`

const TAG: Record<RiskColour, string> = { red: 'tag--red', yellow: 'tag--amber', green: 'tag--green' }
export const ColourTag = ({ colour }: { colour: RiskColour }) => <Text className={`tag ${TAG[colour]}`}>{RISK_LABELS[colour]}</Text>

const TREND_ARROW: Record<WatchItemView['trend'], string> = { new: '', rising: '↑', steady: '→', falling: '↓' }

/** What the list shows of a person or an address: enough to decide whether to open it. */
export function SubjectSummary({ s, onOpen }: { s: WatchItemView; onOpen?: () => void }) {
  return (
    <View className={`card watch-card watch-card--${s.colour}`} {...(onOpen ? { role: 'link', ...FOCUSABLE } : {})} onClick={onOpen} data-subject-id={s.id}>
      <View className='watch-card__head'>
        <Text className='watch-card__name'>
          {s.label}
          {s.phone ? <Text className='muted'> {s.phone}</Text> : null}
        </Text>
        <ColourTag colour={s.colour} />
      </View>
      <View className='watch-card__tags'>
        <Text className='tag tag--blue'>{s.kindLabel}</Text>
        <Text className='tag'>
          评分 {s.score} {TREND_ARROW[s.trend]}
          {s.trendLabel}
        </Text>
        {s.manual && <Text className='tag'>人工列入</Text>}
        {s.reviewDue && <Text className='tag tag--amber'>待复核</Text>}
      </View>
      {s.why.map((w) => (
        <Text key={w} className='watch-card__why'>
          · {w}
        </Text>
      ))}
      <Text className='muted'>
        案件 {s.recent} 件（共 {s.total} 件）{s.channels.length ? ` · ${s.channels.join('、')}` : ''}
      </Text>
      <Text className='muted'>
        最近报警 {formatDateTime(s.lastAt)} · 最近联系 {s.lastContact ? `${formatDateTime(s.lastContact.at)} ${s.lastContact.by}${s.lastContact.what}` : '暂无'}
      </Text>
      <Text className='muted'>跟进责任人：{s.responsible ? `${s.responsible.name}${s.responsible.assigned ? '' : '（当前承办人）'}` : '未指定'}</Text>
    </View>
  )
}

export function openSubject(id: string) {
  void Taro.navigateTo({ url: subjectUrl(id) })
}
