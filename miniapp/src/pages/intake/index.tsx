import { CHANNELS, INTAKE_FLAG_LABELS, type IntakeFlag } from '@jqtb/shared/src/intake'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { FilterBar } from '../../components/filter-bar'
import { PageShell } from '../../components/page-shell'
import { EmptyState, ErrorState, Loading } from '../../components/states'
import { usePagedList } from '../../hooks/usePagedList'
import { canImportFiles, listRecords, type RecordFilters, type RecordRow } from '../../services/intake'
import { currentUser } from '../../services/session'
import { PAGES } from '../../shell/navigation'
import { CategoryLine, formatTime, INTAKE_PAGES, recordUrl, TerritoryLine } from './parts'
import './index.scss'

const CHANNEL_OPTIONS = [{ value: '', label: '全部渠道' }, ...CHANNELS.map((c) => ({ value: c.code, label: c.label.replace(/ .*/, '') }))] as const
const FLAG_OPTIONS = [
  { value: '', label: '全部' },
  ...(['address_unsure', 'address_none', 'category_guess', 'police'] as IntakeFlag[]).map((f) => ({ value: f, label: INTAKE_FLAG_LABELS[f] })),
] as const

function RecordCard({ r }: { r: RecordRow }) {
  return (
    <View className='card intake-card' role='link' onClick={() => void Taro.navigateTo({ url: recordUrl(r.key) })}>
      <View className='intake-card__head'>
        <Text className='tag tag--blue'>{r.channelLabel}</Text>
        <Text className='faint'>
          {r.sourceIdLabel} {r.sourceId}
        </Text>
        {r.version > 1 && <Text className='tag'>第 {r.version} 版</Text>}
      </View>
      <Text className='intake-card__title'>{r.title}</Text>
      <TerritoryLine t={r.territory} />
      <CategoryLine c={r.category} />
      <View className='intake-card__meta'>
        <Text className='faint'>{formatTime(r.reportedAt, r.dateOnly)}</Text>
        {r.parties.slice(0, 2).map((p) => (
          <Text key={`${p.role}-${p.name}`} className='faint'>
            {p.role} {p.name} {p.phone ?? ''}
          </Text>
        ))}
        {r.police && <Text className='tag tag--red'>涉警</Text>}
      </View>
    </View>
  )
}

/** 渠道归集: every record from every channel, cleaned, newest first — what needs a person's eye is marked. */
function Records() {
  const user = currentUser()!
  const [filters, setFilters] = useState<RecordFilters>({ channel: '', flag: '' })
  const { items, nextCursor, loading, loadingMore, error, refresh, loadMore } = usePagedList((c) => listRecords(filters, c), JSON.stringify(filters))
  const desk = user.roles.includes('dispatcher')
  return (
    <View className='intake'>
      <FilterBar
        title='渠道归集'
        subtitle='110 · 12345 · 浙里访 · 81890 · ODR · 劳动保障 · 信访 · 调解 · 窗口 · 网格'
        options={[...CHANNEL_OPTIONS]}
        value={filters.channel ?? ''}
        onChange={(channel) => setFilters((f) => ({ ...f, channel: channel as RecordFilters['channel'] }))}
        onSearch={(q) => setFilters((f) => ({ ...f, q: q || undefined }))}
        searchPlaceholder='搜索来源编号、标题或地址'
        extra={{
          options: [...FLAG_OPTIONS],
          value: filters.flag ?? '',
          onChange: (flag) => setFilters((f) => ({ ...f, flag: flag as RecordFilters['flag'] })),
        }}
      />
      <View className='intake-actions'>
        <ActionButton kind='primary' onClick={() => void Taro.navigateTo({ url: '/pages/leads/index' })}>
          研判（线索）
        </ActionButton>
        {desk && <ActionButton onClick={() => void Taro.navigateTo({ url: INTAKE_PAGES.window })}>窗口登记</ActionButton>}
        <ActionButton onClick={() => void Taro.navigateTo({ url: INTAKE_PAGES.import })}>{canImportFiles() ? '导入渠道文件' : '导入（请用电脑）'}</ActionButton>
      </View>
      {loading && items.length === 0 ? (
        <Loading />
      ) : error && items.length === 0 ? (
        <ErrorState message={error} onRetry={() => void refresh()} />
      ) : items.length === 0 ? (
        <EmptyState title='没有符合条件的记录' hint={filters.q || filters.channel || filters.flag ? '换个条件试试' : '渠道系统推送或导入后，记录会出现在这里'}>
          {(filters.q || filters.channel || filters.flag) && (
            <ActionButton small kind='ghost' onClick={() => setFilters({ channel: '', flag: '' })}>
              清除筛选
            </ActionButton>
          )}
        </EmptyState>
      ) : (
        <View>
          {items.map((r) => (
            <RecordCard key={r.key} r={r} />
          ))}
          {nextCursor && (
            <View className='intake-more'>
              <ActionButton small busy={loadingMore} onClick={() => void loadMore()}>
                加载更多
              </ActionButton>
            </View>
          )}
        </View>
      )}
    </View>
  )
}

export default function IntakePage() {
  return (
    <PageShell tab={PAGES.intake}>
      <Records />
    </PageShell>
  )
}
