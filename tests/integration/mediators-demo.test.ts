/**
 * The story `npm start` tells (issue 13's "done when"): a red 婚恋家庭 demo case got a proposed team with
 * reasons, one member declined and was replaced, the team recorded a session and a successful
 * agreement, and the members' records changed; a second red case waits for a team; the seed is idempotent.
 */
import type { TaskListResponse } from '@jqtb/shared'
import { seedDemoMediation } from '../../bff/src/mediators/seed'
import { startAppWithSimulator, type TestApp } from '../support/app'
import { mediation } from './mediators-fixtures'
import { as } from './tasks-fixtures'

let app: TestApp
let close: () => Promise<void>
let report: Awaited<ReturnType<typeof seedDemoMediation>>

beforeAll(async () => {
  ;({ app, close } = await startAppWithSimulator())
  report = await seedDemoMediation(app.deps, new Date())
}, 180_000)
afterAll(() => close())

const tasks = async () => ((await as(app, 'u-liugang').get('/api/tasks?view=all&limit=50')).body as TaskListResponse).items

describe('the mediation demo', () => {
  it('tells the whole story on the red 婚恋家庭 case', async () => {
    expect(report.demoMediation.inserted).toBeGreaterThan(20)
    const story = (await tasks()).find((t) => t.title === '夫妻矛盾激化，一方扬言同归于尽')
    expect(story).toBeDefined()
    const view = await mediation(app, story?.id as string)
    const team = view.team
    expect(team?.statusLabel).toBe('已记录结果')
    expect(team?.members.find((m) => m.name === '黄新华')).toMatchObject({ status: 'replaced', reason: '本周在外地参加培训，无法到场', channelLabel: '短信' })
    expect(team?.members.filter((m) => m.status === 'accepted').map((m) => m.name)).toEqual(['徐明', '马洁', '林芳', '曹勇'])
    expect(view.sessions).toHaveLength(1)
    expect(view.outcome).toMatchObject({ outcomeLabel: '调解成功' })
    expect(view.outcome?.agreementUrl).toContain('/agreement.docx?')
    // 张建平 lives with the applicant: the admin's proposal view of the story would name why (he is not on the team)
    expect(team?.members.some((m) => m.name === '张建平')).toBe(false)
    // the records changed: 曹勇 had 12 earlier mediations, now 13
    const caoyong = (await as(app, 'u-admin').get('/api/mediators/u-caoyong')).body
    expect(caoyong.stats).toMatchObject({ done: 13, load: 0 })
    expect((await as(app, 'u-admin').get('/api/mediators/u-hejun')).body.availability.onLeaveUntil).not.toBeNull()
  })

  it('leaves a second red case to propose a team for, live', async () => {
    const waiting = (await tasks()).find((t) => t.title === '婆媳矛盾升级，老人离家出走')
    const view = await mediation(app, waiting?.id as string)
    expect(view).toMatchObject({ canPropose: true, team: null })
    const p = await as(app, 'u-liugang').get(`/api/mediation/tasks/${waiting?.id}/proposal`)
    expect(p.status).toBe(200)
    expect(p.body.slots.map((s: { label: string }) => s.label)).toEqual(['民警', '司法所干部', '专职调解员', '当事人所在村社的村社干部'])
    // 何军 is on leave: the proposal says so
    expect(p.body.slots[0].excluded.map((e: { name: string; excludedBecause: string[] }) => [e.name, e.excludedBecause[0].replace(/\d+月\d+日/, 'X')])).toEqual(
      [['何军', '排除：休假中，X后可安排']],
    )
  })

  it('is idempotent', async () => {
    const again = await seedDemoMediation(app.deps, new Date())
    expect(again.demoMediation).toEqual({ inserted: 0, updated: 0, unchanged: 1 })
  })
})
