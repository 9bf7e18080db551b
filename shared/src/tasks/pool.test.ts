import { SPECIALTY_TAGS } from '../tags'
import { availableActions, checkAction, visibility } from './machine'
import { created, fold, HOUR, lead, log, published, routed, signed, T0 } from './machine.fixtures'
import { inPool, poolAdmits } from './pool'
import type { Eligibility, TaskUser } from './types'

/* 揭榜范围 with 专长: a pool that names tags admits anyone of its roles and territory who has at least one of them. */

const NOW = T0 + 2 * HOUR

const mediator = (id: string, territory: string, tags?: string[]): TaskUser => ({ id, roles: ['mediator'], territory, tags })
const fengbo = mediator('u-fengbo', 'GT-09', ['婚恋家庭', '邻里', '土地', '慈溪话'])
const yangxue = { ...mediator('u-yangxue', 'GT', ['法律', '劳资']), department: 'SFS' }
const untagged = mediator('u-new', 'GT-09')
const caoyong = mediator('u-caoyong', 'GT-03', ['婚恋家庭'])
const sunhao: TaskUser = { id: 'u-sunhao', roles: ['grid_worker'], territory: 'GT-09-01', tags: ['婚恋家庭'] }

const pool = (tags: string[], roles: Eligibility['roles'] = ['mediator']): Eligibility => ({ territory: 'GT-09', roles, tags })

describe('poolAdmits: roles, territory and any one of the required 专长', () => {
  const cases: Array<[string, Eligibility, TaskUser, boolean]> = [
    ['no tags required: a mediator of the territory', pool([]), untagged, true],
    ['no tags required: a street-level mediator (territory contains the pool)', pool([]), yangxue, true],
    ['one required tag the mediator has', pool(['婚恋家庭']), fengbo, true],
    ['two required tags, the mediator has one of them (any-of, not all-of)', pool(['婚恋家庭', '法律']), yangxue, true],
    ['two required tags, the mediator has the other one', pool(['婚恋家庭', '法律']), fengbo, true],
    ['a required tag the mediator lacks', pool(['婚恋家庭']), yangxue, false],
    ['tags required, the person carries none', pool(['慈溪话']), untagged, false],
    ['the right tag but another community', pool(['婚恋家庭']), caoyong, false],
    ['the right tag but another role', pool(['婚恋家庭']), sunhao, false],
    ['the right tag and one of several roles', pool(['婚恋家庭'], ['grid_worker', 'mediator']), sunhao, true],
  ]
  it.each(cases)('%s → %s', (_name, e, u, admitted) => {
    expect(poolAdmits(e, u)).toBe(admitted)
  })

  it('the shared 专长 list has no duplicates and includes the mediators’ domains and 乡音', () => {
    expect(new Set(SPECIALTY_TAGS).size).toBe(SPECIALTY_TAGS.length)
    expect(SPECIALTY_TAGS).toEqual(expect.arrayContaining(['婚恋家庭', '劳资', '土地', '邻里', '法律', '慈溪话']))
  })
})

describe('a task published to 调解员 with 专长 婚恋家庭 over 丰园村', () => {
  const task = fold(
    log(
      created({ territory: { code: 'GT-09-01', name: '丰园村第1网格' } }),
      routed,
      signed,
      published({ eligibility: { territory: 'GT-09', roles: ['mediator'], tags: ['婚恋家庭'] } }),
    ),
  )

  it('a mediator with the tag sees it and may claim', () => {
    expect(inPool(task, fengbo)).toBe(true)
    expect(visibility(task, fengbo)).toBe('visible')
    expect(availableActions(task, fengbo, NOW)).toEqual(['claim'])
  })

  it('a mediator of the territory without the tag cannot see it, and a claim says which 专长 it needs (NOT_ELIGIBLE)', () => {
    expect(visibility(task, yangxue)).toBe('forbidden')
    expect(availableActions(task, yangxue, NOW)).toEqual([])
    const v = checkAction(task, yangxue, 'claim', NOW)
    expect(v).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' })
    expect(v.ok || v.message).toContain('婚恋家庭')
  })

  it('a grid worker of the task’s grid sees it (属地) but is not of the pool’s role: NOT_ELIGIBLE', () => {
    expect(visibility(task, sunhao)).toBe('visible')
    expect(checkAction(task, sunhao, 'claim', NOW)).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' })
  })

  it('a mediator of another community is simply not let in (FORBIDDEN)', () => {
    expect(checkAction(task, caoyong, 'claim', NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('without required tags the same pool admits every mediator of the territory', () => {
    const open = fold(log(created(), routed, signed, published({ eligibility: { territory: 'GT-01', roles: ['mediator'], tags: [] } })))
    const here = mediator('u-m', 'GT-01-03')
    expect(checkAction(open, here, 'claim', NOW).ok).toBe(true)
    expect(checkAction(open, { ...here, tags: ['法律'] }, 'claim', NOW).ok).toBe(true)
  })

  it('定向 within a tagged pool: the named person needs a tag too; others of the pool hear it is reserved', () => {
    const reserved = fold(
      log(
        created({ territory: { code: 'GT-09-01', name: '丰园村第1网格' } }),
        routed,
        signed,
        published({
          claimMode: 'reserved',
          reservedFor: [{ id: fengbo.id, name: '冯波' }],
          eligibility: { territory: 'GT-09', roles: ['mediator'], tags: ['婚恋家庭', '土地'] },
        }),
      ),
    )
    expect(checkAction(reserved, fengbo, 'claim', NOW).ok).toBe(true)
    const other = mediator('u-other', 'GT-09', ['土地'])
    expect(checkAction(reserved, other, 'claim', NOW)).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE', message: '该工单为定向揭榜，仅限指定人员认领' })
    expect(checkAction(reserved, { ...fengbo, tags: [] }, 'claim', NOW)).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' })
  })

  it('the lead who published it is unaffected by tags', () => {
    const leadUser: TaskUser = { id: lead.id, roles: ['dept_lead'], territory: 'GT', department: 'PCS' }
    expect(visibility(task, leadUser)).toBe('visible')
  })
})
