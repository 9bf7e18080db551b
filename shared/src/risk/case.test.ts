import { centre, created, fold, log, T0, wangli } from '../tasks/machine.fixtures'
import { addressKey, caseFromTaskLog, subjectKeys, taskChannel } from './case'

describe('a task as a risk case', () => {
  it('collects every text with where it came from, the counts, the agreement and the last contact', () => {
    const events = log(
      created({ description: '双方争吵', location: { lat: 30, lng: 121, address: '新城社区3幢402室' } }),
      ['routed', { department: { code: 'PCS', name: '派出所' }, signBy: T0 + 9e6 }],
      ['bounced', { department: { code: 'PCS', name: '派出所' }, reason: '非本所职责', bounceCount: 1, escalate: false, scoring: {} }],
      ['assigned', { userId: wangli.id, name: wangli.name, seat: 0 }],
      ['progress', { kind: 'visit', note: '上门了解，一方扬言报复', photos: [] }, wangli],
      ['progress', { kind: 'agreement', note: '达成调解协议', photos: [] }, wangli],
      ['escalated', { reason: '需多部门联动', kind: 'manual', released: [] }, wangli],
    )
    const c = caseFromTaskLog(fold(events), events)
    expect(c.texts.map((t) => [t.source, t.text])).toEqual([
      ['description', '邻里噪音纠纷。双方争吵'],
      ['bounce', '非本所职责'],
      ['progress', '上门了解，一方扬言报复'],
      ['mediation', '达成调解协议'],
      ['escalation', '需多部门联动'],
    ])
    expect(c.counts).toEqual({ bounces: 1, returns: 0, reopens: 0, escalations: 1, failedMediations: 0 })
    expect(c.agreement).toBe(true)
    expect(c.lastContact).toMatchObject({ by: '王丽', what: '达成调解协议' })
    expect(c.address).toEqual({ key: 'a:新城社区3幢402', label: '新城社区3幢402室' })
    expect(subjectKeys(c)).toEqual(['p:h', 'a:新城社区3幢402'])
    expect(c.open).toBe(true)
    expect(c.contacts).toEqual([{ channel: '社治中心', at: T0 }])
    expect(c.createdAt).toBe(T0)
    expect(centre.name).toBe('赵燕')
  })

  it.each([
    ['110-20261127-0312', 'centre', '110'],
    ['12345-778', 'centre', '12345'],
    ['1104', 'centre', '社治中心'],
    [undefined, 'direct_report', '网格上报'],
    [undefined, 'centre', '社治中心'],
  ] as const)('source %s from %s → channel %s', (sourceRef, origin, channel) => {
    expect(taskChannel({ sourceRef, origin })).toBe(channel)
  })

  it.each([
    ['新城社区 3 幢 402 室', 'a:新城社区3幢402'],
    ['浙江省宁波市慈溪市古塘街道新城社区３栋402', 'a:新城社区3幢402'],
    ['新城社区3号楼402', 'a:新城社区3幢402'],
    ['新城社区3幢401', 'a:新城社区3幢401'],
    ['3幢', null],
  ])('address %s → %s', (address, key) => {
    expect(addressKey(address)).toBe(key)
  })
})
