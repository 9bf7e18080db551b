import type { TaskStateName } from './constants'
import { applyEvent, isClaimable, isOverdue } from './fold'
import {
  centre,
  chen,
  claimedBy,
  created,
  doers,
  fold,
  HOUR,
  IN_STATE,
  lead,
  log,
  progress,
  published,
  routed,
  scoring,
  signed,
  submitted,
  T0,
  TASK,
  wangli,
} from './machine.fixtures'
import type { TaskEvent } from './types'

const NOW = T0 + 2 * HOUR
const next = (t: ReturnType<typeof fold>, type: TaskEvent['type'], data: unknown, actor = centre) =>
  applyEvent(t, { taskId: TASK, seq: t.seq + 1, type, data, actor, at: NOW } as TaskEvent)

describe('the fold', () => {
  it('follows the happy path draft → 已办结 and keeps the counters', () => {
    const t = IN_STATE.closed
    expect(t.seq).toBe(8)
    expect(t.rating).toBe(5)
    expect(t.doerIds).toEqual([wangli.id])
    expect(t.holders[0].startedAt).toBeDefined()
  })

  const transitions: Array<[string, TaskStateName, TaskEvent['type'], unknown, TaskStateName]> = [
    ['route', 'draft', 'routed', routed[1], 'routed'],
    ['sign', 'routed', 'signed', {}, 'signed'],
    ['bounce', 'routed', 'bounced', { department: { code: 'PCS', name: '派出所' }, reason: '非本部门', bounceCount: 1, escalate: false, scoring }, 'draft'],
    [
      'bounce at the limit',
      'signed',
      'bounced',
      { department: { code: 'PCS', name: '派出所' }, reason: '非本部门', bounceCount: 2, escalate: true, scoring },
      'escalated',
    ],
    ['publish', 'signed', 'published', published()[1], 'published'],
    ['claim', 'published', 'claimed', { userId: chen.id, name: chen.name, seat: 0, expiresAt: NOW + HOUR }, 'claimed'],
    ['assign from the queue', 'signed', 'assigned', { userId: 'u-xuming', name: '徐明', seat: 0 }, 'claimed'],
    ['first progress', 'claimed', 'progress', progress()[1], 'in_progress'],
    ['submit', 'in_progress', 'submitted', submitted[1], 'submitted'],
    ['accept', 'submitted', 'accepted', { rating: 4, closureCode: 'resolved', doers, submittedAt: T0, late: false, returnCount: 0, scoring }, 'closed'],
    ['return', 'submitted', 'returned', { reason: '缺照片', returnCount: 1, doers, submittedAt: T0, scoring }, 'returned'],
    ['resubmit after return', 'returned', 'submitted', submitted[1], 'submitted'],
    ['escalate', 'in_progress', 'escalated', { reason: '需多部门联动', kind: 'manual', released: [] }, 'escalated'],
    ['send back after an escalation', 'escalated', 'sent_back', { note: '请继续办理' }, 'claimed'],
    ['re-route after an escalation', 'escalated', 'routed', routed[1], 'routed'],
    ['reopen', 'closed', 'reopened', { reason: '纠纷再起', dueAt: NOW + 24 * HOUR }, 'draft'],
    ['cancel', 'published', 'cancelled', { closureCode: 'duplicate', reason: '重复' }, 'cancelled'],
    ['overdue escalation keeps the state', 'in_progress', 'overdue_escalated', { dueAt: T0 }, 'in_progress'],
    ['reveal keeps the state', 'claimed', 'phone_revealed', { party: 0, partyName: '张三' }, 'claimed'],
  ]
  it.each(transitions)('%s: %s → %s', (_name, from, type, data, to) => {
    const t = IN_STATE[from]
    const next = applyEvent(t, { taskId: TASK, seq: t.seq + 1, type, data, actor: lead, at: NOW } as TaskEvent)
    expect(next.state).toBe(to)
    expect(next.seq).toBe(t.seq + 1)
  })

  it('release and expiry put a published task back in the hall; an assigned task back in its queue', () => {
    const lost = { userId: wangli.id, name: wangli.name, seat: 0, claimedAt: T0, via: 'claim', republished: true, scoring }
    for (const type of ['released', 'claim_expired'] as const) {
      const next = applyEvent(IN_STATE.in_progress, { taskId: TASK, seq: 99, type, data: lost, actor: wangli, at: NOW } as TaskEvent)
      expect(next.state).toBe('published')
      expect(next.holders).toEqual([])
      expect(isClaimable(next, NOW)).toBe(true)
    }
    const assigned = fold(log(created(), routed, signed, ['assigned', { userId: 'u-xuming', name: '徐明', seat: 0 }, lead]))
    const back = applyEvent(assigned, { taskId: TASK, seq: 5, type: 'released', data: { ...lost, userId: 'u-xuming' }, actor: lead, at: NOW } as TaskEvent)
    expect(back.state).toBe('signed')
  })

  it('a 自处理上报 starts in handling with the reporter holding it', () => {
    const t = fold(log(created({ origin: 'self_report', reporter: wangli, selfHandled: true })))
    expect(t.state).toBe('in_progress')
    expect(t.holders.map((h) => [h.userId, h.via])).toEqual([[wangli.id, 'self_report']])
    expect(t.doerIds).toEqual([wangli.id])
  })

  it('applying before the first event is a bug, not a silent no-op', () => {
    expect(() => applyEvent(null, { taskId: TASK, seq: 1, type: 'signed', data: {}, actor: lead, at: T0 } as TaskEvent)).toThrow(/no task/)
  })
})

describe('the fold of an escalation and the centre’s answer', () => {
  const escalate = (t: ReturnType<typeof fold>, who = wangli) => next(t, 'escalated', { reason: '需要社治中心协调', kind: 'manual', released: [] }, who)
  const team = () => fold(log(created(), routed, signed, published({ claimMode: 'team', seats: 2 }), claimedBy(wangli), claimedBy(chen, 1), progress()))

  it('the holder’s seat, claim clock and the due date carry on while the centre decides', () => {
    const t = IN_STATE.escalated
    expect(t.state).toBe('escalated')
    expect(t.holders).toEqual([expect.objectContaining({ userId: wangli.id, expiresAt: T0 + 30 * HOUR, via: 'claim' })])
    expect(t.dueAt).toBe(IN_STATE.claimed.dueAt)
    expect(t.escalation).toMatchObject({ kind: 'manual', from: 'claimed', by: wangli })
  })

  it('a team member’s escalation unseats nobody', () => {
    const t = escalate(team(), chen)
    expect(t.holders.map((h) => h.userId)).toEqual([wangli.id, chen.id])
    expect(t.escalation?.from).toBe('in_progress')
  })

  it('发回 puts the work back where it was, with the same people on it', () => {
    expect(next(IN_STATE.escalated, 'sent_back', {}).state).toBe('claimed')
    const handled = next(IN_STATE.escalated, 'progress', progress()[1], wangli)
    expect(handled.state).toBe('escalated') // progress while waiting starts the handling, the state waits for the centre
    expect(next(handled, 'sent_back', {}).state).toBe('in_progress')
    const back = next(escalate(team(), chen), 'sent_back', {})
    expect(back.state).toBe('in_progress')
    expect(back.holders.map((h) => h.userId)).toEqual([wangli.id, chen.id])
  })

  it('re-routing or re-publishing ends every seat; 指派 to someone else ends the escalator’s seat only', () => {
    expect(next(IN_STATE.escalated, 'routed', routed[1]).holders).toEqual([])
    const republished = next(IN_STATE.escalated, 'published', published()[1])
    expect(republished.holders).toEqual([])
    expect(isClaimable(republished, NOW)).toBe(true)
    const reassigned = next(escalate(team(), chen), 'assigned', {
      userId: 'u-xuming',
      name: '徐明',
      seat: 1,
      replaced: { userId: chen.id, name: chen.name, seat: 1, claimedAt: T0 },
    })
    expect(reassigned.state).toBe('in_progress')
    expect(reassigned.holders.map((h) => h.userId)).toEqual([wangli.id, 'u-xuming'])
  })

  it('re-routing or reopening ends the publication: a later release does not put the task back in the old hall', () => {
    const rerouted = next(next(IN_STATE.escalated, 'routed', routed[1]), 'signed', {}, lead)
    const reopened = next(IN_STATE.closed, 'reopened', { reason: '纠纷再起', dueAt: NOW + 24 * HOUR })
    for (const t of [rerouted, reopened]) {
      expect(t.claimMode).toBeUndefined()
      expect(t.eligibility).toBeUndefined()
      const held = next(t, 'assigned', { userId: chen.id, name: chen.name, seat: 0 })
      const lost = { userId: chen.id, name: chen.name, seat: 0, claimedAt: NOW, via: 'assign', republished: false, scoring }
      const released = next(held, 'released', lost, chen)
      expect(released.state).not.toBe('published')
      expect(isClaimable(released, NOW)).toBe(false)
    }
  })

  it('a seat given up or lapsed while escalated leaves the task with the centre, not in the hall', () => {
    const lost = { userId: wangli.id, name: wangli.name, seat: 0, claimedAt: T0, via: 'claim', republished: false, scoring }
    for (const type of ['released', 'claim_expired'] as const) {
      const t = next(IN_STATE.escalated, type, lost, wangli)
      expect(t.state).toBe('escalated')
      expect(t.holders).toEqual([])
      expect(isClaimable(t, NOW)).toBe(false)
    }
  })

  it('a log written before this rule, whose escalation ended the seats, still folds as it did', () => {
    const legacy = next(IN_STATE.claimed, 'escalated', { reason: '需多部门联动', kind: 'manual', released: doers }, wangli)
    expect(legacy.state).toBe('escalated')
    expect(legacy.holders).toEqual([])
  })
})

describe('overdue', () => {
  const due = IN_STATE.in_progress.dueAt
  it('an open task past its due date is overdue; a closed one never', () => {
    expect(isOverdue(IN_STATE.in_progress, due - 1)).toBe(false)
    expect(isOverdue(IN_STATE.in_progress, due + 1)).toBe(true)
    expect(isOverdue(IN_STATE.closed, due + 1)).toBe(false)
  })
  it('a task submitted in time is not overdue while it waits for review', () => {
    expect(isOverdue(IN_STATE.submitted, due + 1)).toBe(false)
  })
})

describe('攻坚小组 seats (team_formed / team_changed, appended by the mediators domain)', () => {
  const members = [
    { id: 'u-xuming', name: '徐明' },
    { id: 'u-caoyong', name: '曹勇' },
    { id: 'u-linfang', name: '林芳' },
  ]
  const formed = () => next(IN_STATE.signed, 'team_formed', { teamId: `${TASK}:team:1`, seats: 3, members, rule: '婚恋家庭纠纷 · 红色预警 → …' })

  it('gives the task team seats without publishing it: nobody can claim, the hall does not list it, the state stays', () => {
    const t = formed()
    expect(t).toMatchObject({ state: 'signed', claimMode: 'team', seats: 3, team: { id: `${TASK}:team:1`, members } })
    expect(t.eligibility).toBeUndefined()
    expect(isClaimable(t, NOW)).toBe(false)
  })

  it('members who accept take the seats by 指派; the task is with them from the first', () => {
    const one = next(formed(), 'assigned', { userId: 'u-caoyong', name: '曹勇', seat: 0, note: '攻坚小组成员' })
    expect(one).toMatchObject({ state: 'claimed', holders: [{ userId: 'u-caoyong', via: 'assign' }] })
    const two = next(one, 'assigned', { userId: 'u-xuming', name: '徐明', seat: 1 })
    expect(two.holders.map((h) => h.userId)).toEqual(['u-caoyong', 'u-xuming'])
    expect(two.state).toBe('claimed')
  })

  it('a change updates the seats and the members; a reopen, re-route or new publication ends the team', () => {
    const changed = next(formed(), 'team_changed', { teamId: `${TASK}:team:1`, seats: 2, members: members.slice(0, 2), note: '林芳已移出' })
    expect(changed).toMatchObject({ seats: 2, team: { members: members.slice(0, 2) } })
    expect(next(changed, 'routed', routed[1]).team).toBeUndefined()
    expect(next(changed, 'published', published()[1]).team).toBeUndefined()
  })
})
