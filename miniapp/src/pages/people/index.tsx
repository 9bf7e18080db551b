import type { Role } from '@jqtb/shared/src/roles'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { FilterBar } from '../../components/filter-bar'
import { PageShell } from '../../components/page-shell'
import { EmptyState, ErrorState, Loading } from '../../components/states'
import { usePagedList } from '../../hooks/usePagedList'
import { listPeople, type PeopleFilters, type PersonRow } from '../../services/people'
import { canManagePeople, PEOPLE_PAGES, personUrl, ROLE_OPTIONS, StatusTag } from './parts'
import './index.scss'
import { FOCUSABLE } from '../../components/a11y'

const STATUS = [
  { value: 'active', label: '在职' },
  { value: 'inactive', label: '已停用' },
  { value: 'all', label: '全部' },
] as const

function PersonCard({ p }: { p: PersonRow }) {
  return (
    <View
      className={`card people-card${p.active ? '' : ' people-card--off'}`}
      role='link'
      {...FOCUSABLE}
      onClick={() => void Taro.navigateTo({ url: personUrl(p.id) })}
    >
      <View className='people-card__head'>
        <Text className='people-card__name'>{p.name}</Text>
        <StatusTag active={p.active} />
      </View>
      <Text className='muted'>{[p.title, ...p.roleLabels].filter(Boolean).join(' · ')}</Text>
      <Text className='faint'>{[p.territory.name, p.department?.name].filter(Boolean).join(' · ')}</Text>
      <View className='people-card__meta'>
        {p.identities.map((i) => (
          <Text key={i.provider} className='tag tag--blue'>
            {i.platform}
          </Text>
        ))}
        {p.identities.length === 0 && <Text className='tag tag--amber'>未关联账号</Text>}
        {p.tags.slice(0, 4).map((t) => (
          <Text key={t} className='tag'>
            {t}
          </Text>
        ))}
      </View>
    </View>
  )
}

/** 人员管理: everyone in the organisation, searchable by name and filtered by status and role. */
function People() {
  const admin = canManagePeople()
  const [filters, setFilters] = useState<PeopleFilters>({ status: 'active', role: '' })
  // reloads on coming back from a person's page: their change shows here
  const { items, nextCursor, loading, loadingMore, error, refresh, loadMore } = usePagedList((c) => listPeople(filters, c), JSON.stringify(filters))

  return (
    <View className='people'>
      <FilterBar
        title='人员管理'
        subtitle={admin ? '添加、调整角色与属地、停用' : '只读'}
        options={[...STATUS]}
        value={filters.status ?? 'active'}
        onChange={(status) => setFilters((f) => ({ ...f, status: status as PeopleFilters['status'] }))}
        onSearch={(text) => setFilters((f) => ({ ...f, q: text || undefined }))}
        search={filters.q ?? ''}
        searchPlaceholder='搜索姓名'
        extra={{
          options: [{ value: '', label: '全部角色' }, ...ROLE_OPTIONS],
          value: filters.role ?? '',
          onChange: (role) => setFilters((f) => ({ ...f, role: role as Role | '' })),
        }}
      />
      {admin && (
        <View className='people-actions'>
          <ActionButton kind='primary' onClick={() => void Taro.navigateTo({ url: PEOPLE_PAGES.add })}>
            添加人员
          </ActionButton>
          <ActionButton kind='ghost' onClick={() => void Taro.navigateTo({ url: PEOPLE_PAGES.newcomers })}>
            通讯录新成员
          </ActionButton>
        </View>
      )}
      {loading && items.length === 0 ? (
        <Loading />
      ) : error && items.length === 0 ? (
        <ErrorState message={error} onRetry={() => void refresh()} />
      ) : items.length === 0 ? (
        <EmptyState title='没有符合条件的人员' hint={filters.q ? '换个姓名或清空搜索试试' : undefined} />
      ) : (
        <View className='people__list'>
          {items.map((p) => (
            <PersonCard key={p.id} p={p} />
          ))}
          {nextCursor && (
            <View className='people__more'>
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

export default function PeoplePage() {
  return (
    <PageShell>
      <People />
    </PageShell>
  )
}
