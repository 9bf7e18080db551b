import type { Role } from '@jqtb/shared/src/roles'
import type { SpecialtyTag } from '@jqtb/shared/src/tags'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { PageShell } from '../../../components/page-shell'
import { ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { useLoad } from '../../../hooks/useLoad'
import { getPerson, type PersonDetail, type PersonPatch, updatePerson } from '../../../services/people'
import { currentUser } from '../../../services/session'
import { goBackOr } from '../../../shell/navigation'
import { canManagePeople, draftProblem, PEOPLE_PAGES, type PersonDraft, PersonFields, StatusTag } from '../parts'
import { History, Identities, Status } from './sections'
import '../parts.scss'
import './index.scss'

const draftOf = (p: PersonDetail): PersonDraft => ({
  name: p.name,
  title: p.title,
  // the stored number is never sent to the app: an empty box keeps it, a typed one replaces it
  mobile: '',
  roles: p.roles,
  territory: p.territory.code,
  department: p.department?.code ?? '',
  tags: p.tags,
})

/** Only what the admin changed goes to the server (and into the history). */
function patchOf(p: PersonDetail, d: PersonDraft): PersonPatch {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))
  const out: PersonPatch = {}
  if (d.name.trim() !== p.name) out.name = d.name.trim()
  if (d.title.trim() !== p.title) out.title = d.title.trim()
  if (d.mobile.trim()) out.mobile = d.mobile.trim()
  if (!same(d.roles, p.roles)) out.roles = d.roles as Role[]
  if (d.territory !== p.territory.code) out.territory = d.territory
  if (d.department !== (p.department?.code ?? '')) out.department = d.department || null
  if (!same(d.tags, p.tags)) out.tags = d.tags as SpecialtyTag[]
  return out
}

function EditProfile({ person, onSaved }: { person: PersonDetail; onSaved: (p: PersonDetail) => void }) {
  const [d, setD] = useState(() => draftOf(person))
  const [formError, setFormError] = useState<string | null>(null)
  const patch = patchOf(person, d)
  const dirty = Object.keys(patch).length > 0
  const save = useAction(() => updatePerson(person.id, patch), { success: '已保存' })
  const submit = async () => {
    const problem = draftProblem(d)
    setFormError(problem)
    if (problem) return
    const saved = await save.run()
    if (saved) {
      onSaved(saved)
      setD(draftOf(saved))
    }
  }
  return (
    <View className='person__edit'>
      <PersonFields
        draft={d}
        onChange={(x) => setD((cur) => ({ ...cur, ...x }))}
        mobileHint={`现为 ${person.mobile ?? '未填写'}；留空不改，输入新号码则替换`}
      />
      <View className='card person__save'>
        {(formError || save.error) && <Text className='error-text'>{formError ?? save.error}</Text>}
        <View className='person__save-buttons'>
          <ActionButton disabled={!dirty || save.busy} onClick={() => setD(draftOf(person))}>
            撤销修改
          </ActionButton>
          <ActionButton kind='primary' busy={save.busy} disabled={!dirty} onClick={() => void submit()}>
            保存修改
          </ActionButton>
        </View>
      </View>
    </View>
  )
}

function Row({ label, children }: { label: string; children: string }) {
  return (
    <View className='people-row'>
      <Text className='muted'>{label}</Text>
      <Text className='people-row__value'>{children}</Text>
    </View>
  )
}

/** What the centre sees: the same facts, nothing to change. */
function ReadProfile({ person }: { person: PersonDetail }) {
  return (
    <View className='card'>
      <Row label='角色'>{person.roleLabels.join('、')}</Row>
      <Row label='属地'>{person.territory.name}</Row>
      <Row label='部门'>{person.department?.name ?? '—'}</Row>
      <Row label='专长'>{person.tags.join('、') || '—'}</Row>
      <Row label='手机号'>{person.mobile ?? '—'}</Row>
    </View>
  )
}

/** A person's page: who they are, what they may do where, their accounts, whether they may sign in, and every change. */
function Person({ id }: { id: string }) {
  const { data: person, error, loading, reload, setData } = useLoad(() => getPerson(id), id)
  const admin = canManagePeople()
  if (!person && loading) return <Loading />
  if (!person)
    return (
      <View>
        <ErrorState message={error ?? '找不到此人'} onRetry={() => void reload()} />
        <View className='people-actions'>
          <ActionButton onClick={() => goBackOr(PEOPLE_PAGES.list)}>返回人员名单</ActionButton>
        </View>
      </View>
    )
  const self = currentUser()?.id === person.id
  return (
    <View className='person'>
      <View className='card person__head'>
        <View className='avatar person__avatar'>{person.name.slice(-2)}</View>
        <View className='person__who'>
          <View className='person__name-line'>
            <Text className='person__name'>{person.name}</Text>
            <StatusTag active={person.active} />
            {self && <Text className='tag tag--blue'>我</Text>}
          </View>
          <Text className='muted'>{[person.title, ...person.roleLabels].filter(Boolean).join(' · ')}</Text>
          <Text className='faint'>{[person.territory.name, person.department?.name].filter(Boolean).join(' · ')}</Text>
        </View>
      </View>
      {!person.active && (
        <Text className='people-note'>
          {`已停用${person.departure?.reason ? `（${person.departure.reason}）` : ''}。此人不能登录，已发出的登录凭证也已失效。`}
        </Text>
      )}
      {admin && <Status person={person} self={self} onChanged={setData} />}
      <Identities person={person} admin={admin} self={self} onChanged={setData} />
      {admin ? <EditProfile key={person.updatedAt} person={person} onSaved={setData} /> : <ReadProfile person={person} />}
      <History entries={person.history} />
    </View>
  )
}

export default function PersonPage() {
  const { id } = useRouter().params
  return <PageShell>{id ? <Person id={decodeURIComponent(id)} /> : <ErrorState message='缺少人员编号' />}</PageShell>
}
