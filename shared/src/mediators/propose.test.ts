import { candidate, FAMILY_TASK, NOW } from './fixtures'
import { checkChoice, type MediatorCandidate, PREFERRED_SLOT_KEY, proposeTeam } from './propose'
import { DEFAULT_COMPOSITION_RULES, ruleFor } from './rules'

const familyRed = ruleFor(DEFAULT_COMPOSITION_RULES, 'family', 'red')
const pool: MediatorCandidate[] = [
  candidate('police-near', 'police', { home: 'GT-01-02', domains: ['family'] }),
  candidate('police-far', 'police', { home: 'GT-09' }),
  candidate('judicial-1', 'judicial', { domains: ['family'] }),
  candidate('pro-good', 'professional', { domains: ['family'], stats: { done: 10, success: 9, partial: 0, ratingSum: 48, ratingCount: 10 } }),
  candidate('pro-kin', 'professional', { domains: ['family'], relations: [{ kind: 'kin', name: '张丽', phoneHash: 'hash-zhangli' }], years: 30 }),
  candidate('pro-ok', 'professional', { domains: [] }),
  candidate('cadre-local', 'cadre', { home: 'GT-01' }),
  candidate('cadre-elsewhere', 'cadre', { home: 'GT-03', domains: ['family'] }),
]
const propose = (over: Partial<Parameters<typeof proposeTeam>[0]> = {}) =>
  proposeTeam({ task: FAMILY_TASK, rule: familyRed, candidates: pool, now: NOW, ...over })
const picks = (p: ReturnType<typeof proposeTeam>) => p.slots.map((s) => s.picks.map((c) => c.id))

describe('a team proposal for a red 婚恋家庭 dispute', () => {
  it('fills each slot with the best-scoring person who has no conflict', () => {
    const p = propose()
    expect(p.rule.id).toBe('family-red')
    expect(picks(p)).toEqual([['police-near'], ['judicial-1'], ['pro-good'], ['cadre-local']])
  })

  it('the parties’ village cadre slot takes only cadres who live there', () => {
    const s = propose().slots[3]
    expect(s.label).toBe('当事人所在村社的村社干部')
    expect(s.pool.total).toBe(1)
    expect(s.alternatives).toEqual([])
  })

  it('explains every pick, offers the next best for a swap, and says why the better-looking one was excluded', () => {
    const pro = propose().slots[2]
    expect(pro.picks[0].summary).toContain('擅长婚恋家庭纠纷')
    expect(pro.alternatives.map((a) => a.id)).toEqual(['pro-ok'])
    expect(pro.excluded.map((e) => [e.id, e.exclusions?.map((x) => x.code)])).toEqual([['pro-kin', ['kin']]])
    expect(pro.pool).toEqual({ total: 3, excluded: 1 })
  })

  it('says why a slot is short', () => {
    const noCadre = pool.filter((c) => c.id !== 'cadre-local')
    expect(propose({ candidates: noCadre }).slots[3].shortfall).toBe('调解员库中暂无当事人所在村社的村社干部')
    const busy = pool.map((c) => (c.type === 'judicial' ? { ...c, load: 3 } : c))
    expect(propose({ candidates: busy }).slots[1].shortfall).toBe('司法所干部共 1 人，均因回避或在办已满被排除')
  })

  it('never proposes one person twice, nor anyone on the skip list', () => {
    const p = propose({ skip: new Set(['police-near']) })
    expect(picks(p)[0]).toEqual(['police-far'])
    const ids = picks(p).flat()
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('ties are broken by id, so two proposals of the same pool are the same', () => {
    const twins = [candidate('b', 'police'), candidate('a', 'police'), ...pool.filter((c) => c.type !== 'police')]
    expect(picks(propose({ candidates: twins }))[0]).toEqual(['a'])
    expect(propose({ candidates: twins })).toEqual(propose({ candidates: [...twins].reverse() }))
  })

  it('a dialect the proposer names favours those who speak it', () => {
    const speakers = [...pool, candidate('police-dialect', 'police', { home: 'GT-01-05', dialects: ['慈溪话'], domains: ['family'] })]
    expect(picks(propose({ candidates: speakers }))[0]).toEqual(['police-near'])
    expect(picks(propose({ candidates: speakers, dialect: '慈溪话' }))[0]).toEqual(['police-dialect'])
  })
})

describe('the mediator a citizen asked for', () => {
  it('is kept in the slot of their kind, even when others score higher', () => {
    const p = propose({ preferredId: 'pro-ok' })
    expect(p.slots[2].picks.map((c) => c.id)).toEqual(['pro-ok'])
    expect(p.slots[2].picks[0].summary).toMatch(/^当事人指定/)
    expect(p.preferred).toMatchObject({ id: 'pro-ok', status: 'kept' })
    expect(p.slots[2].alternatives.map((a) => a.id)).toEqual(['pro-good'])
  })

  it('is not kept when they have a conflict, and the proposal says why', () => {
    const p = propose({ preferredId: 'pro-kin' })
    expect(p.preferred).toMatchObject({ id: 'pro-kin', status: 'excluded', message: '当事人指定的pro-kin未被采用' })
    expect(p.preferred?.exclusions?.map((e) => e.code)).toEqual(['kin'])
    expect(p.slots[2].picks.map((c) => c.id)).toEqual(['pro-good'])
  })

  it('gets a slot of their own when the rule has none of their kind', () => {
    const lawyer = candidate('lawyer', 'legal_aid')
    const p = propose({ candidates: [...pool, lawyer], preferredId: 'lawyer' })
    expect(p.slots.at(-1)).toMatchObject({ key: PREFERRED_SLOT_KEY, label: '当事人指定的法援律师' })
    expect(p.slots.at(-1)?.picks.map((c) => c.id)).toEqual(['lawyer'])
  })

  it('one who left the pool is reported, not silently dropped', () => {
    expect(propose({ preferredId: 'gone' }).preferred).toMatchObject({ status: 'not_found' })
  })
})

describe('checking the proposer’s choice at confirmation', () => {
  const find = (id: string) => pool.find((c) => c.id === id)
  it.each([
    ['pro-good', 2, true, undefined],
    ['pro-kin', 2, false, 'pro-kin不能加入：与当事人存在申报的利害关系（详情仅管理员可见）'],
    ['police-far', 2, false, 'police-far不是专职调解员'],
    ['cadre-elsewhere', 3, false, 'cadre-elsewhere不是当事人所在村社的村社干部'],
    ['nobody', 0, false, '所选人员不在调解员库中或已停用'],
  ])('%s in slot %i → %s', (id, slot, ok, message) => {
    const v = checkChoice(find(id), familyRed.slots[slot], { task: FAMILY_TASK, now: NOW })
    expect(v.ok).toBe(ok)
    if (!v.ok) expect(v.message).toBe(message)
  })
})
