import type { RiskColour } from '../tasks/constants'
import { applyEvent } from '../tasks/fold'
import { centre, created, fold, HOUR, IN_STATE, log, T0, TASK, wangli } from '../tasks/machine.fixtures'
import type { RiskChangedData, TaskEvent, TaskState } from '../tasks/types'
import { engineChange, engineColour, followUpMissed, manualChange } from './engine'
import { DEFAULT_RISK_RULES as R } from './rules'
import type { RiskAssessment } from './score'

const NOW = T0 + 2 * HOUR
const scored = (colour: RiskColour, score = colour === 'red' ? 70 : colour === 'yellow' ? 40 : 5): RiskAssessment => ({
  score,
  colour,
  factors: [{ code: 'phrase', points: score, text: '进展记录含「扬言」' }],
})
const opts = { now: NOW, ruleVersion: 1, notify: () => ['u-hejun', 'u-zhaoyan'] }
const risk = (t: TaskState, data: RiskChangedData, actor = { id: 'system', name: '系统' }, at = NOW): TaskState =>
  applyEvent(t, { taskId: TASK, seq: t.seq + 1, type: 'risk_changed', data, actor, at } as TaskEvent)
const green = fold(log(created({ riskColour: 'green' })))

describe('the engine colours a task, never below what a person set', () => {
  it.each([
    // [colour at creation, engine's colour, colour given]
    ['green', 'green', 'green'],
    ['green', 'yellow', 'yellow'],
    ['green', 'red', 'red'],
    ['yellow', 'green', 'yellow'],
    ['yellow', 'red', 'red'],
    ['red', 'green', 'red'],
    ['red', 'yellow', 'red'],
  ] as const)('created %s, scored %s → %s', (initial, assessed, expected) => {
    const t = fold(log(created({ riskColour: initial })))
    expect(engineColour(t, assessed)).toBe(expected)
  })

  it('turning red: the event carries the factors, a follow-up deadline and who is told', () => {
    const change = engineChange(green, scored('red'), R, opts)
    expect(change).toEqual({
      colour: 'red',
      previous: 'green',
      source: 'engine',
      score: 70,
      factors: [{ code: 'phrase', points: 70, text: '进展记录含「扬言」' }],
      ruleVersion: 1,
      followUpBy: NOW + 24 * HOUR,
      notify: ['u-hejun', 'u-zhaoyan'],
    })
  })

  it('the same colour again: nothing to append (scoring twice writes once)', () => {
    const red = risk(green, engineChange(green, scored('red'), R, opts) as RiskChangedData)
    expect(engineChange(red, scored('red', 90), R, opts)).toBeNull()
  })

  it('turning yellow: no deadline and nobody paged', () => {
    expect(engineChange(green, scored('yellow'), R, opts)).toEqual(expect.not.objectContaining({ followUpBy: expect.anything() }))
    expect(engineChange(green, scored('yellow'), R, opts)?.notify).toBeUndefined()
  })

  it('a manual red survives any score; a person lowers it', () => {
    const manual = risk(green, manualChange(green, 'red', '当事人扬言报复，所里研判', scored('green'), R, opts), centre)
    expect(manual.risk?.floor).toEqual({ colour: 'red', by: centre, at: NOW, reason: '当事人扬言报复，所里研判' })
    expect(engineChange(manual, scored('green'), R, opts)).toBeNull()
    const lowered = risk(manual, manualChange(manual, 'yellow', '已调解，双方情绪平稳', scored('green'), R, opts), centre)
    expect(lowered.riskColour).toBe('yellow')
    expect(engineChange(lowered, scored('red'), R, opts)?.colour).toBe('red')
    expect(engineChange(lowered, scored('green'), R, opts)).toBeNull()
  })

  it('the engine raises a manual yellow and later brings it back to yellow, not green', () => {
    const manual = risk(green, manualChange(green, 'yellow', '先关注', scored('green'), R, opts), centre)
    const raised = risk(manual, engineChange(manual, scored('red'), R, opts) as RiskChangedData)
    expect(raised).toMatchObject({ riskColour: 'red', risk: { source: 'engine', floor: { colour: 'yellow' } } })
    expect(engineChange(raised, scored('green'), R, opts)?.colour).toBe('yellow')
  })

  it('finished tasks keep their colour', () => {
    expect(engineChange(IN_STATE.closed, scored('red'), R, opts)).toBeNull()
    expect(engineChange(IN_STATE.cancelled, scored('red'), R, opts)).toBeNull()
  })
})

describe('a red warning waits for a person to act', () => {
  const red = risk(green, engineChange(green, scored('red'), R, opts) as RiskChangedData)
  const later = NOW + 25 * HOUR

  it('untouched past the deadline: missed', () => {
    expect(red.risk).toMatchObject({ followUpBy: NOW + 24 * HOUR, since: NOW })
    expect(followUpMissed(red, NOW + 23 * HOUR)).toBe(false)
    expect(followUpMissed(red, later)).toBe(true)
  })

  it('any step of work by a person ends the wait; notes and the system do not', () => {
    const noted = applyEvent(red, {
      taskId: TASK,
      seq: red.seq + 1,
      type: 'phone_revealed',
      data: { party: 0, partyName: '张三' },
      actor: centre,
      at: NOW + HOUR,
    } as TaskEvent)
    expect(followUpMissed(noted, later)).toBe(true)
    const routed = applyEvent(red, {
      taskId: TASK,
      seq: red.seq + 1,
      type: 'routed',
      data: { department: { code: 'PCS', name: '派出所' }, signBy: NOW + 5 * HOUR },
      actor: centre,
      at: NOW + HOUR,
    } as TaskEvent)
    expect(routed.risk).toMatchObject({ followedUpAt: NOW + HOUR })
    expect(followUpMissed(routed, later)).toBe(false)
  })

  it('escalated once: not missed again while it stays red', () => {
    const escalated = applyEvent(red, {
      taskId: TASK,
      seq: red.seq + 1,
      type: 'risk_escalated',
      data: { followUpBy: NOW + 24 * HOUR, notify: ['u-liugang'], score: 70, factors: [] },
      actor: { id: 'system', name: '系统' },
      at: later,
    } as TaskEvent)
    expect(escalated.risk?.escalatedAt).toBe(later)
    expect(followUpMissed(escalated, later + HOUR)).toBe(false)
    // staying red under a new score keeps the escalation; a new red episode starts a new wait
    const rescored = risk(escalated, { ...(engineChange(green, scored('red'), R, opts) as RiskChangedData), previous: 'red' }, undefined, later + HOUR)
    expect(rescored.risk?.escalatedAt).toBe(later)
  })

  it('risk events leave updatedAt and the buttons alone', () => {
    expect(red.updatedAt).toBe(green.updatedAt)
    expect(red.state).toBe(green.state)
  })

  it('a grid worker\u2019s progress on a red task counts as acting on it', () => {
    const published = IN_STATE.in_progress
    const r = risk(published, engineChange(published, scored('red'), R, opts) as RiskChangedData)
    const progressed = applyEvent(r, {
      taskId: TASK,
      seq: r.seq + 1,
      type: 'progress',
      data: { kind: 'visit', note: '已上门', photos: [] },
      actor: wangli,
      at: NOW + HOUR,
    } as TaskEvent)
    expect(progressed.risk?.followUpBy).toBeUndefined()
  })
})
