// Adding or editing a mediator (admins): someone from 人员管理, or an external person with a mobile number
// (reached by SMS); the profile; declared relations (kept private, used only to exclude them from disputes
// of these people).
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  type AgeBand,
  DIALECTS,
  MEDIATOR_TYPE_LABELS,
  MEDIATOR_TYPES,
  type MediatorType,
  RELATION_KIND_LABELS,
  RELATION_KINDS,
  type RelationKind,
  SPECIALTIES,
} from '@jqtb/shared/src/mediators/constants'
import type { MediatorView } from '@jqtb/shared/src/mediators/dto'
import { TASK_CATEGORIES, type TaskCategory } from '@jqtb/shared/src/tasks/constants'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { FOCUSABLE } from '../../../components/a11y'
import { ActionButton } from '../../../components/action-button'
import { Chips, Field, MultiChips, TextArea, TextInput } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { ErrorState, Loading } from '../../../components/states'
import { TerritoryPicker } from '../../../components/territory-picker'
import { useAction } from '../../../hooks/useAction'
import { useLoad } from '../../../hooks/useLoad'
import { addMediator, getMediator, listOrgs, setRelations, updateMediator } from '../../../services/mediators'
import { listPeople } from '../../../services/people'
import { profileUrl } from '../parts'
import '../parts.scss'

interface Draft {
  type: MediatorType
  title: string
  orgIds: string[]
  domains: TaskCategory[]
  specialties: string[]
  dialects: string[]
  ageBand?: AgeBand
  years: string
  home: string
  loadCap: string
  intro: string
  publicCard: boolean
  active: boolean
}

interface RelationDraft {
  kind: RelationKind
  name: string
  phone: string
  note: string
  /** the number on file, masked (kept unless a new one is typed) */
  masked?: string
}

const draftOf = (m: MediatorView | null): Draft => ({
  type: m?.type ?? 'professional',
  title: m?.title ?? '',
  orgIds: m?.orgs.map((o) => o.id) ?? [],
  domains: m?.domains.map((d) => d.code) ?? [],
  specialties: m?.specialties ?? [],
  dialects: m?.dialects ?? [],
  ageBand: m?.ageBand,
  years: String(m?.years ?? 0),
  home: m?.home?.code ?? '',
  loadCap: m?.ownLoadCap ? String(m.ownLoadCap) : '',
  intro: m?.intro ?? '',
  publicCard: m?.publicCard ?? false,
  active: m?.active ?? true,
})

function profileOf(d: Draft) {
  return {
    type: d.type,
    title: d.title.trim(),
    orgIds: d.orgIds,
    domains: d.domains,
    specialties: d.specialties,
    dialects: d.dialects,
    ...(d.ageBand ? { ageBand: d.ageBand } : {}),
    years: Number(d.years) || 0,
    ...(d.home ? { home: d.home } : {}),
    ...(d.loadCap ? { loadCap: Number(d.loadCap) } : {}),
    ...(d.intro.trim() ? { intro: d.intro.trim() } : {}),
    publicCard: d.publicCard,
    active: d.active,
  }
}

function ProfileFields({ d, set }: { d: Draft; set: (p: Partial<Draft>) => void }) {
  const orgs = useLoad(() => listOrgs())
  return (
    <>
      <Field label='调解员类型' required hint='攻坚小组按类型配人'>
        <Chips options={MEDIATOR_TYPES.map((t) => ({ value: t, label: MEDIATOR_TYPE_LABELS[t] }))} value={d.type} onChange={(type) => set({ type })} />
      </Field>
      <Field label='称谓'>
        <TextInput value={d.title} onChange={(title) => set({ title })} placeholder='例如：金牌调解员、退休教师' maxLength={40} />
      </Field>
      <Field label='所属调解组织'>
        <MultiChips
          options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          value={d.orgIds}
          onChange={(orgIds) => set({ orgIds })}
          label='调解组织'
        />
      </Field>
      <Field label='擅长的纠纷'>
        <MultiChips
          options={TASK_CATEGORIES.map((c) => ({ value: c.code, label: c.label }))}
          value={d.domains}
          onChange={(domains) => set({ domains })}
          label='纠纷领域'
        />
      </Field>
      <Field label='专长'>
        <MultiChips
          options={SPECIALTIES.map((s) => ({ value: s, label: s }))}
          value={d.specialties}
          onChange={(specialties) => set({ specialties })}
          label='专长'
        />
      </Field>
      <Field label='乡音'>
        <MultiChips options={DIALECTS.map((s) => ({ value: s, label: s }))} value={d.dialects} onChange={(dialects) => set({ dialects })} label='乡音' />
      </Field>
      <Field label='年龄段'>
        <Chips options={AGE_BANDS.map((a) => ({ value: a, label: AGE_BAND_LABELS[a] }))} value={d.ageBand} onChange={(ageBand) => set({ ageBand })} />
      </Field>
      <Field label='从业年限（年）'>
        <TextInput type='number' value={d.years} onChange={(years) => set({ years })} maxLength={2} />
      </Field>
      <Field label='家庭住址所在村社/网格' hint='推荐时按与当事人的远近加分；“本村社干部”席位按此匹配'>
        <TerritoryPicker root='GT' value={d.home} onChange={(home) => set({ home })} />
      </Field>
      <Field label='同时在办上限' hint='不填按构成规则的默认值'>
        <TextInput type='number' value={d.loadCap} onChange={(loadCap) => set({ loadCap })} placeholder='默认' maxLength={2} />
      </Field>
      <Field label='简介（公开名片上显示）'>
        <TextArea value={d.intro} onChange={(intro) => set({ intro })} maxLength={200} />
      </Field>
      <Field label='公开名片' hint='须征得本人同意；公开名片不含电话、住址、年龄、关系'>
        <Chips
          options={[
            { value: 'yes', label: '同意公开' },
            { value: 'no', label: '不公开' },
          ]}
          value={d.publicCard ? 'yes' : 'no'}
          onChange={(v) => set({ publicCard: v === 'yes' })}
        />
      </Field>
      <Field label='状态'>
        <Chips
          options={[
            { value: 'on', label: '可安排' },
            { value: 'off', label: '停用（不再推荐）' },
          ]}
          value={d.active ? 'on' : 'off'}
          onChange={(v) => set({ active: v === 'on' })}
        />
      </Field>
    </>
  )
}

function Relations({ value, onChange }: { value: RelationDraft[]; onChange: (v: RelationDraft[]) => void }) {
  const patch = (i: number, p: Partial<RelationDraft>) => onChange(value.map((r, j) => (j === i ? { ...r, ...p } : r)))
  return (
    <View>
      {value.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own until saved
        <View key={i} className='candidate'>
          <Chips options={RELATION_KINDS.map((k) => ({ value: k, label: RELATION_KIND_LABELS[k] }))} value={r.kind} onChange={(kind) => patch(i, { kind })} />
          <TextInput value={r.name} onChange={(name) => patch(i, { name })} placeholder='关系人姓名或单位名称' maxLength={40} />
          <TextInput
            value={r.phone}
            onChange={(phone) => patch(i, { phone })}
            placeholder={r.masked ? `已存 ${r.masked}，输入新号码则替换` : '手机号（选填，只存摘要用于比对）'}
            maxLength={11}
          />
          <TextInput value={r.note} onChange={(note) => patch(i, { note })} placeholder='说明（选填），如：配偶、表兄' maxLength={40} />
          <ActionButton small onClick={() => onChange(value.filter((_, j) => j !== i))}>
            删除此条
          </ActionButton>
        </View>
      ))}
      <ActionButton small kind='ghost' onClick={() => onChange([...value, { kind: 'kin', name: '', phone: '', note: '' }])}>
        添加一条
      </ActionButton>
    </View>
  )
}

const relationsOf = (rs: RelationDraft[]) =>
  rs
    .filter((r) => r.name.trim())
    .map((r) => ({
      kind: r.kind,
      name: r.name.trim(),
      ...(r.phone.trim() ? { phone: r.phone.trim() } : {}),
      ...(r.note.trim() ? { note: r.note.trim() } : {}),
    }))

function Add() {
  const [kind, setKind] = useState<'staff' | 'external'>('staff')
  const [q, setQ] = useState('')
  const [person, setPerson] = useState<{ id: string; name: string } | null>(null)
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [d, setD] = useState(() => draftOf(null))
  const [relations, setRelationsDraft] = useState<RelationDraft[]>([])
  const people = useLoad(
    () => (kind === 'staff' && q.trim() ? listPeople({ q: q.trim(), status: 'active' }) : Promise.resolve({ items: [], nextCursor: null })),
    `${kind}:${q}`,
  )
  const save = useAction(
    () =>
      kind === 'staff'
        ? addMediator({ kind: 'staff', userId: person?.id ?? '', profile: profileOf(d) as never, relations: relationsOf(relations) as never })
        : addMediator({ kind: 'external', name: name.trim(), phone: phone.trim(), profile: profileOf(d) as never, relations: relationsOf(relations) as never }),
    { success: '已加入调解员库' },
  )
  const ready = kind === 'staff' ? !!person : name.trim() && /^1\d{10}$/.test(phone.trim())
  return (
    <View className='med-page'>
      <View className='card'>
        <Field label='添加谁' required>
          <Chips
            options={[
              { value: 'staff', label: '人员管理中的在册人员' },
              { value: 'external', label: '外部人员（短信联系）' },
            ]}
            value={kind}
            onChange={setKind}
          />
        </Field>
        {kind === 'staff' ? (
          <Field label='搜索人员' hint={person ? `已选：${person.name}` : '输入姓名后从结果中选择'}>
            <TextInput value={q} onChange={setQ} placeholder='姓名' />
            <View className='assignees'>
              {people.data?.items.map((p) => (
                <View
                  key={p.id}
                  className={`assignees__item${person?.id === p.id ? ' assignees__item--on' : ''}`}
                  role='radio'
                  aria-checked={person?.id === p.id ? 'true' : 'false'}
                  {...FOCUSABLE}
                  onClick={() => setPerson({ id: p.id, name: p.name })}
                >
                  <View className='assignees__check'>{person?.id === p.id ? '✓' : ''}</View>
                  <View className='assignees__who'>
                    <Text>{p.name}</Text>
                    <Text className='med-muted'>{[p.title, ...p.roleLabels].filter(Boolean).join(' · ')}</Text>
                  </View>
                </View>
              ))}
            </View>
          </Field>
        ) : (
          <>
            <Field label='姓名' required>
              <TextInput value={name} onChange={setName} maxLength={32} />
            </Field>
            <Field label='手机号' required hint='加密保存，只显示 138****5678；邀请以短信发送'>
              <TextInput type='number' value={phone} onChange={setPhone} maxLength={11} />
            </Field>
          </>
        )}
      </View>
      <View className='card'>
        <ProfileFields d={d} set={(p) => setD((cur) => ({ ...cur, ...p }))} />
      </View>
      <View className='card'>
        <Text className='med-title'>申报的利害关系（仅管理员可见）</Text>
        <Relations value={relations} onChange={setRelationsDraft} />
      </View>
      <View className='med-actions'>
        {save.error && <Text className='error-text'>{save.error}</Text>}
        <ActionButton
          kind='primary'
          busy={save.busy}
          disabled={!ready}
          onClick={() => void save.run().then((m) => m && Taro.redirectTo({ url: profileUrl(m.id) }))}
        >
          加入调解员库
        </ActionButton>
      </View>
    </View>
  )
}

function Edit({ id }: { id: string }) {
  const { data: m, error, loading, reload, setData } = useLoad(() => getMediator(id), id)
  if (!m && loading) return <Loading />
  if (!m) return <ErrorState message={error ?? '加载失败'} onRetry={() => void reload()} />
  return <EditForm key={m.rev} m={m} onSaved={setData} />
}

function EditForm({ m, onSaved }: { m: MediatorView; onSaved: (m: MediatorView) => void }) {
  const [d, setD] = useState(() => draftOf(m))
  const [relations, setRelationsDraft] = useState<RelationDraft[]>(() =>
    (m.relations ?? []).map((r) => ({ kind: r.kind, name: r.name, phone: '', note: r.note ?? '', masked: r.phoneMasked })),
  )
  const save = useAction(() => updateMediator(m.id, m.rev, profileOf(d) as never), { success: '已保存' })
  const saveRelations = useAction(() => setRelations(m.id, m.rev, relationsOf(relations) as never), { success: '已保存申报关系' })
  return (
    <View className='med-page'>
      <View className='card'>
        <Text className='med-title'>{`${m.name}（${m.kindLabel}）`}</Text>
        <ProfileFields d={d} set={(p) => setD((cur) => ({ ...cur, ...p }))} />
        {save.error && <Text className='error-text'>{save.error}</Text>}
        <ActionButton kind='primary' block busy={save.busy} onClick={() => void save.run().then((v) => v && onSaved(v))}>
          保存资料
        </ActionButton>
      </View>
      <View className='card'>
        <Text className='med-title'>申报的利害关系（仅管理员可见）</Text>
        <Text className='med-muted'>已存的号码只保留摘要（显示为 139****8801）；不填号码再次保存时沿用原号码。</Text>
        <Relations value={relations} onChange={setRelationsDraft} />
        {saveRelations.error && <Text className='error-text'>{saveRelations.error}</Text>}
        <ActionButton kind='primary' block busy={saveRelations.busy} onClick={() => void saveRelations.run().then((v) => v && onSaved(v))}>
          保存申报关系
        </ActionButton>
      </View>
    </View>
  )
}

export default function MediatorEditPage() {
  const { id } = useRouter().params
  return <PageShell>{id ? <Edit id={decodeURIComponent(id)} /> : <Add />}</PageShell>
}
