import { DEFAULT_RISK_RULES as R } from './rules'
import { DAY } from './score'
import { assessSubject, closeRefusal, foldWatch, type SubjectCase, type WatchDecisions } from './watch'

const NOW = Date.UTC(2026, 10, 27, 2, 0)
let n = 0
const c = (daysAgo: number, colour: SubjectCase['colour'], score: number, open = false): SubjectCase => ({
  id: `task:T${++n}`,
  ref: `T${n}`,
  title: '纠纷',
  kind: 'task',
  createdAt: NOW - daysAgo * DAY,
  lastAt: NOW - daysAgo * DAY,
  open,
  colour,
  score,
  channels: ['110'],
})
const none: WatchDecisions = { seq: 0 }

describe('who is on the watch list by themselves', () => {
  it.each([
    ['one red case', [c(10, 'red', 70)], true, ['近 90 天有 1 件红色预警案件']],
    ['one yellow case', [c(10, 'yellow', 35)], true, ['近 90 天有 1 件黄色预警案件']],
    ['two green cases', [c(10, 'green', 10), c(20, 'green', 20)], false, []],
    ['three green cases: keeps calling', [c(10, 'green', 10), c(20, 'green', 20), c(80, 'green', 5)], true, ['近 90 天重复报警 3 次']],
    ['a red case older than the window', [c(91, 'red', 70)], false, []],
    ['red and yellow', [c(1, 'red', 70), c(2, 'yellow', 40)], true, ['近 90 天有 1 件红色预警案件', '近 90 天有 1 件黄色预警案件']],
  ])('%s → listed %s', (_name, cases, listed, why) => {
    const a = assessSubject(cases, none, R, NOW)
    expect(a.onList).toBe(listed)
    expect(a.why).toEqual(why)
  })

  it('score is the highest recent case; trend compares the last two cases', () => {
    expect(assessSubject([c(30, 'yellow', 35), c(5, 'red', 70)], none, R, NOW)).toMatchObject({ score: 70, colour: 'red', trend: 'rising', recent: 2 })
    expect(assessSubject([c(30, 'red', 70), c(5, 'yellow', 40)], none, R, NOW)).toMatchObject({ trend: 'falling' })
    expect(assessSubject([c(30, 'yellow', 40), c(5, 'yellow', 42)], none, R, NOW)).toMatchObject({ trend: 'steady' })
    expect(assessSubject([c(5, 'red', 70)], none, R, NOW)).toMatchObject({ trend: 'new' })
  })

  it('due for the weekly review when nobody reviewed it for a week', () => {
    const cases = [c(10, 'red', 70)]
    expect(assessSubject(cases, none, R, NOW).reviewDue).toBe(true)
    const reviewed = foldWatch([{ seq: 1, type: 'reviewed', at: NOW - 3 * DAY, by: { id: 'u-xuming', name: '徐明' }, reason: '已走访，情绪稳定' }])
    expect(reviewed.reviewed).toEqual({ by: '徐明', at: NOW - 3 * DAY, note: '已走访，情绪稳定' })
    expect(assessSubject(cases, reviewed, R, NOW).reviewDue).toBe(false)
    expect(assessSubject(cases, reviewed, R, NOW + 5 * DAY).reviewDue).toBe(true)
  })

  it('the last contact is the latest visit, call or mediation of any case', () => {
    const a = c(20, 'red', 70)
    const b = { ...c(5, 'yellow', 40), lastContact: { at: NOW - 2 * DAY, by: '王丽', what: '现场走访' } }
    expect(assessSubject([a, { ...a, id: 'x', lastContact: { at: NOW - 9 * DAY, by: '徐明', what: '电话联系' } }, b], none, R, NOW).lastContact).toEqual({
      at: NOW - 2 * DAY,
      by: '王丽',
      what: '现场走访',
    })
  })
})

describe('by hand: added, closed (销号), responsible', () => {
  const by = { id: 'u-hejun', name: '何军' }
  const events = [
    { seq: 1, type: 'added' as const, at: NOW - 60 * DAY, by, reason: '多次扬言报复' },
    { seq: 2, type: 'responsible' as const, at: NOW - 59 * DAY, by, responsible: { id: 'u-xuming', name: '徐明' } },
  ]

  it('a person put on the list by hand stays there without a case', () => {
    const d = foldWatch(events)
    expect(d).toMatchObject({ seq: 2, manual: { by: '何军', reason: '多次扬言报复' }, responsible: { id: 'u-xuming', name: '徐明', by: '何军' } })
    expect(assessSubject([], d, R, NOW)).toMatchObject({ onList: true, why: ['何军人工列入：多次扬言报复'] })
  })

  it('销号 needs a quiet period and no open red case', () => {
    const d = foldWatch(events)
    const recent = [c(10, 'yellow', 40)]
    expect(closeRefusal(recent, assessSubject(recent, d, R, NOW), R, NOW)).toBe('最近一次报警在 10 天前，须平稳满 30 天才能销号')
    const openRed = [c(40, 'red', 70, true)]
    expect(closeRefusal(openRed, assessSubject(openRed, d, R, NOW), R, NOW)).toMatch(/仍为红色预警且未办结/)
    const quiet = [c(31, 'red', 70)]
    expect(closeRefusal(quiet, assessSubject(quiet, d, R, NOW), R, NOW)).toBeNull()
    expect(closeRefusal([], assessSubject([], none, R, NOW), R, NOW)).toBe('该对象不在重点关注名单上')
  })

  it('after 销号 only what happens later lists it again', () => {
    const closed = foldWatch([...events, { seq: 3, type: 'closed', at: NOW - 20 * DAY, by, reason: '已化解，平稳 30 天' }])
    expect(closed.manual).toBeUndefined()
    expect(assessSubject([c(40, 'red', 70)], closed, R, NOW).onList).toBe(false)
    expect(assessSubject([c(40, 'red', 70), c(3, 'red', 65)], closed, R, NOW).onList).toBe(true)
  })
})
