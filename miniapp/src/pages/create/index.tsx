import { TASK_CATEGORIES, TASK_TIER_LABELS, TASK_TIERS, type TaskCategory, type TaskTier } from '@jqtb/shared/src/tasks/constants'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { Chips, Field, TextInput } from '../../components/form-fields'
import { PageShell } from '../../components/page-shell'
import { PageTitle } from '../../components/page-title'
import { PartiesEditor, type PartyDraft, partiesForApi } from '../../components/parties-editor'
import { type DisputeDraft, DisputeFields, disputeBody, disputeProblem, openSent } from '../../components/task-form'
import { TerritoryPicker } from '../../components/territory-picker'
import { useAction } from '../../hooks/useAction'
import { useDraft } from '../../hooks/useDraft'
import { useLoad } from '../../hooks/useLoad'
import { getDepartments } from '../../services/reference'
import { currentUser } from '../../services/session'
import { createTask } from '../../services/tasks'
import { PAGES } from '../../shell/navigation'

interface CreateDraft extends DisputeDraft {
  tier: TaskTier
  territory: string
  /** '' = keep it with the centre for now; otherwise routed at once */
  department: string
  departmentTouched: boolean
  parties: PartyDraft[]
  sourceRef: string
}

const BLANK: CreateDraft = {
  title: '',
  description: '',
  category: '',
  tier: 'general',
  territory: '',
  riskColour: 'green',
  department: '',
  departmentTouched: false,
  parties: [],
  sourceRef: '',
}

const TIERS = TASK_TIERS.map((t) => ({ value: t, label: TASK_TIER_LABELS[t] }))
const TIER_HINT: Record<TaskTier, string> = { simple: '村社层面，默认 1 天办结', general: '街道层面，默认 7 天办结', complex: '需上级协调，默认 20 天办结' }

/** 新建工单 (社治中心): the dispute, where, how hard, how risky, and which department signs for it. */
function CreateForm() {
  const user = currentUser()!
  const street = user.territory.code.split('-')[0]
  const [d, set, clear, restored, requestId] = useDraft<CreateDraft>('create-task', BLANK)
  const [formError, setFormError] = useState<string | null>(null)
  const departments = useLoad(getDepartments)
  const send = useAction(
    () =>
      createTask({
        ...disputeBody(d),
        tier: d.tier,
        territory: d.territory,
        parties: partiesForApi(d.parties),
        ...(d.department ? { department: d.department } : {}),
        ...(d.sourceRef.trim() ? { sourceRef: d.sourceRef.trim() } : {}),
        requestId: requestId(),
      }),
    { success: (res) => (res.task.department ? `已创建并分拨至${res.task.department.name}` : '工单已创建') },
  )

  const pickCategory = (category: TaskCategory) => {
    // the taxonomy names a default department; the dispatcher's own choice wins once made
    const suggested = TASK_CATEGORIES.find((c) => c.code === category)?.department ?? ''
    set(d.departmentTouched ? { category } : { category, department: suggested === 'SZZX' ? '' : suggested })
  }

  const submit = async () => {
    const missing = disputeProblem(d) ?? (d.territory ? null : '请选择属地')
    setFormError(missing)
    if (missing) return
    openSent(await send.run(), clear)
  }

  return (
    <View className='with-bottom-bar'>
      <PageTitle>新建工单</PageTitle>
      {restored && <Text className='restored-note'>已恢复上次未提交的内容</Text>}
      <View className='card'>
        <DisputeFields
          d={d}
          set={set}
          onCategory={pickCategory}
          placeholders={{ title: '如：新城社区3幢楼道堆物纠纷', description: '来源、时间、地点、经过、诉求' }}
        >
          <Field label='复杂程度' hint={TIER_HINT[d.tier]}>
            <Chips options={TIERS} value={d.tier} onChange={(tier) => set({ tier })} />
          </Field>
        </DisputeFields>
        <Field label='来源编号' hint='警情号 / 12345 工单号等，选填'>
          <TextInput name='sourceRef' value={d.sourceRef} onChange={(sourceRef) => set({ sourceRef })} placeholder='如 110-20261127-0031' maxLength={64} />
        </Field>
      </View>
      <View className='card'>
        <Field label='属地' required>
          <TerritoryPicker root={street} value={d.territory} onChange={(territory) => set({ territory })} />
        </Field>
      </View>
      <View className='card'>
        <Field label='责任部门' hint={d.department ? '创建后立即分拨，部门需签收' : '暂不分拨，留在社治中心待分拨'}>
          {departments.data ? (
            <Chips
              options={[{ value: '', label: '暂不分拨' }, ...departments.data.map((x) => ({ value: x.code, label: x.name }))]}
              value={d.department}
              onChange={(department) => set({ department, departmentTouched: true })}
            />
          ) : (
            <Text className='faint'>{departments.error ?? '加载中…'}</Text>
          )}
        </Field>
        <Field label='当事人'>
          <PartiesEditor value={d.parties} onChange={(parties) => set({ parties })} />
        </Field>
        {(formError || send.error) && <Text className='error-text'>{formError ?? send.error}</Text>}
      </View>
      <View className='bottom-bar bottom-bar--above-tabs'>
        <View className='bottom-bar__inner'>
          <ActionButton onClick={() => clear()}>清空</ActionButton>
          <ActionButton kind='primary' busy={send.busy} onClick={() => void submit()}>
            {d.department ? '创建并分拨' : '创建工单'}
          </ActionButton>
        </View>
      </View>
    </View>
  )
}

export default function CreatePage() {
  return (
    <PageShell tab={PAGES.create}>
      <CreateForm />
    </PageShell>
  )
}
