import { MAX_BAR_BUTTONS, splitActions } from './buttons'
import type { TaskAction, TaskStateName } from './constants'

/* The detail page's bar: up to three buttons as they are; more, and the awaited verbs stay with 「更多」 beside them. */

const cases: Array<[TaskStateName, TaskAction[], TaskAction[], TaskAction[]]> = [
  // three or fewer: all in the bar
  ['routed', ['sign', 'bounce', 'escalate'], ['sign', 'bounce', 'escalate'], []],
  ['published', ['claim'], ['claim'], []],
  // a lead with a signed task: 发布揭榜 and 指派, the rest under 更多
  ['signed', ['publish', 'bounce', 'assign', 'escalate'], ['publish', 'assign'], ['bounce', 'escalate']],
  // the holder of a claimed task: 记录进展 is what the task waits for
  ['claimed', ['extend', 'release', 'progress', 'escalate'], ['progress'], ['extend', 'release', 'escalate']],
  ['in_progress', ['release', 'progress', 'submit', 'escalate'], ['progress', 'submit'], ['release', 'escalate']],
  ['returned', ['release', 'progress', 'submit', 'escalate', 'cancel'], ['progress', 'submit'], ['release', 'escalate', 'cancel']],
  // the centre's draft: 分拨 and 发布揭榜; 指派 and 撤销 under 更多
  ['draft', ['route', 'publish', 'assign', 'cancel'], ['route', 'publish'], ['assign', 'cancel']],
  // 验收 is two buttons (通过 / 驳回): with 撤销 that is three, which fit
  ['submitted', ['review', 'cancel'], ['review', 'cancel'], []],
  ['submitted', ['review', 'escalate', 'cancel'], ['review'], ['escalate', 'cancel']],
  // an escalation the holder raised: the centre answers with 发回 or 分拨, the rest under 更多
  ['escalated', ['route', 'publish', 'assign', 'send-back', 'cancel'], ['route', 'send-back'], ['publish', 'assign', 'cancel']],
  // the holder meanwhile keeps her claim
  ['escalated', ['extend', 'release', 'progress'], ['extend', 'release', 'progress'], []],
  // nothing awaited among them: the first verb stays
  ['claimed', ['assign', 'escalate', 'cancel', 'extend'], ['assign'], ['escalate', 'cancel', 'extend']],
]

describe('splitActions', () => {
  it.each(cases)('%s %j → bar %j, 更多 %j', (state, actions, bar, more) => {
    expect(splitActions(state, actions)).toEqual({ bar, more })
  })

  it.each(cases)('%s %j keeps exactly the allowed set, in order, and the bar fits one row', (state, actions) => {
    const split = splitActions(state, actions)
    expect([...split.bar, ...split.more].sort()).toEqual([...actions].sort())
    const buttons = split.bar.reduce((n, a) => n + (a === 'review' ? 2 : 1), 0) + (split.more.length ? 1 : 0)
    expect(buttons).toBeLessThanOrEqual(MAX_BAR_BUTTONS)
    expect(split.bar).toEqual(actions.filter((a) => split.bar.includes(a)))
  })
})
