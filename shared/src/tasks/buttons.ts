/**
 * Which of a task's verbs the detail page shows as buttons and which go under 「更多」. The set is
 * always exactly the server's `TaskView.actions`; this only decides their places, so a bar of many
 * verbs stays one row on a phone.
 */
import type { TaskAction, TaskStateName } from './constants'

/** The verbs each state is waiting for — what moves the task on — most expected first. */
export const AWAITED_ACTIONS: Record<TaskStateName, readonly TaskAction[]> = {
  draft: ['route', 'publish', 'assign'],
  routed: ['sign'],
  signed: ['publish', 'assign'],
  published: ['claim', 'approve-claim', 'assign'],
  claimed: ['progress', 'claim', 'approve-claim'],
  in_progress: ['submit', 'progress', 'claim'],
  submitted: ['review'],
  returned: ['submit', 'progress'],
  // the centre's answer: 发回 to the holders or 分拨 elsewhere first; the holders wait with 记录进展
  escalated: ['send-back', 'route', 'publish', 'assign', 'progress'],
  closed: ['reopen'],
  cancelled: [],
}

/** Buttons in one row at most; with more, the bar keeps the awaited ones and adds 「更多」. */
export const MAX_BAR_BUTTONS = 3

/**
 * Splits `actions` (already in display order) into the bar and 「更多」. `width` says how many buttons a
 * verb takes (验收 is two: 通过 and 驳回). Up to MAX_BAR_BUTTONS fit as they are; otherwise the bar
 * keeps the awaited verbs that fit next to the 「更多」 button (at least one verb), in display order.
 */
export function splitActions(
  state: TaskStateName,
  actions: readonly TaskAction[],
  width: (a: TaskAction) => number = (a) => (a === 'review' ? 2 : 1),
): { bar: TaskAction[]; more: TaskAction[] } {
  const total = actions.reduce((n, a) => n + width(a), 0)
  if (total <= MAX_BAR_BUTTONS) return { bar: [...actions], more: [] }
  const room = MAX_BAR_BUTTONS - 1
  const chosen = new Set<TaskAction>()
  let used = 0
  for (const a of AWAITED_ACTIONS[state]) {
    if (!actions.includes(a) || used + width(a) > room) continue
    chosen.add(a)
    used += width(a)
  }
  if (chosen.size === 0) chosen.add(actions[0])
  return { bar: actions.filter((a) => chosen.has(a)), more: actions.filter((a) => !chosen.has(a)) }
}
