import { type ConflictContext, conflictsOf, type ExclusionCode, PRIVATE_RELATION_SHOWN, samePerson } from './conflicts'
import { candidate, FAMILY_TASK, NOW } from './fixtures'

const ctx: ConflictContext = { taskId: FAMILY_TASK.id, category: 'family', territory: FAMILY_TASK.territory, parties: FAMILY_TASK.parties, now: NOW }
const labourCtx: ConflictContext = {
  ...ctx,
  category: 'wages',
  parties: [
    { name: '刘工', role: '申请人', phoneHash: 'hash-liugong' },
    { name: '宏达机械厂', role: '被申请人' },
  ],
}
const DAY = 86_400_000

describe('every exclusion reason', () => {
  it.each<[string, Parameters<typeof candidate>[2], ConflictContext, ExclusionCode, string, string]>([
    [
      'a party themself (same phone)',
      { name: '老张', phoneHash: 'hash-zhangli' },
      ctx,
      'party_self',
      '排除：本人是申请人（张丽）',
      '排除：本人是申请人（张丽）',
    ],
    ['a party themself (same name, no phone on file)', { name: '王强' }, ctx, 'party_self', '排除：本人是被申请人（王强）', '排除：本人是被申请人（王强）'],
    [
      'declared kin of a party',
      { relations: [{ kind: 'kin', name: '张丽', phoneHash: 'hash-zhangli', note: '表姐' }] },
      ctx,
      'kin',
      '排除：与申请人（张丽）系亲属（表姐）',
      PRIVATE_RELATION_SHOWN,
    ],
    [
      'the same household as a party',
      { relations: [{ kind: 'household', name: '王强' }] },
      ctx,
      'household',
      '排除：与被申请人（王强）同户',
      PRIVATE_RELATION_SHOWN,
    ],
    [
      'the employer side in a labour dispute',
      { relations: [{ kind: 'employment', name: '宏达机械厂', note: '车间主任' }] },
      labourCtx,
      'employment',
      '排除：劳资纠纷中属用人单位一方（与被申请人（宏达机械厂）存在雇佣/经营关系（车间主任））',
      PRIVATE_RELATION_SHOWN,
    ],
    [
      'another declared stake',
      { relations: [{ kind: 'other', name: '王强', note: '合伙做生意' }] },
      ctx,
      'other_relation',
      '排除：与被申请人（王强）存在利害关系（合伙做生意）',
      PRIVATE_RELATION_SHOWN,
    ],
    [
      'already mediating another dispute of the same party',
      { engagements: [{ taskId: 'JQ20261120-0007', taskNo: 'JQ20261120-0007', parties: [{ name: '王强', phoneHash: 'hash-wangqiang' }] }] },
      ctx,
      'mediating_same_party',
      '排除：正在调解涉及同一当事人（王强）的另一纠纷（JQ20261120-0007）',
      '排除：正在调解涉及同一当事人（王强）的另一纠纷',
    ],
    ['over the load cap', { load: 3, loadCap: 3 }, ctx, 'over_load', '排除：在办调解已满（3/3）', '排除：在办调解已满（3/3）'],
    ['on leave', { availableFrom: NOW + 3 * DAY }, ctx, 'unavailable', '排除：休假中，11月30日后可安排', '排除：休假中，11月30日后可安排'],
  ])('%s', (_what, over, context, code, detail, shown) => {
    expect(conflictsOf(candidate('m1', 'professional', over), context)).toEqual([{ code, detail, shown }])
  })

  it('avoid-local: a slot that must avoid the parties’ village excludes its people', () => {
    const local = candidate('m1', 'notable', { home: 'GT-01-05' })
    expect(conflictsOf(local, ctx, { avoidLocal: true }).map((e) => e.code)).toEqual(['avoid_local'])
    expect(conflictsOf(local, ctx, {})).toEqual([])
    expect(conflictsOf(candidate('m2', 'notable', { home: 'GT-02' }), ctx, { avoidLocal: true })).toEqual([])
  })

  it('no conflict: different people, a finished leave, load under the cap, the same dispute itself', () => {
    const m = candidate('m1', 'professional', {
      name: '曹勇',
      phoneHash: 'hash-caoyong',
      relations: [{ kind: 'kin', name: '张丽', phoneHash: 'hash-another-zhangli' }],
      availableFrom: NOW - DAY,
      load: 2,
      engagements: [{ taskId: FAMILY_TASK.id, taskNo: FAMILY_TASK.taskNo, parties: FAMILY_TASK.parties }],
    })
    expect(conflictsOf(m, ctx)).toEqual([])
  })

  it('the shown reason of a private relation never names it', () => {
    for (const kind of ['kin', 'household', 'employment', 'other'] as const) {
      const [e] = conflictsOf(candidate('m', 'police', { relations: [{ kind, name: '王强', note: '堂兄' }] }), ctx)
      expect(e.shown).toBe(PRIVATE_RELATION_SHOWN)
      expect(e.shown).not.toMatch(/王强|堂兄|亲属|同户|雇佣/)
    }
  })

  it('lists every reason a person has, own stake first', () => {
    const m = candidate('m1', 'police', { relations: [{ kind: 'household', name: '王强' }], load: 5, loadCap: 3, availableFrom: NOW + DAY })
    expect(conflictsOf(m, ctx).map((e) => e.code)).toEqual(['household', 'unavailable', 'over_load'])
  })
})

describe('telling people apart', () => {
  it.each([
    [{ name: '张丽', phoneHash: 'a' }, { name: '张丽', phoneHash: 'a' }, true],
    [{ name: '张丽', phoneHash: 'a' }, { name: '张丽', phoneHash: 'b' }, false],
    [{ name: '张丽' }, { name: '张 丽', phoneHash: 'b' }, true],
    [{ name: '张丽', phoneHash: 'a' }, { name: '李丽', phoneHash: 'a' }, true],
    [{ name: '' }, { name: '' }, false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(samePerson(a, b)).toBe(same)
  })
})
