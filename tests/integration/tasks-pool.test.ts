/**
 * 揭榜范围 with 专长 through the HTTP API: a department lead publishes a 婚恋家庭 dispute in 丰园村 to
 * 调解员 who have 婚恋家庭 among their 专长. Only they see it in the hall and may claim it; a mediator
 * without the tag and a grid worker (not a mediator) neither. The publish sheet's live count
 * (`GET /api/tasks/:id/pool-size`), the 定向 picker and the 新工单 notice follow the same rule.
 */
import type { PoolSizeView, TaskDetailView, TaskListResponse } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { taskDeps } from '../../bff/src/tasks/log'
import { runTaskSweep } from '../../bff/src/tasks/sweeper'
import { startTestApp, type TestApp } from '../support/app'
import { as, createTask, DISPATCHER, HEJUN } from './tasks-fixtures'

const MINUTE = 60_000
const clock = new ManualClock(Math.ceil(Date.now() / (10 * MINUTE)) * 10 * MINUTE)
let app: TestApp

// the people of 丰园村 (GT-09) and the street who matter here (shared/src/demo-org.ts)
const FENGBO = 'u-fengbo' // 调解员 GT-09: 婚恋家庭 邻里 土地 慈溪话
const MAJIE = 'u-majie' // 司法所所长 and 调解员, street: 法律 婚恋家庭 信访
const YANGXUE = 'u-yangxue' // 调解员, street: 法律 劳资 消费 (no 婚恋家庭)
const CAOYONG = 'u-caoyong' // 调解员 GT-03: 婚恋家庭 …, another community
const SUNHAO = 'u-sunhao' // 网格员 GT-09-01, the task's own grid
const HUANGLEI = 'u-huanglei' // lead of another department

const FAMILY_POOL = { territory: 'GT-09', roles: ['mediator'], tags: ['婚恋家庭'] }

beforeAll(async () => {
  app = await startTestApp({ clock })
})
afterAll(() => app.close())

/** A 婚恋家庭 dispute in 丰园村第1网格, routed to 派出所 and signed for by its lead. */
async function signedFamilyTask(title = '丰园村夫妻离婚财产纠纷'): Promise<string> {
  const id = await createTask(app, { title, category: 'family', territory: 'GT-09-01', department: 'PCS' })
  expect((await as(app, HEJUN).post(`/api/tasks/${id}/sign`)).status).toBe(200)
  return id
}

const poolSize = (userId: string, id: string, query = '') => as(app, userId).get(`/api/tasks/${id}/pool-size${encodeURI(query)}`)
const hall = async (userId: string) => ((await as(app, userId).get('/api/tasks?view=hall&limit=50')).body as TaskListResponse).items.map((t) => t.id)
const everything = async (userId: string) => ((await as(app, userId).get('/api/tasks?view=all&limit=50')).body as TaskListResponse).items.map((t) => t.id)

describe('the publish sheet’s live count', () => {
  it('defaults to what publishing defaults to (the task’s grid, 网格员) and offers the grid, its community and the street', async () => {
    const id = await signedFamilyTask()
    const res = await poolSize(HEJUN, id)
    expect(res.status).toBe(200)
    const view = res.body as PoolSizeView
    expect(view).toMatchObject({ size: 1, territory: { code: 'GT-09-01', name: '丰园村第1网格' }, roles: ['grid_worker'], tags: [] })
    expect(view.scopes).toEqual([
      { code: 'GT-09-01', name: '丰园村第1网格', level: 'grid' },
      { code: 'GT-09', name: '丰园村', level: 'community' },
      { code: 'GT', name: '古塘街道', level: 'street' },
    ])
  })

  it('counts the people the pool admits: mediators of 丰园村 and the street, narrowed by any one of the 专长', async () => {
    const id = await signedFamilyTask()
    const size = async (q: string) => ((await poolSize(HEJUN, id, q)).body as PoolSizeView).size
    expect(await size('?territory=GT-09&roles=mediator')).toBe(3) // 冯波, 杨雪, 马洁
    expect(await size('?territory=GT-09&roles=mediator&tags=婚恋家庭')).toBe(2) // 冯波, 马洁
    expect(await size('?territory=GT-09&roles=mediator&tags=婚恋家庭,劳资')).toBe(3) // any one of them: 杨雪 has 劳资
    expect(await size('?territory=GT-09&roles=mediator&tags=四川话')).toBe(0)
    expect(await size('?territory=GT-09&roles=grid_worker,mediator&tags=土地')).toBe(2) // 孙浩 (网格员), 冯波
    // the 定向 picker lists exactly that pool
    const picker = await as(app, HEJUN).get(`/api/tasks/${id}/assignees?territory=GT-09&roles=mediator&tags=${encodeURIComponent('婚恋家庭')}`)
    expect(picker.status).toBe(200)
    expect(picker.body.items.map((p: { id: string }) => p.id).sort()).toEqual([MAJIE, FENGBO].sort())
    expect(picker.body.items.find((p: { id: string }) => p.id === FENGBO).tags).toContain('婚恋家庭')
  })

  it('is for whoever may publish the task now; a scope outside the task and an unknown 专长 are refused', async () => {
    const id = await signedFamilyTask()
    expect((await poolSize(DISPATCHER, id)).status).toBe(200)
    expect((await poolSize(SUNHAO, id)).body.error.code).toBe('FORBIDDEN')
    expect((await poolSize(HUANGLEI, id)).status).toBe(403)
    const outside = await poolSize(HEJUN, id, '?territory=GT-01')
    expect(outside.status).toBe(422)
    expect(outside.body.error.message).toContain('揭榜范围')
    expect((await poolSize(HEJUN, id, '?tags=会计')).status).toBe(400)
    expect((await poolSize(HEJUN, id, '?extra=1')).status).toBe(400)
  })
})

describe('a 婚恋家庭 task published to 调解员 with 专长 婚恋家庭 over 丰园村', () => {
  let id: string

  beforeAll(async () => {
    id = await signedFamilyTask('丰园村婆媳赡养纠纷')
    const res = await as(app, HEJUN).post(`/api/tasks/${id}/publish`, { claimMode: 'first_come', rewardPoints: 15, eligibility: FAMILY_POOL })
    expect(res.status).toBe(200)
    expect((await app.db.models.Task.findById(id).lean())?.poolTags).toEqual(['婚恋家庭'])
  })

  it('is in the hall of a mediator with the tag, and of no one else', async () => {
    expect(await hall(FENGBO)).toContain(id)
    expect(await hall(MAJIE)).toContain(id)
    expect(await hall(YANGXUE)).not.toContain(id)
    expect(await hall(SUNHAO)).not.toContain(id)
    expect(await hall(CAOYONG)).not.toContain(id)
  })

  it('a mediator without the tag never sees it in any list and is told which 专长 it needs (403 NOT_ELIGIBLE)', async () => {
    expect(await everything(YANGXUE)).not.toContain(id)
    expect((await as(app, YANGXUE).get(`/api/tasks/${id}`)).status).toBe(403)
    const claim = await as(app, YANGXUE).post(`/api/tasks/${id}/claim`)
    expect(claim.status).toBe(403)
    expect(claim.body.error.code).toBe('NOT_ELIGIBLE')
    expect(claim.body.error.message).toContain('婚恋家庭')
  })

  it('the grid worker of the task’s grid may read it (属地) but is not a mediator: 403 NOT_ELIGIBLE, no claim button', async () => {
    const detail = (await as(app, SUNHAO).get(`/api/tasks/${id}`)).body as TaskDetailView
    expect(detail.actions).not.toContain('claim')
    const claim = await as(app, SUNHAO).post(`/api/tasks/${id}/claim`)
    expect(claim.status).toBe(403)
    expect(claim.body.error.code).toBe('NOT_ELIGIBLE')
  })

  it('a mediator of another community cannot claim it', async () => {
    expect((await as(app, CAOYONG).post(`/api/tasks/${id}/claim`)).status).toBe(403)
  })

  it('the mediator with the tag sees the 揭榜 button and claims it', async () => {
    const detail = (await as(app, FENGBO).get(`/api/tasks/${id}`)).body as TaskDetailView
    expect(detail.actions).toEqual(['claim'])
    const claim = await as(app, FENGBO).post(`/api/tasks/${id}/claim`)
    expect(claim.status).toBe(200)
    expect(claim.body.task.holders).toEqual([expect.objectContaining({ userId: FENGBO, name: '冯波' })])
  })

  it('the 新工单可认领 notice of the pool goes to the people with the tag only', async () => {
    const other = await signedFamilyTask('丰园村夫妻感情纠纷')
    expect((await as(app, HEJUN).post(`/api/tasks/${other}/publish`, { claimMode: 'first_come', eligibility: FAMILY_POOL })).status).toBe(200)
    clock.advance(11 * MINUTE)
    await runTaskSweep(taskDeps(app.deps))
    const notices = await app.db.models.Outbox.find({ template: 'task_published', 'data.territory': '丰园村第1网格' }).lean()
    expect(notices).toHaveLength(1)
    expect(notices[0].recipients.sort()).toEqual([FENGBO, MAJIE].sort())
  })
})

describe('定向 within a tagged pool', () => {
  it('names only people of the pool; someone outside it is refused at publication', async () => {
    const id = await signedFamilyTask('丰园村再婚家庭财产纠纷')
    const outside = await as(app, HEJUN).post(`/api/tasks/${id}/publish`, { claimMode: 'reserved', reservedFor: [YANGXUE], eligibility: FAMILY_POOL })
    expect(outside.status).toBe(422)
    expect(outside.body.error.message).toContain('杨雪不在揭榜范围内')
    const ok = await as(app, HEJUN).post(`/api/tasks/${id}/publish`, { claimMode: 'reserved', reservedFor: [FENGBO], eligibility: FAMILY_POOL })
    expect(ok.status).toBe(200)
    expect((await as(app, MAJIE).post(`/api/tasks/${id}/claim`)).body.error).toMatchObject({
      code: 'NOT_ELIGIBLE',
      message: '该工单为定向揭榜，仅限指定人员认领',
    })
    expect((await as(app, FENGBO).post(`/api/tasks/${id}/claim`)).status).toBe(200)
  })
})

describe('a pool nobody is in (ISSUE 15: no dead ends)', () => {
  it('publishing to it is refused with what to change; the task stays 待分派, still publishable', async () => {
    const id = await signedFamilyTask('丰园村赡养纠纷（无人可认领的范围）')
    // 调解员 of 丰园村 who speak 贵州话: there are none
    const empty = { territory: 'GT-09', roles: ['mediator'], tags: ['贵州话'] }
    expect((await poolSize(HEJUN, id, '?territory=GT-09&roles=mediator&tags=贵州话')).body.size).toBe(0)
    const res = await as(app, HEJUN).post(`/api/tasks/${id}/publish`, { claimMode: 'first_come', eligibility: empty })
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({ code: 'DOMAIN_RULE', details: { size: 0 } })
    expect(res.body.error.message).toContain('没有符合条件的人员')
    expect(res.body.error.message).toContain('请扩大认领范围')
    const after = (await as(app, HEJUN).get(`/api/tasks/${id}`)).body as TaskDetailView
    expect(after.state).toBe('signed')
    expect(after.timeline.map((e) => e.type)).not.toContain('published')
    expect(after.actions).toContain('publish')
    // the same pool with a 专长 someone has is accepted
    expect((await as(app, HEJUN).post(`/api/tasks/${id}/publish`, { claimMode: 'first_come', eligibility: FAMILY_POOL })).status).toBe(200)
  })
})
