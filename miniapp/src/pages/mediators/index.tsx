// 调解员库: the mediator pool (search by name, filter by kind) and the mediation organisations; admins add both.
import {
  INDUSTRIES,
  INDUSTRY_LABELS,
  type Industry,
  MEDIATOR_TYPE_LABELS,
  MEDIATOR_TYPES,
  ORG_KIND_LABELS,
  ORG_KINDS,
  type OrgKind,
} from '@jqtb/shared/src/mediators/constants'
import type { MediatorListItem, OrgView } from '@jqtb/shared/src/mediators/dto'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { AS_BUTTON, FOCUSABLE } from '../../components/a11y'
import { ActionButton } from '../../components/action-button'
import { FilterBar } from '../../components/filter-bar'
import { Chips, Field, TextArea, TextInput } from '../../components/form-fields'
import { PageShell } from '../../components/page-shell'
import { Sheet } from '../../components/sheet'
import { EmptyState, ErrorState, Loading } from '../../components/states'
import { TerritoryPicker } from '../../components/territory-picker'
import { useAction } from '../../hooks/useAction'
import { useLoad } from '../../hooks/useLoad'
import { usePagedList } from '../../hooks/usePagedList'
import { createOrg, listMediators, listOrgs, MEDIATOR_PAGES, type PoolFilters, updateOrg } from '../../services/mediators'
import { formatDateTime } from '../../utils/time'
import { go, isAdmin, profileUrl, statsLine } from './parts'
import './parts.scss'
import './index.scss'

function MediatorCard({ m }: { m: MediatorListItem }) {
  return (
    <View className={`card pool-card${m.active ? '' : ' pool-card--off'}`} role='link' {...FOCUSABLE} onClick={() => go(profileUrl(m.id))}>
      <View className='pool-card__head'>
        <Text className='pool-card__name'>{m.name}</Text>
        <Text className='tag tag--blue'>{m.typeLabel}</Text>
        {m.kind === 'external' && <Text className='tag'>{m.kindLabel}</Text>}
        {m.onLeaveUntil && <Text className='tag tag--amber'>{`休假至 ${formatDateTime(m.onLeaveUntil)}`}</Text>}
      </View>
      <Text className='med-muted'>{[m.title, ...m.orgNames, m.homeName].filter(Boolean).join(' · ')}</Text>
      <Text>{`${statsLine(m)} · 在办 ${m.load}/${m.loadCap}`}</Text>
    </View>
  )
}

const POOL_STATUS = [
  { value: 'active', label: '在册' },
  { value: 'inactive', label: '已停用' },
  { value: 'all', label: '全部' },
]

function Mediators() {
  const [filters, setFilters] = useState<PoolFilters>({ status: 'active' })
  const { items, nextCursor, loading, loadingMore, error, refresh, loadMore } = usePagedList((c) => listMediators(filters, c), JSON.stringify(filters))
  return (
    <View>
      <FilterBar
        title='调解员'
        subtitle={isAdmin() ? '添加、修改资料与申报关系' : '只读'}
        options={[...POOL_STATUS]}
        value={filters.status ?? 'active'}
        onChange={(status) => setFilters((f) => ({ ...f, status: status as PoolFilters['status'] }))}
        onSearch={(text) => setFilters((f) => ({ ...f, q: text || undefined }))}
        search={filters.q ?? ''}
        searchPlaceholder='搜索姓名'
        extra={{
          options: [{ value: '', label: '全部类型' }, ...MEDIATOR_TYPES.map((t) => ({ value: t, label: MEDIATOR_TYPE_LABELS[t] }))],
          value: filters.type ?? '',
          onChange: (type) => setFilters((f) => ({ ...f, type: type || undefined })),
        }}
      />
      {isAdmin() && (
        <View className='med-actions'>
          <ActionButton kind='primary' onClick={() => go(MEDIATOR_PAGES.edit)}>
            添加调解员
          </ActionButton>
        </View>
      )}
      {loading && !items.length ? (
        <Loading />
      ) : error && !items.length ? (
        <ErrorState message={error} onRetry={() => void refresh()} />
      ) : !items.length ? (
        <EmptyState title='没有符合条件的调解员' />
      ) : (
        <View className='pool__list'>
          {items.map((m) => (
            <MediatorCard key={m.id} m={m} />
          ))}
          {nextCursor && (
            <View className='med-actions'>
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

interface OrgDraft {
  name: string
  kind: OrgKind
  industry?: Industry
  territory: string
  contactName: string
  contactPhone: string
  address: string
  intro: string
}

const emptyOrg: OrgDraft = { name: '', kind: 'committee', territory: 'GT', contactName: '', contactPhone: '', address: '', intro: '' }

function OrgSheet({ org, onClose, onSaved }: { org: OrgView | null; onClose: () => void; onSaved: () => void }) {
  const [d, setD] = useState<OrgDraft>(
    org
      ? {
          name: org.name,
          kind: org.kind,
          industry: org.industry,
          territory: org.territory.code,
          contactName: org.contactName,
          contactPhone: org.contactPhone,
          address: org.address ?? '',
          intro: org.intro ?? '',
        }
      : emptyOrg,
  )
  const body = {
    name: d.name.trim(),
    kind: d.kind,
    ...(d.kind === 'industry' && d.industry ? { industry: d.industry } : {}),
    territory: d.territory,
    contactName: d.contactName.trim(),
    contactPhone: d.contactPhone.trim(),
    ...(d.address.trim() ? { address: d.address.trim() } : {}),
    ...(d.intro.trim() ? { intro: d.intro.trim() } : {}),
    active: true,
  }
  const save = useAction(() => (org ? updateOrg(org.id, org.rev, body) : createOrg(body)), { success: '已保存' })
  return (
    <Sheet
      title={org ? `修改 ${org.name}` : '新增调解组织'}
      open
      onClose={onClose}
      footer={
        <ActionButton kind='primary' block busy={save.busy} onClick={() => void save.run().then((r) => r && onSaved())}>
          保存
        </ActionButton>
      }
    >
      <Field label='组织名称' required>
        <TextInput value={d.name} onChange={(name) => setD({ ...d, name })} maxLength={40} />
      </Field>
      <Field label='类型' required>
        <Chips options={ORG_KINDS.map((k) => ({ value: k, label: ORG_KIND_LABELS[k] }))} value={d.kind} onChange={(kind) => setD({ ...d, kind })} />
      </Field>
      {d.kind === 'industry' && (
        <Field label='行业' required>
          <Chips
            options={INDUSTRIES.map((i) => ({ value: i, label: INDUSTRY_LABELS[i] }))}
            value={d.industry}
            onChange={(industry) => setD({ ...d, industry })}
          />
        </Field>
      )}
      <Field label='服务区域' hint='不选村社则为全街道'>
        <TerritoryPicker root='GT' value={d.territory === 'GT' ? '' : d.territory} onChange={(territory) => setD({ ...d, territory: territory || 'GT' })} />
      </Field>
      <Field label='联系人' required>
        <TextInput value={d.contactName} onChange={(contactName) => setD({ ...d, contactName })} maxLength={20} />
      </Field>
      <Field label='联系电话' required hint='手机或 0574-12345678'>
        <TextInput value={d.contactPhone} onChange={(contactPhone) => setD({ ...d, contactPhone })} maxLength={20} />
      </Field>
      <Field label='地址'>
        <TextInput value={d.address} onChange={(address) => setD({ ...d, address })} maxLength={100} />
      </Field>
      <Field label='简介' error={save.error}>
        <TextArea value={d.intro} onChange={(intro) => setD({ ...d, intro })} maxLength={300} />
      </Field>
    </Sheet>
  )
}

function Orgs() {
  const { data, error, loading, reload } = useLoad(() => listOrgs())
  const [editing, setEditing] = useState<OrgView | 'new' | null>(null)
  const admin = isAdmin()
  if (!data && loading) return <Loading />
  if (!data) return <ErrorState message={error ?? '加载失败'} onRetry={() => void reload()} />
  return (
    <View>
      {admin && (
        <View className='med-actions'>
          <ActionButton kind='primary' onClick={() => setEditing('new')}>
            新增调解组织
          </ActionButton>
        </View>
      )}
      {!data.items.length && <EmptyState title='还没有调解组织' />}
      <View className='pool__list'>
        {data.items.map((o) => (
          <View key={o.id} className='card pool-card' {...(admin ? { role: 'button', ...FOCUSABLE } : {})} onClick={() => admin && setEditing(o)}>
            <View className='pool-card__head'>
              <Text className='pool-card__name'>{o.name}</Text>
              <Text className='tag'>{o.industryLabel ? `${o.kindLabel}·${o.industryLabel}` : o.kindLabel}</Text>
            </View>
            <Text className='med-muted'>{`${o.territory.name} · ${o.members} 名调解员`}</Text>
            <Text>{`联系人 ${o.contactName} · ${o.contactPhone}`}</Text>
          </View>
        ))}
      </View>
      {editing && (
        <OrgSheet
          org={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            void reload()
          }}
        />
      )}
    </View>
  )
}

function Pool() {
  const [tab, setTab] = useState<'mediators' | 'orgs'>('mediators')
  return (
    <View className='med-page pool'>
      <View className='card pool__tabs'>
        <Text className='med-title'>多元化解队伍</Text>
        <Chips
          options={[
            { value: 'mediators', label: '调解员' },
            { value: 'orgs', label: '调解组织' },
          ]}
          value={tab}
          onChange={setTab}
        />
        <Text className='slot__toggle' {...AS_BUTTON} onClick={() => go(MEDIATOR_PAGES.rules)}>
          攻坚小组构成规则 ›
        </Text>
      </View>
      {tab === 'mediators' ? <Mediators /> : <Orgs />}
    </View>
  )
}

export default function MediatorPoolPage() {
  return (
    <PageShell>
      <Pool />
    </PageShell>
  )
}
