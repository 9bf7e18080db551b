import { TASK_ACTIONS, TASK_STATES, type TaskAction, type TaskStateName } from './constants'
import { applyEvent, isClaimable, openSeats } from './fold'
import { availableActions, checkAction, STATE_ACTIONS, visibility } from './machine'
import {
  centre,
  chen,
  claimedBy,
  created,
  fold,
  HOUR,
  IN_STATE,
  lead,
  log,
  progress,
  published,
  routed,
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
  'send-back': users.dispatcher,
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
  // 王丽 went up while holding it: the centre answers; she keeps her claim (extend, release, progress) meanwhile
  escalated: ['route', 'publish', 'assign', 'send-back', 'extend', 'release', 'progress', 'cancel', 'reveal-phone'],
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

  it('the centre, the department lead and the holders while they work on it may reveal a phone number', () => {
    expect(checkAction(IN_STATE.claimed, users.lead, 'reveal-phone', NOW).ok).toBe(true)
    for (const state of ['claimed', 'in_progress', 'returned'] as const) expect(checkAction(IN_STATE[state], users.wangli, 'reveal-phone', NOW).ok).toBe(true)
    // submitted, closed: she no longer works on it; 陈强 of the next grid never held it
    for (const state of ['submitted', 'closed'] as const) {
      expect(checkAction(IN_STATE[state], users.wangli, 'reveal-phone', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    }
    expect(checkAction(IN_STATE.published, users.wangli, 'reveal-phone', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('the holder sees exactly the buttons for handling', () => {
    expect(availableActions(IN_STATE.claimed, users.wangli, NOW)).toEqual(['extend', 'release', 'progress', 'escalate', 'reveal-phone'])
    expect(availableActions(IN_STATE.in_progress, users.wangli, NOW)).toEqual(['release', 'progress', 'submit', 'escalate', 'reveal-phone'])
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

describe('上报 goes up a level: the holders stay on it until the centre answers', () => {
  const escalated = IN_STATE.escalated
  const team = (...more: Parameters<typeof log>) =>
    fold(log(created(), routed, signed, published({ claimMode: 'team', seats: 2 }), claimedBy(wangli), claimedBy(chen, 1), ...more))

  it('the holder may escalate instead of 放弃 only to stay responsible: no second escalation, no submitting while the centre decides', () => {
    expect(availableActions(escalated, users.wangli, NOW)).toEqual(['extend', 'release', 'progress', 'reveal-phone'])
    expect(checkAction(escalated, users.wangli, 'escalate', NOW)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' })
    expect(checkAction(escalated, users.wangli, 'submit', NOW)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' })
    // a lapsed claim is not saved by the escalation: the claim clock runs on
    expect(checkAction(escalated, users.wangli, 'progress', T0 + 31 * HOUR)).toMatchObject({ ok: false, code: 'CLAIM_EXPIRED' })
  })

  it('nobody else can claim the seat meanwhile', () => {
    expect(checkAction(escalated, users.chen, 'claim', NOW)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' })
    expect(isClaimable(escalated, NOW)).toBe(false)
  })

  it('the centre answers: 发回 (only the centre), re-route, re-publish, 指派 or cancel', () => {
    expect(availableActions(escalated, users.dispatcher, NOW)).toEqual(['route', 'publish', 'assign', 'send-back', 'cancel', 'reveal-phone'])
    expect(checkAction(escalated, users.lead, 'send-back', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(checkAction(escalated, users.wangli, 'send-back', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('发回 needs someone to send it back to: not a timed-out routing, not once every claim has lapsed', () => {
    const unsigned = fold(log(created(), routed, ['escalated', { reason: '超时未签收', kind: 'sign_timeout', released: [] }]))
    expect(checkAction(unsigned, users.dispatcher, 'send-back', NOW)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' })
    expect(availableActions(unsigned, users.dispatcher, NOW)).toEqual(['route', 'publish', 'assign', 'cancel', 'reveal-phone'])
    expect(checkAction(escalated, users.dispatcher, 'send-back', T0 + 31 * HOUR)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' })
  })

  it('one team member’s escalation leaves the other members on the task, each with their own verbs', () => {
    const t = team(['escalated', { reason: '需要法律支持', kind: 'manual', released: [] }, chen])
    expect(t.holders.map((h) => h.userId)).toEqual([wangli.id, chen.id])
    expect(availableActions(t, users.wangli, NOW)).toEqual(['extend', 'release', 'progress', 'reveal-phone'])
    expect(checkAction(t, { ...users.chen, id: 'u-third' }, 'claim', NOW)).toMatchObject({ ok: false })
  })

  it('a department lead may escalate a task someone holds; the holder stays on it', () => {
    expect(checkAction(IN_STATE.in_progress, users.lead, 'escalate', NOW).ok).toBe(true)
    const t = applyEvent(IN_STATE.in_progress, {
      taskId: TASK,
      seq: 7,
      type: 'escalated',
      data: { reason: '需多部门联动', kind: 'manual', released: [] },
      actor: lead,
      at: NOW,
    })
    expect(t.holders.map((h) => h.userId)).toEqual([wangli.id])
    expect(t.escalation).toMatchObject({ from: 'in_progress', by: lead })
    expect(applyEvent(t, { taskId: TASK, seq: 8, type: 'sent_back', data: {}, actor: centre, at: NOW }).state).toBe('in_progress')
  })
})
