import type { Role } from '@jqtb/shared/src/roles'
import { CLAIM_MODE_LABELS, CLAIM_MODES, CLOSURE_CODES, CLOSURE_LABELS, type ClaimMode, type ClosureCode } from '@jqtb/shared/src/tasks/constants'
import type { TaskView } from '@jqtb/shared/src/tasks/dto'
import { Picker, Text, View } from '@tarojs/components'
import { useLoad } from '../../hooks/useLoad'
import { getDepartments } from '../../services/reference'
import { localDateTimeToIso, todayString } from '../../utils/time'
import { Chips, Field, Stars, TextArea, TextInput } from '../form-fields'
import { AssigneePicker } from './assignee-picker'
import { PoolFields } from './pool-fields'

/** The verbs that open a form first (review is two: 通过 and 驳回). */
export type FormVerb =
  | 'route'
  | 'publish'
  | 'sign'
  | 'bounce'
  | 'assign'
  | 'claim'
  | 'approve-claim'
  | 'extend'
  | 'release'
  | 'submit'
  | 'review-accept'
  | 'review-return'
  | 'escalate'
  | 'send-back'
  | 'reopen'
  | 'cancel'

export interface ActionValues {
  reason: string
  note: string
  rating: number
  closureCode: ClosureCode | ''
  department: string
  userIds: string[]
  claimMode: ClaimMode
  seats: string
  rewardPoints: string
  deadlineDate: string
  deadlineTime: string
  claimHours: string
  overdueReason: string
  /** 揭榜范围: '' is the task's own territory */
  poolTerritory: string
  poolRoles: Role[]
  poolTags: string[]
}

export const BLANK_VALUES: ActionValues = {
  reason: '',
  note: '',
  rating: 0,
  closureCode: '',
  department: '',
  userIds: [],
  claimMode: 'first_come',
  seats: '2',
  rewardPoints: '10',
  deadlineDate: '',
  deadlineTime: '18:00',
  claimHours: '',
  overdueReason: '',
  poolTerritory: '',
  poolRoles: ['grid_worker'],
  poolTags: [],
}

export const FORM_TITLES: Record<FormVerb, string> = {
  route: '分拨至部门',
  publish: '发布揭榜',
  sign: '签收',
  bounce: '退回社治中心',
  assign: '指派',
  claim: '申请认领',
  'approve-claim': '审批认领',
  extend: '申请延期',
  release: '放弃认领',
  submit: '提交验收',
  'review-accept': '验收通过',
  'review-return': '驳回',
  escalate: '上报社治中心',
  'send-back': '发回继续办理',
  reopen: '重新打开',
  cancel: '撤销工单',
}

const needText = (s: string, what: string) => (s.trim().length >= 2 ? null : `请填写${what}（至少 2 个字）`)
const optional = (s: string) => (s.trim() ? s.trim() : undefined)

/** The request body for the verb, or the first thing the person still has to fill in. */
export function buildBody(verb: FormVerb, v: ActionValues, task: TaskView): { body: Record<string, unknown> } | { error: string } {
  const fail = (error: string | null) => (error ? { error } : null)
  switch (verb) {
    case 'route':
      return v.department ? { body: { department: v.department, note: optional(v.note) } } : { error: '请选择部门' }
    case 'publish': {
      if (v.claimMode === 'reserved' && v.userIds.length === 0) return { error: '定向揭榜请选择认领人' }
      const seats = v.claimMode === 'team' ? Number(v.seats) : 1
      if (!Number.isInteger(seats) || seats < 1 || (v.claimMode === 'team' && seats < 2)) return { error: '攻坚小组至少需要 2 个席位' }
      const points = Number(v.rewardPoints || 0)
      if (!Number.isInteger(points) || points < 0) return { error: '奖励积分应为不小于 0 的整数' }
      const hours = v.claimHours ? Number(v.claimHours) : undefined
      if (hours !== undefined && !(hours > 0)) return { error: '认领时限应为正数（小时）' }
      if (!v.poolRoles.length) return { error: '请选择可认领角色' }
      return {
        body: {
          claimMode: v.claimMode,
          seats,
          rewardPoints: points,
          eligibility: {
            ...(v.poolTerritory ? { territory: v.poolTerritory } : {}),
            roles: v.poolRoles,
            ...(v.poolTags.length ? { tags: v.poolTags } : {}),
          },
          ...(v.deadlineDate ? { claimDeadline: localDateTimeToIso(v.deadlineDate, v.deadlineTime) } : {}),
          ...(hours ? { claimHours: hours } : {}),
          ...(v.claimMode === 'reserved' ? { reservedFor: v.userIds } : {}),
          note: optional(v.note),
        },
      }
    }
    case 'sign':
      return { body: { note: optional(v.note) } }
    case 'bounce':
      return fail(needText(v.reason, '退回理由')) ?? { body: { reason: v.reason.trim(), ...(v.department ? { suggestedDepartment: v.department } : {}) } }
    case 'assign': {
      if (v.userIds.length !== 1) return { error: '请选择一位承办人' }
      const replace = task.seats === 1 && task.holders[0] ? { replaceUserId: task.holders[0].userId } : {}
      return { body: { userId: v.userIds[0], ...replace, note: optional(v.note) } }
    }
    case 'claim':
      return { body: { note: optional(v.note) } }
    case 'approve-claim':
      return v.userIds.length === 1 ? { body: { userId: v.userIds[0] } } : { error: '请选择一位申请人' }
    case 'extend':
      return fail(needText(v.reason, '延期理由')) ?? { body: { reason: v.reason.trim() } }
    case 'release':
      return { body: { reason: optional(v.reason) } }
    case 'submit':
      if (!v.note.trim()) return { error: '请填写办理结果' }
      if (task.overdue && v.overdueReason.trim().length < 2) return { error: '已超期，请说明超期原因' }
      return { body: { note: v.note.trim(), ...(task.overdue ? { overdueReason: v.overdueReason.trim() } : {}) } }
    case 'review-accept':
      if (!v.rating) return { error: '请给出评分（1–5 分）' }
      return { body: { decision: 'accept', rating: v.rating, closureCode: v.closureCode || 'resolved', note: optional(v.note) } }
    case 'review-return':
      return fail(needText(v.reason, '驳回理由')) ?? { body: { decision: 'return', reason: v.reason.trim() } }
    case 'escalate':
      return fail(needText(v.reason, '上报理由')) ?? { body: { reason: v.reason.trim() } }
    case 'send-back':
      return { body: { note: optional(v.note) } }
    case 'reopen':
      return fail(needText(v.reason, '重新打开理由')) ?? { body: { reason: v.reason.trim() } }
    case 'cancel':
      if (!v.closureCode) return { error: '请选择撤销原因类别' }
      return fail(needText(v.reason, '撤销说明')) ?? { body: { closureCode: v.closureCode, reason: v.reason.trim() } }
  }
}

const CLOSURE_OPTIONS = CLOSURE_CODES.map((c) => ({ value: c, label: CLOSURE_LABELS[c] }))
const MODE_OPTIONS = CLAIM_MODES.map((m) => ({ value: m, label: CLAIM_MODE_LABELS[m] }))

function DepartmentChips({ value, onChange, exclude }: { value: string; onChange: (v: string) => void; exclude?: string }) {
  const { data, error } = useLoad(getDepartments)
  if (error) return <Text className='error-text'>{error}</Text>
  if (!data) return <Text className='faint'>加载中…</Text>
  return <Chips options={data.filter((d) => d.code !== exclude).map((d) => ({ value: d.code, label: d.name }))} value={value} onChange={onChange} />
}

/** What the sheet says above its buttons, and why 确定 is off, when the form cannot lead anywhere. */
export const BLOCKERS = {
  emptyPool: '揭榜范围内没有符合条件的人员，发布后无人能看到或认领。请扩大认领范围、增加可认领角色或减少专长要求，或改用「指派」。',
  noAssignee: '没有可指派的人员（工单属地的网格员、本部门人员、调解员）。可改为「发布揭榜」扩大范围，或退回社治中心。',
}

/** The fields of one verb's form. `onBlocker` hears what makes the form a dead end (null once it is not). */
export function ActionFields({
  verb,
  task,
  values: v,
  set,
  onBlocker,
}: {
  verb: FormVerb
  task: TaskView
  values: ActionValues
  set: (p: Partial<ActionValues>) => void
  onBlocker?: (why: string | null) => void
}) {
  const reason = (label: string, placeholder: string, required = true) => (
    <Field label={label} required={required}>
      <TextArea name='reason' value={v.reason} onChange={(reason) => set({ reason })} placeholder={placeholder} maxLength={500} />
    </Field>
  )
  const note = (label = '备注', placeholder = '选填') => (
    <Field label={label}>
      <TextArea name='note' value={v.note} onChange={(note) => set({ note })} placeholder={placeholder} maxLength={500} />
    </Field>
  )
  const pool = { territory: v.poolTerritory, roles: v.poolRoles, tags: v.poolTags }
  switch (verb) {
    case 'route':
      return (
        <>
          <Field label='责任部门' required>
            <DepartmentChips value={v.department} onChange={(department) => set({ department })} />
          </Field>
          {note('分拨说明')}
        </>
      )
    case 'publish':
      return (
        <>
          <Field label='认领方式' required>
            <Chips options={MODE_OPTIONS} value={v.claimMode} onChange={(claimMode) => set({ claimMode, userIds: [] })} />
          </Field>
          {v.claimMode === 'team' && (
            <Field label='席位数' required hint='攻坚小组的人数，2–20'>
              <TextInput type='number' value={v.seats} onChange={(seats) => set({ seats })} />
            </Field>
          )}
          <PoolFields
            task={task}
            pool={pool}
            onSize={(size) => onBlocker?.(size === 0 ? BLOCKERS.emptyPool : null)}
            // the people named for 定向 come from the pool: a new pool starts the naming over
            onChange={(p) =>
              set({
                ...(p.territory !== undefined ? { poolTerritory: p.territory } : {}),
                ...(p.roles ? { poolRoles: p.roles } : {}),
                ...(p.tags ? { poolTags: p.tags } : {}),
                userIds: [],
              })
            }
          />
          {v.claimMode === 'reserved' && (
            <Field label='指定认领人' required hint='从上面的揭榜范围中选择'>
              <AssigneePicker taskId={task.id} pool={pool} multiple value={v.userIds} onChange={(userIds) => set({ userIds })} />
            </Field>
          )}
          <Field label='奖励积分'>
            <TextInput type='number' value={v.rewardPoints} onChange={(rewardPoints) => set({ rewardPoints })} />
          </Field>
          <Field label='揭榜截止' hint='不填则一直可认领，直到被认领'>
            <View className='datetime'>
              <Picker mode='date' value={v.deadlineDate || todayString(1)} start={todayString()} onChange={(e) => set({ deadlineDate: e.detail.value })}>
                <View className='field__input datetime__part'>{v.deadlineDate || '选择日期'}</View>
              </Picker>
              <Picker mode='time' value={v.deadlineTime} onChange={(e) => set({ deadlineTime: e.detail.value })}>
                <View className='field__input datetime__part'>{v.deadlineTime}</View>
              </Picker>
            </View>
          </Field>
          <Field label='认领时限（小时）' hint='认领后多久内须开始处置；不填按系统设置'>
            <TextInput type='digit' value={v.claimHours} onChange={(claimHours) => set({ claimHours })} placeholder='按系统设置' />
          </Field>
          {note('发布说明')}
        </>
      )
    case 'sign':
      return note('签收备注')
    case 'bounce':
      return (
        <>
          {reason('退回理由', '说明为什么不属于本部门职责')}
          <Field label='建议改派部门'>
            <DepartmentChips
              value={v.department}
              onChange={(department) => set({ department: department === v.department ? '' : department })}
              exclude={task.department?.code}
            />
          </Field>
        </>
      )
    case 'assign':
      return (
        <>
          <Field label='承办人' required>
            <AssigneePicker
              taskId={task.id}
              value={v.userIds}
              onChange={(userIds) => set({ userIds })}
              onCount={(n) => onBlocker?.(n === 0 ? BLOCKERS.noAssignee : null)}
            />
          </Field>
          {task.holders.length > 0 && task.seats === 1 && <Text className='field__hint'>将替换当前承办人 {task.holders[0].name}</Text>}
          {note('指派说明')}
        </>
      )
    case 'claim':
      return note('申请说明', '例如：熟悉当事人，可当天上门')
    case 'approve-claim':
      return (
        <Field label='申请人' required>
          <Chips options={task.applicants.map((a) => ({ value: a.userId, label: a.name }))} value={v.userIds[0]} onChange={(id) => set({ userIds: [id] })} />
        </Field>
      )
    case 'extend':
      return reason('延期理由', '每次认领只能延期一次')
    case 'release':
      return (
        <>
          <Text className='release-warning'>
            {task.state === 'escalated' ? '放弃后工单留在社治中心待协调' : '放弃后工单将回到揭榜大厅'}，并按规则扣减积分。
          </Text>
          {reason('放弃原因', '选填', false)}
        </>
      )
    case 'submit':
      return (
        <>
          <Field label='办理结果' required>
            <TextArea name='note' value={v.note} onChange={(n) => set({ note: n })} placeholder='处置经过和结果' />
          </Field>
          {task.overdue && (
            <Field label='超期原因' required>
              <TextArea
                name='overdueReason'
                value={v.overdueReason}
                onChange={(overdueReason) => set({ overdueReason })}
                placeholder='已超过办理时限，请说明原因'
                maxLength={500}
              />
            </Field>
          )}
        </>
      )
    case 'review-accept':
      return (
        <>
          <Field label='评分' required>
            <Stars value={v.rating} onChange={(rating) => set({ rating })} />
          </Field>
          <Field label='办结类型'>
            <Chips options={CLOSURE_OPTIONS} value={v.closureCode || 'resolved'} onChange={(closureCode) => set({ closureCode })} />
          </Field>
          {note('验收意见')}
        </>
      )
    case 'review-return':
      return reason('驳回理由', '说明需要补充或重做的内容')
    case 'escalate':
      return (
        <>
          {task.holders.length > 0 && <Text className='field__hint'>上报后仍由承办人负责：认领时限和办理时限照常计算，等待社治中心发回或改派。</Text>}
          {reason('上报理由', '说明需要社治中心协调的原因')}
        </>
      )
    case 'send-back':
      return (
        <>
          <Text className='field__hint'>由{task.holders.map((h) => h.name).join('、')}继续办理。如需改由他人办理，请用「指派」或「分拨」。</Text>
          {note('办理意见', '例如：已协调司法所配合，请继续调解')}
        </>
      )
    case 'reopen':
      return reason('重新打开理由', '例如：当事人回访不满意')
    case 'cancel':
      return (
        <>
          <Field label='撤销原因类别' required>
            <Chips options={CLOSURE_OPTIONS} value={v.closureCode} onChange={(closureCode) => set({ closureCode })} />
          </Field>
          {reason('撤销说明', '例如：与 JQ… 重复')}
        </>
      )
  }
}
