import { feedbackContent, feedbackId, feedbackRecord, feedbackTargets, wantsFeedback } from './feedback'

describe('which records hear back', () => {
  test.each([
    ['110', true],
    ['12345', true],
    ['zlf', false],
    ['window', false],
    ['nope', false],
  ])('%s wants feedback: %s', (channel, wants) => expect(wantsFeedback(channel)).toBe(wants))

  test('targets are the records of channels that want it, each once', () => {
    expect(feedbackTargets(['110:J1', 'zlf:Z1', '12345:NB1', '110:J1', 'broken'])).toEqual([
      { sourceKey: '110:J1', channel: '110', sourceId: 'J1' },
      { sourceKey: '12345:NB1', channel: '12345', sourceId: 'NB1' },
    ])
  })
})

describe('what is said', () => {
  test.each<[Parameters<typeof feedbackContent>[0], string, string, string]>([
    [{ kind: 'task', type: 'signed', unit: '古塘派出所' }, 'signed', '古塘派出所已签收，正在处置', '古塘派出所'],
    [{ kind: 'task', type: 'claimed', unit: '王丽' }, 'signed', '王丽已签收，正在处置', '王丽'],
    [{ kind: 'task', type: 'accepted', closureCode: 'mediated', note: '签订协议', unit: '新城社区' }, 'closed', '调解成功：签订协议', '新城社区'],
    [{ kind: 'task', type: 'accepted', closureCode: 'resolved', unit: '城管中队' }, 'closed', '已解决', '城管中队'],
    [{ kind: 'task', type: 'cancelled', closureCode: 'withdrawn', reason: '撤回', unit: '社治中心' }, 'cancelled', '当事人撤回：撤回', '社治中心'],
    [{ kind: 'lead', type: 'converted', taskNo: 'T1', routedTo: '发布到村社揭榜' }, 'accepted', '已立工单 T1，发布到村社揭榜', '街道社会治理中心'],
    [{ kind: 'lead', type: 'attached', taskNo: 'T2' }, 'attached', '与已有工单 T2 为同一事件，并入办理', '街道社会治理中心'],
    [{ kind: 'lead', type: 'returned', to: '110', reason: '属警务' }, 'returned', '退回110：属警务', '110'],
    [{ kind: 'lead', type: 'transferred', to: '市场监管所', reason: '消费纠纷' }, 'transferred', '移交市场监管所：消费纠纷', '市场监管所'],
    [{ kind: 'lead', type: 'refused', reason: '已和解' }, 'refused', '已和解', '街道社会治理中心'],
    [{ kind: 'lead', type: 'resolved', reason: '当场化解' }, 'resolved', '当场化解', '街道社会治理中心'],
  ])('%o', (move, status, result, unit) => expect(feedbackContent(move)).toEqual({ status, result, unit }))
})

describe('keys: each record and move once', () => {
  test('signing and claiming a task share one key (the channel hears 已签收 once)', () => {
    expect(feedbackId('110:J1', { taskId: 'T9', status: 'signed' })).toBe('110:J1|T9:signed')
    expect(feedbackId('110:J1', { eventId: 'XS1:4' })).toBe('110:J1|XS1:4')
  })

  test('a record carries the channel, its id, the label and the time', () => {
    const r = feedbackRecord({
      sourceKey: '12345:NB7',
      cause: { eventId: 'XS1:3' },
      move: { kind: 'lead', type: 'refused', reason: 'x'.repeat(600) },
      at: new Date('2026-12-03T02:00:00Z'),
      leadId: 'XS1',
    })
    expect(r).toMatchObject({
      feedbackId: '12345:NB7|XS1:3',
      channel: '12345',
      sourceId: 'NB7',
      status: 'refused',
      statusLabel: '不予受理',
      at: '2026-12-03T02:00:00.000Z',
      leadId: 'XS1',
    })
    expect(r.result).toHaveLength(500)
    expect(r).not.toHaveProperty('taskNo')
  })

  test('a channel without feedback is refused', () => {
    expect(() =>
      feedbackRecord({ sourceKey: 'zlf:1', cause: { eventId: 'a' }, move: { kind: 'lead', type: 'refused', reason: 'r' }, at: new Date(), leadId: 'x' }),
    ).toThrow()
  })
})
