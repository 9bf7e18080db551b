import { updateTaskSettingsBody } from '@jqtb/shared'
import type Router from '@koa/router'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { parse } from '../infra/validate'
import { actorOf } from '../kernel/actor'
import { describeRoute } from '../openapi/registry'
import { saveTaskSettings } from './commands'
import { assertCanEditSettings, assertCanReadSettingsHistory } from './policy'
import { taskSettingsHistory, taskSettingsView } from './queries'

/** Admin-editable task settings: SLA per tier, reminders, claim limits, cap, sign window, bounce limit. */
export function settingsRoutes(router: Router, deps: AppDeps) {
  const auth = requireAuth(deps)

  describeRoute(router, {
    method: 'get',
    path: '/api/settings/tasks',
    tag: 'settings',
    summary: '当前任务设置（时限、提醒、认领上限等）',
    response: 'TaskSettingsView',
  })
  router.get('/api/settings/tasks', auth, async (ctx) => {
    currentUser(ctx)
    ctx.body = await taskSettingsView(deps.db)
  })

  describeRoute(router, {
    method: 'put',
    path: '/api/settings/tasks',
    tag: 'settings',
    summary: '保存任务设置（管理员；新版本，旧版本保留）',
    body: updateTaskSettingsBody,
    bodyName: 'UpdateTaskSettingsBody',
    response: 'TaskSettingsView',
    errors: [400, 403, 409],
  })
  router.put('/api/settings/tasks', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertCanEditSettings(user)
    const body = parse(updateTaskSettingsBody, ctx.request.body)
    ctx.body = await saveTaskSettings(deps.db, body, actorOf(user), deps.clock.now())
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/settings/tasks/history',
    tag: 'settings',
    summary: '任务设置的历史版本（管理员）',
    response: 'TaskSettingsHistory',
    errors: [403],
  })
  router.get('/api/settings/tasks/history', auth, async (ctx) => {
    assertCanReadSettingsHistory(currentUser(ctx))
    ctx.body = { items: await taskSettingsHistory(deps.db) }
  })
}
