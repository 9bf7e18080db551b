import type { Role } from '@jqtb/shared/src/roles'
import type { SpecialtyTag } from '@jqtb/shared/src/tags'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { Field, TextInput } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { useAction } from '../../../hooks/useAction'
import { addPerson, type Platform } from '../../../services/people'
import { goBackOr } from '../../../shell/navigation'
import { draftProblem, PEOPLE_PAGES, type PersonDraft, PersonFields, personUrl } from '../parts'
import '../parts.scss'
import { PageTitle } from '../../../components/page-title'

const decode = (v: string | undefined) => (v ? decodeURIComponent(v) : '')

/**
 * 添加人员: by hand, or from a newcomer of the address-book sync (`?provider=&externalId=&name=&title=`),
 * whose platform account is then fixed. The person can sign in as soon as this is saved.
 */
function AddForm() {
  const params = useRouter().params
  const fromSync = (params.provider === 'dingtalk' || params.provider === 'zhezhengding') && !!params.externalId
  const syncProvider = fromSync ? (params.provider as Platform) : null
  const [d, setD] = useState<PersonDraft>({
    name: decode(params.name),
    title: decode(params.title),
    mobile: '',
    roles: ['grid_worker'],
    territory: '',
    department: '',
    tags: [],
  })
  const [ids, setIds] = useState({
    dingtalk: syncProvider === 'dingtalk' ? decode(params.externalId) : '',
    zhezhengding: syncProvider === 'zhezhengding' ? decode(params.externalId) : '',
  })
  const [formError, setFormError] = useState<string | null>(null)
  const send = useAction(
    () =>
      addPerson({
        name: d.name.trim(),
        ...(d.title.trim() ? { title: d.title.trim() } : {}),
        ...(d.mobile.trim() ? { mobile: d.mobile.trim() } : {}),
        roles: d.roles as Role[],
        territory: d.territory,
        ...(d.department ? { department: d.department } : {}),
        tags: d.tags as SpecialtyTag[],
        identities: {
          ...(ids.dingtalk.trim() ? { dingtalk: ids.dingtalk.trim() } : {}),
          ...(ids.zhezhengding.trim() ? { zhezhengding: ids.zhezhengding.trim() } : {}),
        },
      }),
    { success: (p) => `已添加${p.name}` },
  )

  const problemNow = () =>
    draftProblem(d) ?? (!ids.dingtalk.trim() && !ids.zhezhengding.trim() ? '请至少填写钉钉 userid 或浙政钉 accountId 之一，否则此人无法登录' : null)
  // once a problem was shown, it follows the form: fixed → gone, the next one → shown
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-check only when the form changes
  useEffect(() => {
    if (formError) setFormError(problemNow())
  }, [d, ids])

  const submit = async () => {
    const problem = problemNow()
    setFormError(problem)
    if (problem) return
    const person = await send.run()
    if (person) void Taro.redirectTo({ url: personUrl(person.id) })
  }

  return (
    <View className='with-bottom-bar'>
      <PageTitle>添加人员</PageTitle>
      {fromSync && <Text className='restored-note'>来自通讯录同步：账号已填好，请确定角色、属地和部门</Text>}
      <PersonFields draft={d} onChange={(patch) => setD((x) => ({ ...x, ...patch }))} />
      <View className='card'>
        <Field label='钉钉 userid' hint={syncProvider === 'dingtalk' ? '来自钉钉通讯录' : '钉钉管理后台「通讯录 → 成员详情」中的 userid'}>
          {syncProvider === 'dingtalk' ? (
            <Text className='people-fixed'>{ids.dingtalk}</Text>
          ) : (
            <TextInput
              name='identity-dingtalk'
              value={ids.dingtalk}
              onChange={(dingtalk) => setIds((x) => ({ ...x, dingtalk }))}
              maxLength={64}
              placeholder='选填'
            />
          )}
        </Field>
        <Field label='浙政钉 accountId' hint={syncProvider === 'zhezhengding' ? '来自浙政钉通讯录' : '浙政钉通讯录中的数字账号 ID'}>
          {syncProvider === 'zhezhengding' ? (
            <Text className='people-fixed'>{ids.zhezhengding}</Text>
          ) : (
            <TextInput
              name='identity-zzd'
              type='number'
              value={ids.zhezhengding}
              onChange={(zhezhengding) => setIds((x) => ({ ...x, zhezhengding }))}
              maxLength={16}
              placeholder='选填'
            />
          )}
        </Field>
        {(formError || send.error) && <Text className='error-text'>{formError ?? send.error}</Text>}
      </View>
      <View className='bottom-bar'>
        <View className='bottom-bar__inner'>
          <ActionButton onClick={() => goBackOr(PEOPLE_PAGES.list)}>取消</ActionButton>
          <ActionButton kind='primary' busy={send.busy} onClick={() => void submit()}>
            保存并开通
          </ActionButton>
        </View>
      </View>
    </View>
  )
}

export default function AddPersonPage() {
  return (
    <PageShell>
      <AddForm />
    </PageShell>
  )
}
