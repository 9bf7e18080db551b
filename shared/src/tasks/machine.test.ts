import { TASK_ACTIONS, TASK_STATES, type TaskAction, type TaskStateName } from './constants'
import { applyEvent, availableActions, checkAction, isClaimable, isOverdue, openSeats, STATE_ACTIONS, visibility } from './machine'
import {
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
  users,
  wangli,
} from './machine.fixtures'
import type { TaskEvent, TaskUser } from './types'

/** Who tries each verb in the table: the most plausible person for it. */
const ACTOR: Record<TaskAction, TaskUser> = {
  route: users.dispatcher,
  publish: users.dispatcher,
  sign: users.lead,
  bounce: users.lead,
  assign: users.dispatcher,
  claim: users.chen,
  'approve-claim': users.dispatcher,
  extend: users.wangli,
  release: users.wangli,
  progress: users.wangli,
  submit: users.wangli,
  review: users.lead,
  escalate: users.lead,
  reopen: users.dispatcher,
  cancel: users.dispatcher,
  'reveal-phone': users.dispatcher,
}

/** Written by hand (not derived from STATE_ACTIONS) so a wrong entry there fails here. */
const ALLOWED: Record<TaskStateName, TaskAction[]> = {
  draft: ['route', 'publish', 'assign', 'cancel', 'reveal-phone'],
  routed: ['sign', 'bounce', 'escalate', 'cancel', 'reveal-phone'],
  signed: ['publish', 'assign', 'bounce', 'escalate', 'cancel', 'reveal-phone'],
  published: ['claim', 'assign', 'escalate', 'cancel', 'reveal-phone'],
  claimed: ['assign', 'extend', 'release', 'progress', 'escalate', 'cancel', 'reveal-phone'],
  in_progress: ['assign', 'release', 'progress', 'submit', 'escalate', 'cancel', 'reveal-phone'],
  submitted: ['review', 'cancel', 'reveal-phone'],
  returned: ['release', 'progress', 'submit', 'escalate', 'cancel', 'reveal-phone'],
  escalated: ['route', 'publish', 'assign', 'cancel', 'reveal-phone'],
  closed: ['reopen', 'reveal-phone'],
  cancelled: ['reveal-phone'],
}

const NOW = T0 + 2 * HOUR

describe('every verb in every state (first-come task, department PCS, pool 新城社区)', () => {
  it('builds one task in each of the states', () => {
    for (const s of TASK_STATES) expect(IN_STATE[s].state).toBe(s)
  })

  const cases = TASK_STATES.flatMap((s) => TASK_ACTIONS.map((a) => [s, a, ALLOWED[s].includes(a)] as const))
  it.each(cases)('%s + %s → allowed: %s', (state, action, allowed) => {
    const verdict = checkAction(IN_STATE[state], ACTOR[action], action, NOW)
    expect(verdict.ok).toBe(allowed)
    if (!verdict.ok) expect(['INVALID_TRANSITION', 'TASK_ALREADY_CLAIMED', 'FORBIDDEN', 'OUT_OF_TERRITORY']).toContain(verdict.code)
  })

  it('a verb the state does not admit is a 409 (INVALID_TRANSITION or TASK_ALREADY_CLAIMED), not a 403, for the person whose verb it is', () => {
    const roleVerbs: TaskAction[] = ['route', 'publish', 'assign', 'reopen', 'cancel', 'sign', 'bounce', 'review']
    for (const s of TASK_STATES) {
      for (const a of roleVerbs) {
        // (a department lead cannot see a task before it reaches the department: that is a 403, tested below)
        if (ALLOWED[s].includes(a) || visibility(IN_STATE[s], ACTOR[a]) !== 'visible') continue
        const v = checkAction(IN_STATE[s], ACTOR[a], a, NOW)
        expect(v.ok ? 'ok' : v.code).toMatch(/INVALID_TRANSITION|TASK_ALREADY_CLAIMED/)
      }
    }
  })

  it('STATE_ACTIONS admits at least what the table allows', () => {
    for (const s of TASK_STATES) for (const a of ALLOWED[s]) expect(STATE_ACTIONS[s]).toContain(a)
  })
})

describe('who may take a verb', () => {
  const published = IN_STATE.published
  it('only the centre routes, cancels and reopens', () => {
    expect(checkAction(IN_STATE.draft, users.lead, 'route', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(checkAction(IN_STATE.routed, users.lead, 'cancel', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(checkAction(IN_STATE.closed, users.admin, 'reopen', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it("only the task department's lead signs and bounces; another department's lead cannot even see it", () => {
    expect(checkAction(IN_STATE.routed, users.staff, 'sign', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(checkAction(IN_STATE.routed, users.otherLead, 'sign', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(visibility(IN_STATE.routed, users.otherLead)).toBe('forbidden')
  })

  it('a department lead publishes only after signing for it', () => {
    expect(checkAction(IN_STATE.signed, users.lead, 'publish', NOW).ok).toBe(true)
    expect(checkAction(IN_STATE.routed, users.lead, 'publish', NOW)).toMatchObject({ ok: false })
  })

  it('a grid worker of another community can neither see nor claim (OUT_OF_TERRITORY)', () => {
    expect(visibility(published, users.zhoumin)).toBe('out_of_territory')
    expect(checkAction(published, users.zhoumin, 'claim', NOW)).toMatchObject({ ok: false, code: 'OUT_OF_TERRITORY' })
    expect(availableActions(published, users.zhoumin, NOW)).toEqual([])
  })

  it('a grid worker in the pool claims; someone outside the pool roles cannot', () => {
    expect(availableActions(published, users.chen, NOW)).toEqual(['claim'])
    expect(checkAction(published, users.community, 'claim', NOW)).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' })
  })

  it('nobody reviews their own work: a holder who is also a reviewer is refused', () => {
    const selfReviewer: TaskUser = { id: wangli.id, roles: ['grid_worker', 'dispatcher'], territory: 'GT' }
    expect(checkAction(IN_STATE.submitted, selfReviewer, 'review', NOW)).toMatchObject({ ok: false, code: 'SELF_REVIEW_FORBIDDEN' })
    expect(checkAction(IN_STATE.submitted, users.dispatcher, 'review', NOW).ok).toBe(true)
  })

  it('community staff review tasks of their community that have no department', () => {
    const selfReport = fold(log(created({ origin: 'self_report', reporter: wangli, selfHandled: true }), progress(), submitted))
    expect(selfReport.state).toBe('submitted')
    expect(checkAction(selfReport, users.community, 'review', NOW).ok).toBe(true)
    expect(visibility(selfReport, users.otherCommunity)).toBe('out_of_territory')
    expect(checkAction(IN_STATE.submitted, users.community, 'review', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('only the centre and the department lead may reveal a phone number', () => {
    expect(checkAction(IN_STATE.claimed, users.wangli, 'reveal-phone', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(checkAction(IN_STATE.claimed, users.lead, 'reveal-phone', NOW).ok).toBe(true)
  })

  it('the holder sees exactly the buttons for handling', () => {
    expect(availableActions(IN_STATE.claimed, users.wangli, NOW)).toEqual(['extend', 'release', 'progress', 'escalate'])
    expect(availableActions(IN_STATE.in_progress, users.wangli, NOW)).toEqual(['release', 'progress', 'submit', 'escalate'])
  })
})

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
    ['escalate', 'in_progress', 'escalated', { reason: '需多部门联动', kind: 'manual', released: doers }, 'escalated'],
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

describe('claims: seats, lapses, extension, modes', () => {
  it('a single-seat task held by someone refuses others with TASK_ALREADY_CLAIMED naming the holder', () => {
    const v = checkAction(IN_STATE.claimed, users.chen, 'claim', NOW)
    expect(v).toMatchObject({ ok: false, code: 'TASK_ALREADY_CLAIMED' })
    expect(v.ok ? '' : v.message).toContain('王丽')
  })

  it('the holder re-claiming is not offered (the BFF answers it as a no-op)', () => {
    expect(checkAction(IN_STATE.claimed, users.wangli, 'claim', NOW)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' })
  })

  it('a lapsed claim frees its seat for others and stops its holder', () => {
    const late = T0 + 31 * HOUR
    expect(openSeats(IN_STATE.claimed, late)).toBe(1)
    expect(checkAction(IN_STATE.claimed, users.chen, 'claim', late).ok).toBe(true)
    expect(checkAction(IN_STATE.claimed, users.wangli, 'progress', late)).toMatchObject({ ok: false, code: 'CLAIM_EXPIRED' })
    expect(checkAction(IN_STATE.claimed, users.wangli, 'extend', late)).toMatchObject({ ok: false, code: 'CLAIM_EXPIRED' })
  })

  it('once handling has started the claim no longer lapses', () => {
    expect(openSeats(IN_STATE.in_progress, T0 + 1000 * HOUR)).toBe(0)
  })

  it('one extension per claim', () => {
    const extended = applyEvent(IN_STATE.claimed, {
      taskId: TASK,
      seq: 6,
      type: 'claim_extended',
      data: { userId: wangli.id, expiresAt: T0 + 54 * HOUR, previousExpiresAt: T0 + 30 * HOUR, reason: '当事人外出' },
      actor: wangli,
      at: NOW,
    })
    expect(extended.holders[0].expiresAt).toBe(T0 + 54 * HOUR)
    expect(checkAction(extended, users.wangli, 'extend', NOW)).toMatchObject({ ok: false, code: 'EXTENSION_USED' })
  })

  it('a team task takes members until its seats are full, in claimed and in_progress too', () => {
    let t = fold(log(created(), routed, signed, published({ claimMode: 'team', seats: 2 }), claimedBy(wangli)))
    expect(t.state).toBe('claimed')
    expect(checkAction(t, users.chen, 'claim', NOW).ok).toBe(true)
    t = applyEvent(t, { taskId: TASK, seq: 6, type: 'progress', data: progress()[1], actor: wangli, at: NOW } as TaskEvent)
    expect(t.state).toBe('in_progress')
    expect(checkAction(t, users.chen, 'claim', NOW).ok).toBe(true)
    t = applyEvent(t, {
      taskId: TASK,
      seq: 7,
      type: 'claimed',
      data: { userId: chen.id, name: chen.name, seat: 1, expiresAt: NOW + HOUR },
      actor: chen,
      at: NOW,
    } as TaskEvent)
    expect(openSeats(t, NOW)).toBe(0)
    expect(checkAction(t, { ...users.chen, id: 'u-third' }, 'claim', NOW)).toMatchObject({ ok: false, code: 'TASK_ALREADY_CLAIMED' })
  })

  it('定向: only the reserved person may claim', () => {
    const t = fold(log(created(), routed, signed, published({ claimMode: 'reserved', reservedFor: [chen] })))
    expect(checkAction(t, users.chen, 'claim', NOW).ok).toBe(true)
    expect(checkAction(t, users.wangli, 'claim', NOW)).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' })
  })

  it('申请→审批: claiming is applying; the lead approves someone who applied', () => {
    let t = fold(log(created(), routed, signed, published({ claimMode: 'apply' })))
    expect(checkAction(t, users.lead, 'approve-claim', NOW)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' })
    t = applyEvent(t, { taskId: TASK, seq: 5, type: 'claim_applied', data: { userId: chen.id, name: chen.name }, actor: chen, at: NOW } as TaskEvent)
    expect(checkAction(t, users.chen, 'claim', NOW)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' })
    expect(availableActions(t, users.lead, NOW)).toContain('approve-claim')
    t = applyEvent(t, {
      taskId: TASK,
      seq: 6,
      type: 'claim_approved',
      data: { userId: chen.id, name: chen.name, seat: 0, expiresAt: NOW + HOUR, approvedBy: lead },
      actor: lead,
      at: NOW,
    } as TaskEvent)
    expect(t.state).toBe('claimed')
    expect(t.applicants).toEqual([])
    expect(t.holders[0].via).toBe('approval')
  })

  it('no claims after the claim deadline', () => {
    const t = fold(log(created(), routed, signed, published({ claimDeadline: NOW - 1 })))
    expect(checkAction(t, users.chen, 'claim', NOW)).toMatchObject({ ok: false, code: 'CLAIM_DEADLINE_PASSED' })
    expect(isClaimable(t, NOW)).toBe(false)
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
