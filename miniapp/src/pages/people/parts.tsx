// Pieces the 人员管理 pages share: page paths, the territory picker over the tree, the person's fields form.
import { ROLE_LABELS, ROLES, type Role } from '@jqtb/shared/src/roles'
import { SPECIALTY_GROUPS } from '@jqtb/shared/src/tags'
import { Text, View } from '@tarojs/components'
import { Chips, Field, MultiChips, TextInput } from '../../components/form-fields'
import { useLoad } from '../../hooks/useLoad'
import { getDepartments, getTerritoryChildren } from '../../services/reference'
import { currentUser } from '../../services/session'
import './parts.scss'

export const PEOPLE_PAGES = {
  list: '/pages/people/index',
  person: '/pages/people/person/index',
  add: '/pages/people/add/index',
  newcomers: '/pages/people/newcomers/index',
} as const

export const personUrl = (id: string) => `${PEOPLE_PAGES.person}?id=${encodeURIComponent(id)}`

/** Roles that belong to a department (the server refuses them without one). */
export const DEPARTMENT_ROLES: readonly Role[] = ['dept_lead', 'dept_staff', 'dispatcher']

export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))

export const canManagePeople = () => currentUser()?.roles.includes('admin') ?? false

/** The street the signed-in admin works in: the root of the territory tree they pick from. */
export const streetOf = () => (currentUser()?.territory.code ?? 'GT').split('-')[0]

/** 在职 / 已停用 */
export function StatusTag({ active }: { active: boolean }) {
  return <Text className={`tag ${active ? 'tag--green' : 'tag--red'}`}>{active ? '在职' : '已停用'}</Text>
}

/**
 * 属地 over the tree: the whole street, a 村/社区, or one of its 网格. One level at a time
 * (GET /api/territories/:code/children), so a street of 600 micro-grids never loads at once.
 */
export function TerritoryField({ value, onChange }: { value: string; onChange: (code: string) => void }) {
  const root = streetOf()
  const communities = useLoad(() => getTerritoryChildren(root), root)
  const community = value && value !== root ? value.split('-').slice(0, 2).join('-') : ''
  const grids = useLoad(() => (community ? getTerritoryChildren(community) : Promise.resolve([])), community)
  if (communities.error) return <Text className='error-text'>{communities.error}</Text>
  if (!communities.data) return <Text className='faint'>加载中…</Text>
  const chosen =
    value === root
      ? '整个街道'
      : [communities.data.find((c) => c.code === community)?.name, grids.data?.find((g) => g.code === value)?.name].filter(Boolean).join(' · ')
  return (
    <View className='people-territory'>
      {value && <Text className='people-territory__chosen'>已选：{chosen || value}</Text>}
      <Chips
        options={[{ value: root, label: '整个街道' }, ...communities.data.map((c) => ({ value: c.code, label: c.name }))]}
        value={community || value}
        onChange={onChange}
      />
      {community && grids.data && grids.data.length > 0 && (
        <View className='territory-picker__grids'>
          <Text className='field__hint'>网格（不选则属地为整个村/社区）</Text>
          <Chips
            options={grids.data.map((g) => ({ value: g.code, label: g.name }))}
            value={value}
            onChange={(code) => onChange(code === value ? community : code)}
          />
        </View>
      )}
    </View>
  )
}

export interface PersonDraft {
  name: string
  title: string
  mobile: string
  roles: Role[]
  territory: string
  department: string
  tags: string[]
}

/** Why the draft cannot be sent yet, in words; null when it can. */
export function draftProblem(d: PersonDraft): string | null {
  if (!d.name.trim()) return '请填写姓名'
  if (d.roles.length === 0) return '请至少选择一个角色'
  if (!d.territory) return '请选择属地'
  const needing = d.roles.filter((r) => DEPARTMENT_ROLES.includes(r))
  if (needing.length > 0 && !d.department) return `${needing.map((r) => ROLE_LABELS[r]).join('、')}需要选择所属部门`
  if (d.mobile.trim() && !/^1\d{10}$/.test(d.mobile.trim())) return '手机号应为 11 位数字，以 1 开头'
  return null
}

/** Name, title, mobile, roles, territory, department and 专长: the add form and the person page. */
export function PersonFields({ draft, onChange, mobileHint }: { draft: PersonDraft; onChange: (patch: Partial<PersonDraft>) => void; mobileHint?: string }) {
  const departments = useLoad(getDepartments)
  const needsDepartment = draft.roles.some((r) => DEPARTMENT_ROLES.includes(r))
  return (
    <>
      <View className='card'>
        <Field label='姓名' required>
          <TextInput name='person-name' value={draft.name} onChange={(name) => onChange({ name })} maxLength={32} placeholder='与钉钉通讯录一致' />
        </Field>
        <Field label='职务'>
          <TextInput name='person-title' value={draft.title} onChange={(title) => onChange({ title })} maxLength={40} placeholder='如：专职网格员' />
        </Field>
        <Field label='手机号' hint={mobileHint ?? '选填；只向管理员显示打码后的号码，通讯录同步会自动更新'}>
          <TextInput
            name='person-mobile'
            type='number'
            value={draft.mobile}
            onChange={(mobile) => onChange({ mobile })}
            maxLength={11}
            placeholder='11 位手机号'
          />
        </Field>
      </View>
      <View className='card'>
        <Field label='角色' required hint='可多选：角色决定能做什么，属地决定在哪里做'>
          <MultiChips<Role> label='角色' options={ROLE_OPTIONS} value={draft.roles} onChange={(roles) => onChange({ roles })} />
        </Field>
        <Field label='属地' required>
          <TerritoryField value={draft.territory} onChange={(territory) => onChange({ territory })} />
        </Field>
        <Field label='部门' required={needsDepartment} hint={needsDepartment ? '部门负责人、部门工作人员和调度员必须属于一个部门' : '选填'}>
          {departments.data ? (
            <Chips
              options={[...(needsDepartment ? [] : [{ value: '', label: '无' }]), ...departments.data.map((x) => ({ value: x.code, label: x.name }))]}
              value={draft.department}
              onChange={(department) => onChange({ department })}
            />
          ) : (
            <Text className='faint'>{departments.error ?? '加载中…'}</Text>
          )}
        </Field>
      </View>
      <View className='card'>
        <Field label='专长' hint='发布到指定专长的工单时，具备其中任一项的人可以认领'>
          {SPECIALTY_GROUPS.map((g) => {
            const mine = (t: string) => (g.tags as readonly string[]).includes(t)
            return (
              <View key={g.label} className='people-tags__group'>
                <Text className='people-tags__label'>{g.label}</Text>
                <MultiChips
                  label={g.label}
                  options={g.tags.map((t) => ({ value: t as string, label: t }))}
                  value={draft.tags.filter(mine)}
                  onChange={(picked) => onChange({ tags: [...draft.tags.filter((t) => !mine(t)), ...picked] })}
                />
              </View>
            )
          })}
        </Field>
      </View>
    </>
  )
}
