import { applyTeamEvent, canAnswer, canReplace, currentMembers, foldTeam, seatsOf, type TeamEvent, type TeamMemberSpec } from './team'

const actor = { id: 'u-liugang', name: '刘刚' }
const spec = (id: string): TeamMemberSpec => ({
  mediatorId: id,
  name: id,
  type: 'professional',
  slotKey: '0',
  slotLabel: '专职调解员',
  channel: 'dingtalk',
  summary: '',
  load: { k: 0, token: `t-${id}` },
})
let seq = 0
const ev = <K extends TeamEvent['type']>(type: K, data: Extract<TeamEvent, { type: K }>['data']) =>
  ({ teamId: 'JQ20261127-0001:team:1', seq: ++seq, at: 1000 * seq, actor, type, data }) as TeamEvent
const formed = () => {
  seq = 0
  return ev('formed', {
    taskId: 'JQ20261127-0001',
    taskNo: 'JQ20261127-0001',
    proposer: actor,
    rule: { id: 'r', description: 'd' },
    members: [spec('a'), spec('b'), spec('c')],
  })
}

describe('a team as the fold of its events', () => {
  it('formed: everyone invited, forming, one seat each', () => {
    const t = foldTeam([formed()])
    expect(t?.status).toBe('forming')
    expect(t?.members.map((m) => m.status)).toEqual(['invited', 'invited', 'invited'])
    expect(seatsOf(t!)).toBe(3)
  })

  it('accept makes it active; a decline keeps the seat for a replacement; the replacement is invited', () => {
    const t = foldTeam([formed(), ev('accepted', { mediatorId: 'a', via: 'app' }), ev('declined', { mediatorId: 'b', reason: '出差' })])!
    expect(t.status).toBe('active')
    expect(seatsOf(t)).toBe(3)
    expect(currentMembers(t).map((m) => m.mediatorId)).toEqual(['a', 'c'])
    const r = applyTeamEvent(t, ev('replaced', { mediatorId: 'b', member: spec('d') }))
    expect(r.members.map((m) => [m.mediatorId, m.status])).toEqual([
      ['a', 'accepted'],
      ['b', 'replaced'],
      ['c', 'invited'],
      ['d', 'invited'],
    ])
    expect(r.members.find((m) => m.mediatorId === 'b')?.replacedBy).toBe('d')
    expect(seatsOf(r)).toBe(3)
  })

  it('removal gives the seat up; leaving keeps it for a replacement; finished and dissolved end every membership', () => {
    const t = foldTeam([
      formed(),
      ev('removed', { mediatorId: 'c', reason: '不需要' }),
      ev('accepted', { mediatorId: 'a', via: 'sms_link' }),
      ev('left', { mediatorId: 'a', reason: '生病' }),
    ])!
    expect(seatsOf(t)).toBe(2)
    expect(t.status).toBe('forming')
    expect(currentMembers(applyTeamEvent(t, ev('finished', { outcome: 'success' })))).toEqual([])
    expect(applyTeamEvent(t, ev('dissolved', { reason: '工单已撤销' })).status).toBe('dissolved')
  })
})

describe('who may answer, replace or remove', () => {
  const t = foldTeam([formed(), ev('accepted', { mediatorId: 'a', via: 'app' }), ev('declined', { mediatorId: 'b', reason: '出差' })])!
  it.each([
    ['c', 'accept', true, ''],
    ['c', 'decline', true, ''],
    ['a', 'accept', false, '您已接受该邀请'],
    ['a', 'decline', false, '您已接受邀请；如需退出，请在工单中“放弃”并说明原因'],
    ['b', 'accept', false, '您已婉拒该邀请'],
    ['z', 'accept', false, '您不在该攻坚小组的邀请名单中（可能已被更换）'],
  ] as const)('%s %s → %s', (id, answer, ok, message) => {
    const v = canAnswer(t, id, answer)
    expect(v.ok).toBe(ok)
    if (!v.ok) expect(v.message).toBe(message)
  })

  it.each([
    ['b', true],
    ['c', true],
    ['a', false],
  ])('replace %s → %s', (id, ok) => {
    expect(canReplace(t, id).ok).toBe(ok)
  })

  it('an ended team takes no answers', () => {
    const done = applyTeamEvent(t, ev('finished', { outcome: 'failed' }))
    expect(canAnswer(done, 'c', 'accept')).toMatchObject({ ok: false, message: '该攻坚小组已结束调解，无需再答复' })
  })
})
