/**
 * One correction per ledger line: a deduction given back by a granted appeal is not given back again
 * when the task is reopened (its acceptance reversed line by line), nor the other way round, nor
 * when both happen at the same moment.
 */
import type { LedgerEntryView } from '@jqtb/shared'
import { startTestApp, type TestApp } from '../support/app'
import { ADMIN, acceptedTask, as, DISPATCHER, myPoints } from './points-fixtures'

let app: TestApp
const CHENQIANG = 'u-chenqiang'

beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

/** 陈强's task accepted with a 1-star rating: the quality line is a deduction he may appeal. */
async function poorlyRatedTask() {
  const { id } = await acceptedTask(app, CHENQIANG, { rating: 1, create: { territory: 'GT-01-02' } })
  const line = (await myPoints(app, CHENQIANG)).entries.find((e) => e.taskId === id && e.reasonCode === 'quality')
  if (!line || line.delta >= 0) throw new Error(`no quality deduction: ${JSON.stringify(line)}`)
  return { taskId: id, line }
}

const appeal = (entryId: string) => as(app, CHENQIANG).post('/api/points/appeals', { entryId, reason: '当事人临时改口，评分不能反映处置质量' })
const grant = (entryId: string) => as(app, ADMIN).post(`/api/points/appeals/${encodeURIComponent(entryId)}/decide`, { decision: 'grant', note: '已核实' })
const reopen = (taskId: string) => as(app, DISPATCHER).post(`/api/tasks/${taskId}/reopen`, { reason: '当事人反映问题未解决' })

/** Every line of 陈强's that corrects `line`, and what they give back together. */
async function correctionsOf(line: LedgerEntryView) {
  const entries = (await myPoints(app, CHENQIANG)).entries.filter((e) => e.corrects === line.id)
  return { entries, back: entries.reduce((sum, e) => sum + e.delta, 0) }
}

describe('a deduction is given back once', () => {
  it('granted first: reopening the task reverses the other lines, not this one again', async () => {
    const { taskId, line } = await poorlyRatedTask()
    expect((await appeal(line.id)).status).toBe(201)
    expect((await grant(line.id)).status).toBe(200)
    expect((await reopen(taskId)).status).toBe(200)
    const { entries, back } = await correctionsOf(line)
    expect(entries.map((e) => e.reasonCode)).toEqual(['appeal_granted'])
    expect(back).toBe(-line.delta)
    // the acceptance's other lines are reversed as usual
    const reversed = (await myPoints(app, CHENQIANG)).entries.filter((e) => e.taskId === taskId && e.reasonCode === 'reopen_reversal')
    expect(reversed.length).toBeGreaterThan(0)
  })

  it('reopened first: granting the appeal is refused in words, and nothing more is given back', async () => {
    const { taskId, line } = await poorlyRatedTask()
    expect((await appeal(line.id)).status).toBe(201)
    expect((await reopen(taskId)).status).toBe(200)
    const res = await grant(line.id)
    expect(res.status).toBe(422)
    expect(res.body.error.message).toContain('已因工单重新打开而冲正')
    const { entries, back } = await correctionsOf(line)
    expect(entries.map((e) => e.reasonCode)).toEqual(['reopen_reversal'])
    expect(back).toBe(-line.delta)
    // upholding it is still possible: the appeal does not stay pending for ever
    const upheld = await as(app, ADMIN).post(`/api/points/appeals/${encodeURIComponent(line.id)}/decide`, { decision: 'uphold', note: '重新打开时已冲正' })
    expect(upheld.status).toBe(200)
  })

  it('granted and reopened at the same moment, five times over: exactly one correction each time', async () => {
    for (let round = 0; round < 5; round++) {
      const { taskId, line } = await poorlyRatedTask()
      expect((await appeal(line.id)).status).toBe(201)
      const [granted, reopened] = await Promise.all([grant(line.id), reopen(taskId)])
      expect(reopened.status).toBe(200)
      expect([200, 422]).toContain(granted.status)
      const { entries, back } = await correctionsOf(line)
      expect(entries).toHaveLength(1)
      expect(back).toBe(-line.delta)
    }
  }, 240_000)
})
