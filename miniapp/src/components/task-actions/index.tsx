import { splitActions } from '@jqtb/shared/src/tasks/buttons'
import { actionLabel, type TaskAction } from '@jqtb/shared/src/tasks/constants'
import type { TaskActionResponse, TaskView } from '@jqtb/shared/src/tasks/dto'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useAction } from '../../hooks/useAction'
import { useDraft } from '../../hooks/useDraft'
import { ApiError } from '../../services/http'
import { runTaskAction } from '../../services/tasks'
import { progressUrl } from '../../shell/navigation'
import { ActionButton } from '../action-button'
import { Sheet } from '../sheet'
import { ActionFields, BLANK_VALUES, buildBody, FORM_TITLES, type FormVerb } from './action-form'
import { confirmClaim } from './claim-cost'
import './index.scss'

type Button = { verb: FormVerb | 'progress'; action: TaskAction; label: string; kind: 'primary' | 'danger' | 'success' | 'default' }

const FORWARD: TaskAction[] = ['claim', 'sign', 'publish', 'submit', 'approve-claim', 'route', 'send-back']
const BACKWARD: TaskAction[] = ['bounce', 'release', 'cancel']

/** The task's own `actions`, as buttons; `review` is two (通过 / 驳回). The order is the server's. */
function buttonsFor(task: TaskView, only?: TaskAction[]): Button[] {
  const buttons: Button[] = []
  for (const action of task.actions) {
    if (action === 'reveal-phone' || (only && !only.includes(action))) continue
    if (action === 'review') {
      buttons.push({ verb: 'review-accept', action, label: '通过', kind: 'success' })
      buttons.push({ verb: 'review-return', action, label: '驳回', kind: 'danger' })
      continue
    }
    const kind = action === 'progress' ? 'primary' : FORWARD.includes(action) ? 'primary' : BACKWARD.includes(action) ? 'danger' : 'default'
    buttons.push({ verb: action as FormVerb | 'progress', action, label: actionLabel(action, task.claimMode), kind })
  }
  return buttons
}

const DONE_TEXT: Record<FormVerb, string> = {
  route: '已分拨',
  publish: '已发布到揭榜大厅',
  sign: '已签收',
  bounce: '已退回',
  assign: '已指派',
  claim: '揭榜成功',
  'approve-claim': '已批准认领',
  extend: '已延期',
  release: '已放弃',
  submit: '已提交验收',
  'review-accept': '验收通过',
  'review-return': '已驳回',
  escalate: '已上报',
  'send-back': '已发回',
  reopen: '已重新打开',
  cancel: '已撤销',
}

function doneText(verb: FormVerb, res: TaskActionResponse): string {
  if (verb === 'claim' && res.result === 'applied') return '已申请，等待审批'
  if (verb === 'claim' && res.result === 'unchanged') return '您已认领该工单'
  return DONE_TEXT[verb]
}

/** Verbs that need nothing but the tap (揭榜 asks once, saying what giving it up costs). */
const ONE_TAP = (verb: FormVerb, task: TaskView) => (verb === 'claim' && task.claimMode !== 'apply') || verb === 'sign'

/** 409: someone else changed the task first (claimed it, moved it on); what is on screen is out of date. */
const staleAnswer = (e: unknown) => e instanceof ApiError && e.status === 409

interface Props {
  task: TaskView
  onDone: (res: TaskActionResponse) => void
  /** the server said the task moved on meanwhile: show it as it is now */
  onStale?: () => void
  /** show only these verbs (a card shows 揭榜 or 通过/驳回, the detail page shows all) */
  only?: TaskAction[]
  small?: boolean
  /** one row however many verbs: the awaited ones as buttons, the rest under 「更多」 (the detail page's bar) */
  overflow?: boolean
}

/**
 * Exactly the verbs the server allows this person now. One-tap verbs run at once; the others open a sheet
 * with their form (kept as a draft until the server accepts it). Each shows loading, success and the
 * server's own error message.
 */
export function TaskActions({ task, onDone, onStale, only, small, overflow }: Props) {
  const [open, setOpen] = useState<FormVerb | null>(null)
  const [moreOpen, setMoreOpen] = useState(false)
  const [tapping, setTapping] = useState<FormVerb | null>(null)
  const direct = useAction(async (verb: FormVerb) => ({ verb, res: await runTaskAction(task.id, verb as 'claim' | 'sign', {}) }), {
    success: ({ verb, res }) => doneText(verb, res),
    onError: (e) => {
      if (staleAnswer(e)) onStale?.()
    },
  })
  const buttons = buttonsFor(task, only)
  // the buttons may be gone after a refresh; the answer that explains why stays
  if (buttons.length === 0) return direct.error ? <Text className='error-text task-actions__error'>{direct.error}</Text> : null
  const split = overflow ? splitActions(task.state, [...new Set(buttons.map((b) => b.action))]) : null
  const inBar = split ? buttons.filter((b) => split.bar.includes(b.action)) : buttons
  const inMore = split ? buttons.filter((b) => split.more.includes(b.action)) : []

  const press = async (b: Button) => {
    if (b.verb === 'progress') {
      void Taro.navigateTo({ url: progressUrl(task.id) })
      return
    }
    if (ONE_TAP(b.verb, task)) {
      setTapping(b.verb)
      if (b.verb === 'claim' && !(await confirmClaim(task))) {
        setTapping(null)
        return
      }
      const done = await direct.run(b.verb)
      setTapping(null)
      if (done) onDone(done.res)
      return
    }
    setOpen(b.verb)
  }

  return (
    <View className={`task-actions${small ? ' task-actions--small' : ''}`}>
      <View className='task-actions__buttons'>
        {inMore.length > 0 && (
          <ActionButton className='task-actions__more' disabled={direct.busy} onClick={() => setMoreOpen(true)}>
            更多
          </ActionButton>
        )}
        {inBar.map((b) => (
          <ActionButton
            key={b.verb}
            kind={b.kind}
            small={small}
            busy={tapping === b.verb}
            disabled={direct.busy && tapping !== b.verb}
            onClick={() => void press(b)}
          >
            {b.label}
          </ActionButton>
        ))}
      </View>
      {direct.error && <Text className='error-text task-actions__error'>{direct.error}</Text>}
      {moreOpen && (
        <Sheet title='更多操作' open onClose={() => setMoreOpen(false)}>
          <View className='task-actions__more-list'>
            {inMore.map((b) => (
              <ActionButton
                key={b.verb}
                block
                kind={b.kind === 'primary' ? 'ghost' : b.kind}
                onClick={() => {
                  setMoreOpen(false)
                  void press(b)
                }}
              >
                {b.label}
              </ActionButton>
            ))}
          </View>
        </Sheet>
      )}
      {open && (
        <ActionSheet
          key={open}
          verb={open}
          task={task}
          onStale={onStale}
          onClose={() => setOpen(null)}
          onDone={(res) => {
            setOpen(null)
            onDone(res)
          }}
        />
      )}
    </View>
  )
}

function ActionSheet({
  verb,
  task,
  onClose,
  onDone,
  onStale,
}: {
  verb: FormVerb
  task: TaskView
  onClose: () => void
  onDone: (res: TaskActionResponse) => void
  onStale?: () => void
}) {
  const [values, set, clear] = useDraft(`action.${task.id}.${verb}`, BLANK_VALUES)
  const [formError, setFormError] = useState<string | null>(null)
  const [blocker, setBlocker] = useState<string | null>(null)
  const action = verb === 'review-accept' || verb === 'review-return' ? 'review' : verb
  const send = useAction((body: Record<string, unknown>) => runTaskAction(task.id, action, body), {
    success: (res) => doneText(verb, res),
    onError: (e) => {
      if (staleAnswer(e)) onStale?.()
    },
  })

  const confirm = async () => {
    if (blocker) return
    const built = buildBody(verb, values, task)
    if ('error' in built) {
      setFormError(built.error)
      return
    }
    setFormError(null)
    const res = await send.run(built.body)
    if (res) {
      clear()
      onDone(res)
    }
  }

  return (
    <Sheet
      title={FORM_TITLES[verb]}
      open
      onClose={onClose}
      notice={blocker ?? formError ?? send.error}
      footer={
        <>
          <ActionButton onClick={onClose}>取消</ActionButton>
          <ActionButton
            kind={verb === 'review-return' || verb === 'bounce' || verb === 'release' || verb === 'cancel' ? 'danger' : 'primary'}
            busy={send.busy}
            disabled={!!blocker}
            onClick={() => void confirm()}
          >
            {verb === 'review-accept' ? '确认通过' : verb === 'review-return' ? '确认驳回' : '确定'}
          </ActionButton>
        </>
      }
    >
      <View className='task-actions__task'>
        <Text className='faint'>
          {task.taskNo} · {task.title}
        </Text>
      </View>
      <ActionFields verb={verb} task={task} values={values} set={(p) => set(p)} onBlocker={setBlocker} />
    </Sheet>
  )
}
