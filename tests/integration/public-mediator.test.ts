/**
 * A citizen chooses a mediator: public cards for the case's kind of dispute (no private data), the
 * request goes to the centre, which confirms it as the task's preferred mediator or says why not.
 */
import { startTestApp, type TestApp } from '../support/app'
import { buildPool, CENTRE, type Pool } from './mediators-fixtures'
import { citizen, fileDispute, loginCitizen } from './public-fixtures'
import { as, WANGLI } from './tasks-fixtures'

let app: TestApp
let pool: Pool
let token: string

beforeAll(async () => {
  app = await startTestApp()
  pool = await buildPool(app)
  token = await loginCitizen(app, '13905746666')
})
afterAll(async () => app.close())

describe('choosing a mediator', () => {
  it('shows public cards for the case’s kind of dispute, with nothing private, and the centre confirms the choice', async () => {
    const code = await fileDispute(app, token, { category: 'family', content: '兄弟两家为赡养母亲的事吵了很久', addressNote: '新城花苑3幢' })
    const cards = await citizen(app, token).get(`/api/public/cases/${code}/mediators`)
    expect(cards.status).toBe(200)
    expect(cards.body.items.length).toBeGreaterThan(0)
    const raw = JSON.stringify(cards.body)
    expect(raw).not.toMatch(/1[3-9]\d{9}|phone|relations|home|ageBand/)
    expect(cards.body.items.map((c: { id: string }) => c.id)).toContain(pool.huang)

    const asked = await citizen(app, token).post(`/api/public/cases/${code}/mediator`, { mediatorId: pool.huang })
    expect(asked.body).toEqual({ state: 'asked', name: '黄新华' })
    // before the case is a task the centre cannot confirm yet; it says why
    const early = await as(app, CENTRE).post(`/api/public-cases/${code}/mediator`, { decision: 'confirm' })
    expect(early.status).toBe(422)
    const accepted = await as(app, CENTRE).post(`/api/public-cases/${code}/accept`, {})
    expect((await as(app, CENTRE).post(`/api/public-cases/${code}/mediator`, { decision: 'confirm' })).body).toEqual({ state: 'confirmed' })
    const view = await citizen(app, token).get(`/api/public/cases/${code}`)
    expect(view.body.mediatorRequest).toMatchObject({ name: '黄新华', state: 'confirmed', label: '中心已确认' })
    // the task now carries 黄新华 as the parties' preferred mediator (the mediators domain's own view)
    const mediation = await as(app, CENTRE).get(`/api/mediation/tasks/${accepted.body.taskId}`)
    expect(mediation.status).toBe(200)
    expect(JSON.stringify(mediation.body)).toContain('黄新华')
  })

  it('a decline says why; only the centre decides; another citizen cannot ask on this case (404)', async () => {
    const code = await fileDispute(app, token, { category: 'family', content: '夫妻为孩子抚养费争执', addressNote: '新城花苑3幢' })
    await citizen(app, token).post(`/api/public/cases/${code}/mediator`, { mediatorId: pool.zhangjianping })
    expect((await as(app, WANGLI).post(`/api/public-cases/${code}/mediator`, { decision: 'decline', reason: '有利害关系' })).status).toBe(403)
    expect((await as(app, CENTRE).post(`/api/public-cases/${code}/mediator`, { decision: 'decline' })).status).toBe(400)
    await as(app, CENTRE).post(`/api/public-cases/${code}/mediator`, { decision: 'decline', reason: '该调解员与当事人有利害关系，需回避' })
    const view = await citizen(app, token).get(`/api/public/cases/${code}`)
    expect(view.body.mediatorRequest).toMatchObject({ state: 'declined', reason: '该调解员与当事人有利害关系，需回避' })
    const other = await loginCitizen(app, '13905746667')
    expect((await citizen(app, other).post(`/api/public/cases/${code}/mediator`, { mediatorId: pool.huang })).status).toBe(404)
  })
})
