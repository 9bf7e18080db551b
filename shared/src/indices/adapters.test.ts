import { followUpFactOf, leadFactAfter, leadLinkedPayload, mediationFactOf, mediationRecordedPayload, recordFactOf } from './adapters'
import type { TaskFact } from './facts'

const T = Date.UTC(2026, 10, 12, 2)
const lead = (p: object) => leadLinkedPayload.parse({ leadId: 'L1', sourceKey: '110:A', kind: 'new', relatedLeadIds: [], at: T, ...p })
const src = { channel: '110', territory: 'GT-01-01-02', category: 'neighbour' }

describe('lead facts from lead.linked', () => {
  it.each([
    ['a new lead', [lead({})], { channels: ['110'], repeat: false, receivedAt: T, territory: 'GT-01-01-02' }],
    [
      'joined by another channel',
      [lead({}), lead({ sourceKey: '12345:B', kind: 'joined', at: T + 1 })],
      { channels: ['110', '12345'], repeat: false, receivedAt: T },
    ],
    ['a repeat', [lead({ kind: 'repeat' })], { channels: ['110'], repeat: true }],
    ['the same event twice', [lead({}), lead({})], { channels: ['110'], repeat: false }],
    ['joined delivered before new', [lead({ sourceKey: '12345:B', kind: 'joined', at: T + 1 }), lead({})], { channels: ['110', '12345'], receivedAt: T }],
  ])('%s', (_name, events, want) => {
    let f = null as ReturnType<typeof leadFactAfter> | null
    for (const e of events) f = leadFactAfter(f, e, e.sourceKey.startsWith('110') ? src : { channel: '12345' })
    expect(f).toMatchObject(want)
  })

  it('refuses what is not a lead.linked payload', () => {
    expect(leadLinkedPayload.safeParse({ leadId: 'L1', at: T }).success).toBe(false)
    expect(leadLinkedPayload.safeParse({ leadId: 'L1', sourceKey: 'x', kind: 'other', at: T }).success).toBe(false)
    expect(leadLinkedPayload.safeParse({ leadId: 'L1', sourceKey: 'x', kind: 'new', at: 'not a date' }).success).toBe(false)
  })
})

const task = { kind: 'task', id: 'JQ1', territory: 'GT-02-01', department: 'SFS', category: 'family', closedAt: T - 1000 } as TaskFact

describe('mediation facts from mediation.recorded', () => {
  it.each([
    ['succeeded', { finishedAt: T, succeeded: true }],
    ['failed', { finishedAt: T, succeeded: false }],
    ['ongoing', { succeeded: false }],
  ])('%s', (outcome, want) => {
    const f = mediationFactOf(mediationRecordedPayload.parse({ mediationId: 'M1', taskId: 'JQ1', outcome, at: T }), task)
    expect(f).toMatchObject({ ...want, territory: 'GT-02-01', department: 'SFS' })
    if (outcome === 'ongoing') expect(f.finishedAt).toBeUndefined()
  })
})

it('reads mediation.recorded as the mediators domain publishes it', () => {
  const e = mediationRecordedPayload.parse({
    id: 'T1:outcome',
    taskId: 'JQ1',
    territory: 'GT-03-01',
    outcome: 'success',
    recordedAt: new Date(T).toISOString(),
    sessions: 2,
  })
  expect(mediationFactOf(e, task)).toMatchObject({ id: 'T1:outcome', finishedAt: T, succeeded: true, territory: 'GT-03-01' })
  expect(mediationFactOf(mediationRecordedPayload.parse({ id: 'T2:outcome', outcome: 'partial', recordedAt: T }), null)).toMatchObject({
    finishedAt: T,
    succeeded: false,
  })
})

describe('回访 facts', () => {
  it.each([
    ['satisfied', true],
    ['basically_satisfied', true],
    ['dissatisfied', false],
  ] as const)('%s counts as satisfied: %s', (rating, satisfied) => {
    expect(followUpFactOf({ taskId: 'JQ1', rating, at: T }, task)).toMatchObject({ satisfied, closedAt: T - 1000, calledAt: T })
  })
  it('a task not closed has no 回访 to count', () => {
    expect(followUpFactOf({ taskId: 'JQ1', rating: 'satisfied', at: T }, { ...task, closedAt: undefined })).toBeNull()
  })
})

it('a source record counts for its channel where its address was matched', () => {
  expect(recordFactOf({ _id: '110:A', channel: '110', reportedAt: new Date(T), micro: 'GT-01-01-02', community: 'GT-01', categoryCode: 'x' })).toEqual({
    kind: 'record',
    id: '110:A',
    channel: '110',
    receivedAt: T,
    territory: 'GT-01-01-02',
    category: 'x',
  })
})
