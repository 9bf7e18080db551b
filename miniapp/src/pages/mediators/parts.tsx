// Pieces the 多元化解队伍 pages share: a candidate with its reasons, a member's line, a record line.
import type { CandidateView, MediatorStatsView, TeamMemberView } from '@jqtb/shared/src/mediators/dto'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { AS_BUTTON, FOCUSABLE } from '../../components/a11y'
import { MEDIATOR_PAGES } from '../../services/mediators'
import { currentUser } from '../../services/session'
import './parts.scss'

export const profileUrl = (id: string) => `${MEDIATOR_PAGES.profile}?id=${encodeURIComponent(id)}`
export const teamUrl = (taskId: string) => `${MEDIATOR_PAGES.team}?task=${encodeURIComponent(taskId)}`
export const go = (url: string) => void Taro.navigateTo({ url })

export const isAdmin = () => !!currentUser()?.roles.includes('admin')
export const canBrowsePool = () => !!currentUser()?.roles.some((r) => r === 'admin' || r === 'dispatcher' || r === 'dept_lead')

export const uuid = () =>
  'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16)
  })

/** 「完成 12 件 · 成功率 83% · 评价 4.6」 */
export function statsLine(s: Pick<MediatorStatsView, 'done' | 'successRate' | 'averageRating'>): string {
  if (!s.done) return '尚无调解记录'
  return [`完成 ${s.done} 件`, s.successRate !== null ? `成功率 ${s.successRate}%` : '', s.averageRating !== null ? `评价 ${s.averageRating} 分` : '']
    .filter(Boolean)
    .join(' · ')
}

/** One person the engine proposes (or offers, or excluded), with every reason a tap away. */
export function CandidateRow({ c, chosen, onChoose, label }: { c: CandidateView; chosen?: boolean; onChoose?: () => void; label?: string }) {
  const [open, setOpen] = useState(false)
  const excluded = !!c.excludedBecause?.length
  return (
    <View className={`candidate${chosen ? ' candidate--chosen' : ''}${excluded ? ' candidate--excluded' : ''}`}>
      <View
        className='candidate__main'
        onClick={() => setOpen((o) => !o)}
        role='button'
        {...FOCUSABLE}
        aria-expanded={open ? 'true' : 'false'}
        aria-label={`${c.name}，查看理由`}
      >
        <View className='candidate__who'>
          <Text className='candidate__name'>{c.name}</Text>
          <Text className='candidate__type'>{c.typeLabel}</Text>
          {!excluded && <Text className='candidate__score'>{c.score} 分</Text>}
        </View>
        {excluded ? (
          c.excludedBecause?.map((r) => (
            <Text key={r} className='candidate__why candidate__why--excluded'>
              {r}
            </Text>
          ))
        ) : (
          <Text className='candidate__why'>{c.summary || '无特别加分项'}</Text>
        )}
      </View>
      {open && !excluded && (
        <View className='candidate__reasons'>
          {c.reasons.map((r) => (
            <View key={r.label} className='candidate__reason'>
              <Text>{r.label}</Text>
              <Text className={r.points < 0 ? 'candidate__minus' : 'candidate__plus'}>{r.points > 0 ? `+${r.points}` : r.points}</Text>
            </View>
          ))}
        </View>
      )}
      {onChoose && !excluded && (
        <View className='candidate__choose btn btn--small btn--ghost' role='button' {...FOCUSABLE} onClick={onChoose}>
          <Text>{label ?? '换成此人'}</Text>
        </View>
      )}
    </View>
  )
}

const STATUS_TAG: Record<string, string> = { invited: 'tag--amber', accepted: 'tag--green', declined: 'tag--red', left: 'tag--red', replaced: '', removed: '' }

export function MemberRow({ m, children }: { m: TeamMemberView; children?: React.ReactNode }) {
  return (
    <View className={`member${m.status === 'replaced' || m.status === 'removed' ? ' member--gone' : ''}`}>
      <View className='member__head'>
        <Text className='member__name'>{m.name}</Text>
        <Text className={`tag ${STATUS_TAG[m.status] ?? ''}`}>{m.statusLabel}</Text>
        {m.holdsSeat && <Text className='tag tag--blue'>已承办</Text>}
      </View>
      <Text className='member__slot'>
        {m.slotLabel} · {m.channelLabel}
        {m.delivery ? ` · ${m.delivery}` : ''}
      </Text>
      {m.summary && <Text className='member__why'>推荐理由：{m.summary}</Text>}
      {m.reason && <Text className='member__reason'>原因：{m.reason}</Text>}
      {m.replacedBy && <Text className='member__why'>由{m.replacedBy}替补</Text>}
      {children}
    </View>
  )
}

export function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <View className='med-row'>
      <Text className='med-row__label'>{label}</Text>
      <View className='med-row__value'>{children}</View>
    </View>
  )
}

export { AS_BUTTON }
