import { HOUR, IN_STATE, T0, wangli } from './machine.fixtures'
import { staleTaskNotice, TIME_SENSITIVE_TASK_NOTICES } from './notice-relevance'
import type { TaskState } from './types'

const NOW = T0 + 2 * HOUR
const to = (template: string, recipients: string[] = [wangli.id], data: Record<string, string> = {}) => ({ template, recipients, data })
const stale = (template: string, state: keyof typeof IN_STATE, recipients?: string[], data?: Record<string, string>, now = NOW) =>
  staleTaskNotice(to(template, recipients, data), IN_STATE[state], now)

describe('staleTaskNotice: is a queued task notice still news?', () => {
  it.each([
    // [template, state the task is in now, still current?]
    ['task_routed', 'routed', true],
    ['task_routed', 'signed', false],
    ['task_routed', 'published', false],
    ['task_routed', 'claimed', false],
    ['task_reported', 'draft', true],
    ['task_reported', 'routed', false],
    ['task_submitted', 'submitted', true],
    ['task_submitted', 'returned', false],
    ['task_escalated', 'escalated', true],
    ['task_escalated', 'in_progress', false],
    ['task_returned', 'returned', true],
    ['task_returned', 'submitted', false],
    ['task_overdue_escalated', 'in_progress', true],
    ['task_overdue_escalated', 'submitted', false],
    ['task_reminder', 'in_progress', true],
    ['task_reminder', 'submitted', false],
  ] as const)('%s while the task is %s: current = %s', (template, state, current) => {
    const reason = stale(template, state, template.startsWith('task_r') || template === 'task_overdue_escalated' ? [wangli.id] : ['u-hejun'])
    expect(reason === null).toBe(current)
    if (!current) expect(reason).toMatch(/工单已是「/)
  })

  it.each(TIME_SENSITIVE_TASK_NOTICES)('%s is moot once the task is closed or cancelled', (template) => {
    expect(stale(template, 'closed')).toBe('工单已是「已办结」')
    expect(stale(template, 'cancelled')).toBe('工单已是「已撤销」')
  })

  it('notices to a holder are moot once the recipient no longer holds the task', () => {
    for (const template of ['task_assigned', 'claim_approved', 'task_sent_back', 'task_reminder', 'task_returned']) {
      const state = template === 'task_returned' ? 'returned' : 'in_progress'
      expect([template, stale(template, state, [wangli.id])]).toEqual([template, null])
      expect([template, stale(template, state, ['u-chenqiang'])]).toEqual([template, '接收人已不再承办该工单'])
    }
  })

  it('a routing notice is moot when the task was re-routed to another department', () => {
    expect(stale('task_routed', 'routed', ['u-hejun'], { department: '古塘派出所' })).toBeNull()
    expect(stale('task_routed', 'routed', ['u-majie'], { department: '古塘司法所' })).toBe('工单已改派给古塘派出所')
  })

  it('a claim-expiry warning is moot once handling started, the claim lapsed, or it was extended', () => {
    const claimed = IN_STATE.claimed
    const expiresAt = claimed.holders[0].expiresAt as number
    const warn = { expiresAt: new Date(expiresAt).toISOString() }
    expect(staleTaskNotice(to('claim_expiring', [wangli.id], warn), claimed, NOW)).toBeNull()
    expect(staleTaskNotice(to('claim_expiring', [wangli.id], warn), claimed, expiresAt + 1)).toBe('认领已到期')
    expect(staleTaskNotice(to('claim_expiring', [wangli.id], warn), IN_STATE.in_progress, NOW)).toBe('已开始处置，认领不会到期')
    const extended: TaskState = { ...claimed, holders: [{ ...claimed.holders[0], expiresAt: expiresAt + 24 * HOUR, extended: true }] }
    expect(staleTaskNotice(to('claim_expiring', [wangli.id], warn), extended, NOW)).toBe('认领已延期')
  })

  it('informational notices stay true however late (a claim expired, taken over, new tasks in the hall)', () => {
    for (const template of ['claim_expired', 'task_taken_over', 'task_published', 'test']) {
      expect([template, stale(template, 'closed')]).toEqual([template, null])
    }
  })

  it('a notice about a task that does not exist is moot', () => {
    expect(staleTaskNotice(to('task_routed'), null, NOW)).toBe('工单不存在')
  })
})
