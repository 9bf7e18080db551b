/**
 * Lists and the territory/department policy: every list is filtered in the query, so nobody's list
 * holds a task they could not open, and nothing they could open is missing; cursor pagination.
 */
import type { TaskListResponse, TaskView } from '@jqtb/shared'
import { startTestApp, type TestApp } from '../support/app'
import { as, CHENQIANG, createTask, DISPATCHER, HEJUN, publishedTask, WANGLI, XUMING } from './tasks-fixtures'

let app: TestApp
const ids: Record<string, string> = {}

const post = (user: string, id: string, verb: string, body: unknown = {}) => as(app, user).post(`/api/tasks/${id}/${verb}`, body)

async function listAll(user: string, query: string): Promise<TaskView[]> {
  const items: TaskView[] = []
  let cursor: string | null = null
  do {
    const res = await as(app, user).get(`/api/tasks?${query}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    if (res.status !== 200) throw new Error(`${user} ${query}: ${res.status} ${JSON.stringify(res.body)}`)
    const page = res.body as TaskListResponse
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return items
}

beforeAll(async () => {
  app = await startTestApp()
  // a red task is never 抢单 (the default claim rules): it is published for applications
  ids.gridOwn = await publishedTask(app, { claimMode: 'apply' }, { title: '邻里噪音纠纷', riskColour: 'red' })
  ids.communityPool = await publishedTask(app, { eligibility: { territory: 'GT-01' } }, { territory: 'GT-01-02', title: '宅基地边界纠纷', category: 'land' })
  ids.otherCommunity = await publishedTask(app, {}, { territory: 'GT-02-03', title: '拖欠工资', category: 'wages' })
  ids.routedPcs = await createTask(app, { department: 'PCS', title: '婚恋家庭纠纷', category: 'family' })
  ids.draftDedicated = await createTask(app, { territory: 'GT-05-Z1', title: '工业园区劳资纠纷', category: 'labour' })
  ids.routedSfs = await createTask(app, { department: 'SFS', title: '债务纠纷', category: 'debt' })
  ids.held = await publishedTask(app, {}, { title: '占道经营', category: 'vending' })
  await post(WANGLI, ids.held, 'claim')
  ids.assignedPcs = await createTask(app, { department: 'PCS', territory: 'GT-09-01', title: '交通事故纠纷', category: 'traffic' })
  await post(HEJUN, ids.assignedPcs, 'sign')
  await post(HEJUN, ids.assignedPcs, 'assign', { userId: XUMING })
  const report = await as(app, WANGLI).post('/api/reports', {
    kind: 'self_handled',
    title: '楼道堆物已清理',
    description: '楼道堆放杂物影响消防通道',
    category: 'public_order',
    handlingNote: '已联系住户当场清理',
  })
  ids.selfReport = report.body.task.id
  ids.mediators = await publishedTask(
    app,
    { eligibility: { territory: 'GT', roles: ['mediator'] } },
    { territory: 'GT-09', title: '物业纠纷调解', category: 'property' },
  )
  ids.applied = await publishedTask(
    app,
    { claimMode: 'apply', eligibility: { territory: 'GT-01' } },
    { territory: 'GT-01-02', title: '邻里纠纷（申请认领）', category: 'neighbour' },
  )
  await post(WANGLI, ids.applied, 'claim', { note: '我认识双方' })
})
afterAll(async () => app.close())

const USERS = [
  WANGLI,
  CHENQIANG,
  'u-zhoumin',
  'u-sunhao',
  'u-wujing',
  'u-zhengyu',
  'u-linfang',
  HEJUN,
  XUMING,
  'u-majie',
  'u-luoping',
  DISPATCHER,
  'u-liugang',
  'u-admin',
  'u-fengbo',
  'u-yangxue',
]

describe('lists never hold a task the caller cannot open, and miss none they can', () => {
  it.each(USERS)('%s: view=all equals the set of tasks GET /api/tasks/:id lets them open', async (user) => {
    const listed = (await listAll(user, 'view=all')).map((t) => t.id).sort()
    const openable: string[] = []
    for (const id of Object.values(ids)) if ((await as(app, user).get(`/api/tasks/${id}`)).status === 200) openable.push(id)
    expect(listed).toEqual(openable.sort())
  })

  it.each(USERS)('%s: the hall lists exactly the visible tasks they may claim now', async (user) => {
    const hall = (await listAll(user, 'view=hall')).map((t) => t.id).sort()
    const claimable: string[] = []
    for (const id of Object.values(ids)) {
      const res = await as(app, user).get(`/api/tasks/${id}`)
      if (res.status === 200 && (res.body as TaskView).actions.includes('claim')) claimable.push(id)
    }
    expect(hall).toEqual(claimable.sort())
  })

  it('concretely: 王丽 sees her grid and the community pool, not the next community; 陈强 sees the pool but not 王丽’s grid', async () => {
    const wangli = (await listAll(WANGLI, 'view=all')).map((t) => t.id)
    expect(wangli).toEqual(expect.arrayContaining([ids.gridOwn, ids.communityPool, ids.held, ids.selfReport]))
    expect(wangli).not.toContain(ids.otherCommunity)
    const chen = (await listAll(CHENQIANG, 'view=hall')).map((t) => t.id)
    expect(chen).toContain(ids.communityPool)
    expect(chen).not.toContain(ids.gridOwn)
    expect((await listAll('u-zhoumin', 'view=all')).map((t) => t.id)).toEqual([ids.otherCommunity])
  })

  it('a department sees its own tasks only; another department’s are 403', async () => {
    const pcs = (await listAll(HEJUN, 'view=department')).map((t) => t.id).sort()
    expect(pcs).toEqual([ids.routedPcs, ids.assignedPcs].sort())
    expect((await as(app, HEJUN).get(`/api/tasks/${ids.routedSfs}`)).body.error.code).toBe('FORBIDDEN')
    expect((await as(app, WANGLI).get('/api/tasks?view=department')).status).toBe(403)
  })

  it('我的任务 holds what I claimed, was assigned or reported', async () => {
    expect((await listAll(WANGLI, 'view=mine')).map((t) => t.id).sort()).toEqual([ids.held, ids.selfReport, ids.applied].sort())
    expect((await listAll(WANGLI, 'view=hall')).map((t) => t.id)).not.toContain(ids.applied)
    expect((await listAll(CHENQIANG, 'view=hall')).map((t) => t.id)).toContain(ids.applied)
    expect((await listAll(XUMING, 'view=mine')).map((t) => t.id)).toEqual([ids.assignedPcs])
  })

  it('the review queue: the community reviews its worker’s self-report; the reporter never sees it there', async () => {
    expect((await listAll('u-linfang', 'view=review')).map((t) => t.id)).toEqual([ids.selfReport])
    expect((await listAll(DISPATCHER, 'view=review')).map((t) => t.id)).toEqual([ids.selfReport])
    expect(await listAll(WANGLI, 'view=review')).toEqual([])
    expect(await listAll(HEJUN, 'view=review')).toEqual([])
  })
})

describe('filters and pagination', () => {
  it('pages of 2 cover the whole list once, in order, ending with nextCursor null', async () => {
    const whole = ((await as(app, DISPATCHER).get('/api/tasks?view=all&limit=50')).body as TaskListResponse).items.map((t) => t.id)
    const paged: string[] = []
    let cursor: string | null = null
    do {
      const res = await as(app, DISPATCHER).get(`/api/tasks?view=all&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      paged.push(...(res.body as TaskListResponse).items.map((t) => t.id))
      cursor = res.body.nextCursor
    } while (cursor)
    expect(paged).toEqual(whole)
    expect(new Set(paged).size).toBe(Object.keys(ids).length)
  })

  it('filters by state, risk colour, category, words, territory', async () => {
    const published = await listAll(DISPATCHER, 'view=all&state=published')
    expect(published.every((t) => t.state === 'published')).toBe(true)
    expect(published.map((t) => t.id)).toContain(ids.gridOwn)
    expect((await listAll(DISPATCHER, 'view=all&riskColour=red')).map((t) => t.id)).toEqual([ids.gridOwn])
    expect((await listAll(DISPATCHER, 'view=all&category=wages,debt')).map((t) => t.id).sort()).toEqual([ids.otherCommunity, ids.routedSfs].sort())
    expect((await listAll(DISPATCHER, `view=all&q=${encodeURIComponent('宅基地')}`)).map((t) => t.id)).toEqual([ids.communityPool])
    expect((await listAll(DISPATCHER, 'view=all&territory=GT-02')).map((t) => t.id)).toEqual([ids.otherCommunity])
    expect((await listAll(DISPATCHER, `view=all&q=${encodeURIComponent('.*')}`)).length).toBe(0) // regex characters are literal
  })

  it('refuses: a territory outside mine (403), a bad cursor or view (400), an unknown query key (400)', async () => {
    expect((await as(app, WANGLI).get('/api/tasks?view=all&territory=GT-02')).body.error.code).toBe('OUT_OF_TERRITORY')
    expect((await as(app, DISPATCHER).get('/api/tasks?view=all&cursor=garbage')).status).toBe(400)
    expect((await as(app, DISPATCHER).get('/api/tasks?view=everything')).status).toBe(400)
    expect((await as(app, DISPATCHER).get('/api/tasks?view=all&owner=me')).status).toBe(400)
    expect((await as(app, DISPATCHER).get('/api/tasks?view=all&limit=500')).status).toBe(400)
  })
})
