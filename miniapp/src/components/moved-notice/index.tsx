import type { TaskView } from '@jqtb/shared/src/tasks/dto'
import { Text, View } from '@tarojs/components'
import { openTask } from '../../shell/navigation'
import { ActionButton } from '../action-button'
import './index.scss'
import { FOCUSABLE } from '../a11y'

/** A card left the list the person is looking at: where it went, and a button to go there. */
export interface Moved {
  text: string
  go?: { label: string; run: () => void }
}

/** A chip group of a list page: `value` lists the states it shows ('' = all). */
export interface StateGroup {
  value: string
  label: string
}

const inGroup = (value: string, state: string) => value === '' || value.split(',').includes(state)

/**
 * After an action on a card: null when the task still belongs under the chip shown now; otherwise where it went —
 * the chip of this page that shows it now (with a button that switches to it), or the task itself.
 */
export function movedOnPage(task: TaskView, groups: readonly StateGroup[], current: string, switchTo: (value: string) => void): Moved | null {
  if (inGroup(current, task.state)) return null
  const target = groups.find((g) => g.value !== '' && inGroup(g.value, task.state))
  if (target) return { text: `「${task.title}」已移到「${target.label}」`, go: { label: `去「${target.label}」`, run: () => switchTo(target.value) } }
  return movedToTask(task, `「${task.title}」现为「${task.stateLabel}」`)
}

/** The task went somewhere this page does not list: say its state and offer the task page. */
export function movedToTask(task: TaskView, text: string): Moved {
  return { text, go: { label: '查看工单', run: () => openTask(task.id) } }
}

/** Sits above the tab bar until closed, the go button is used, or the list's filter changes. */
export function MovedNotice({ moved, onClose }: { moved: Moved | null; onClose: () => void }) {
  if (!moved) return null
  return (
    <View className='moved-notice' role='status'>
      <Text className='moved-notice__text'>{moved.text}</Text>
      <View className='moved-notice__buttons'>
        {moved.go && (
          <ActionButton
            small
            kind='primary'
            onClick={() => {
              onClose()
              moved.go?.run()
            }}
          >
            {moved.go.label}
          </ActionButton>
        )}
        <View className='moved-notice__close' role='button' {...FOCUSABLE} aria-label='关闭提示' onClick={onClose}>
          ×
        </View>
      </View>
    </View>
  )
}
