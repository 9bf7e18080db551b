/** Helpers shared by the tasks-*.test.ts files: act as a demo user, create and publish tasks. */
import type { CreateTaskInput, PublishInput, TaskActionResponse, TaskDetailView } from '@jqtb/shared'
import request from 'supertest'
import type { TestApp } from '../support/app'
import { authHeader } from '../support/auth'

/** Requests as a demo user. `app` may be a getter, for helpers made at module level before the app starts. */
export function as(appOrGetter: TestApp | (() => TestApp), userId: string) {
  const app = () => (typeof appOrGetter === 'function' ? appOrGetter() : appOrGetter)
  const send = (method: 'post' | 'put' | 'patch', path: string, body: unknown) =>
    request(app().url)
      [method](path)
      .set(authHeader(app(), userId))
      .send(body as object)
  return {
    get: (path: string) => request(app().url).get(path).set(authHeader(app(), userId)),
    post: (path: string, body: unknown = {}) => send('post', path, body),
    put: (path: string, body: unknown = {}) => send('put', path, body),
    patch: (path: string, body: unknown = {}) => send('patch', path, body),
    delete: (path: string) => request(app().url).delete(path).set(authHeader(app(), userId)),
  }
}

export const DISPATCHER = 'u-zhaoyan'
export const WANGLI = 'u-wangli' // grid worker GT-01-01
export const CHENQIANG = 'u-chenqiang' // grid worker GT-01-02
export const HEJUN = 'u-hejun' // dept lead PCS
export const XUMING = 'u-xuming' // dept staff PCS

export const baseTask = (overrides: Partial<CreateTaskInput> = {}): CreateTaskInput => ({
  title: '邻里噪音纠纷',
  description: '楼上住户夜间装修噪音扰民，楼下住户多次报警。',
  category: 'noise',
  tier: 'general',
  territory: 'GT-01-01',
  riskColour: 'yellow',
  parties: [{ name: '张三', role: '报警人', phone: '13812345678' }],
  ...overrides,
})

/** Creates a task as the centre; returns its id. */
export async function createTask(app: TestApp, overrides: Partial<CreateTaskInput> = {}): Promise<string> {
  const res = await as(app, DISPATCHER).post('/api/tasks', baseTask(overrides))
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return (res.body as TaskActionResponse).task.id
}

/** Creates and publishes a task (as the centre) with the given claim mode. */
export async function publishedTask(app: TestApp, publish: Partial<PublishInput> = {}, create: Partial<CreateTaskInput> = {}): Promise<string> {
  const id = await createTask(app, create)
  const res = await as(app, DISPATCHER).post(`/api/tasks/${id}/publish`, { claimMode: 'first_come', rewardPoints: 10, ...publish })
  if (res.status !== 200) throw new Error(`publish failed: ${res.status} ${JSON.stringify(res.body)}`)
  return id
}

export async function detail(app: TestApp, id: string, userId = DISPATCHER): Promise<TaskDetailView> {
  const res = await as(app, userId).get(`/api/tasks/${id}`)
  if (res.status !== 200) throw new Error(`detail failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as TaskDetailView
}

/** Adds grid workers of 新城社区第1网格 (GT-01-01) with these ids, so they are all in a task's default pool. */
export async function addGridWorkers(app: TestApp, ids: readonly string[]): Promise<void> {
  const now = new Date()
  await app.db.models.User.insertMany(
    ids.map((id, i) => ({
      _id: id,
      name: `网格员${i}`,
      roles: ['grid_worker'],
      territory: 'GT-01-01',
      title: '网格员',
      active: true,
      createdAt: now,
      updatedAt: now,
    })),
  )
}
