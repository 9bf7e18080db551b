import { addPersonBody, deactivateBody, identityProvider, linkIdentityBody, peopleListQuery, personId, reactivateBody, updatePersonBody } from '@jqtb/shared'
import type Router from '@koa/router'
import type { Context } from 'koa'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { parse } from '../infra/validate'
import { actorOf } from '../kernel/actor'
import { describeRoute } from '../openapi/registry'
import { addPerson, deactivatePerson, linkIdentity, reactivatePerson, unlinkIdentity, updatePerson } from './commands'
import type { Actor } from './model'
import { assertCanManagePeople, assertCanReadPeople } from './policy'
import { demoUsers, listPeople, personDetail } from './queries'

const PERSON =
  '人员详情 PersonDetail：{ id, name, title, mobile(打码), roles, roleLabels, territory, department, tags, active, identities[], departure, history[] }'

export function userRoutes(router: Router, deps: AppDeps) {
  const auth = requireAuth(deps)
  const idParam = (ctx: Context) => parse(personId, ctx.params.id)
  /** Runs an admin's change and answers with the person's page as it is now. */
  const manage = (change: (ctx: Context, actor: Actor, id: string) => Promise<unknown>) => async (ctx: Context) => {
    const user = currentUser(ctx)
    assertCanManagePeople(user)
    const id = idParam(ctx)
    await change(ctx, actorOf(user), id)
    ctx.body = await personDetail(deps, id)
  }

  describeRoute(router, {
    method: 'get',
    path: '/api/admin/people',
    tag: 'people',
    summary: '人员名单（管理员、社治中心）：按角色、属地（含下级）、部门、状态、姓名筛选，游标分页',
    query: peopleListQuery,
    response: '{ items: PersonRow[], nextCursor }',
    errors: [400, 403],
  })
  router.get('/api/admin/people', auth, async (ctx) => {
    assertCanReadPeople(currentUser(ctx))
    ctx.body = await listPeople(deps, parse(peopleListQuery, ctx.query))
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/admin/people',
    tag: 'people',
    summary: '添加人员（管理员）：姓名、角色、属地、部门、专长和钉钉/浙政钉账号；账号已属于别人时 409 IDENTITY_TAKEN 并说明是谁',
    body: addPersonBody,
    bodyName: 'AddPersonBody',
    response: PERSON,
    status: 201,
    errors: [400, 403, 409, 422],
  })
  router.post('/api/admin/people', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertCanManagePeople(user)
    const person = await addPerson(deps, actorOf(user), parse(addPersonBody, ctx.request.body ?? {}))
    ctx.status = 201
    ctx.body = await personDetail(deps, person._id)
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/admin/people/:id',
    tag: 'people',
    summary: '人员详情（管理员、社治中心）：资料、账号、状态和全部变更记录',
    response: PERSON,
    errors: [400, 403, 404],
  })
  router.get('/api/admin/people/:id', auth, async (ctx) => {
    assertCanReadPeople(currentUser(ctx))
    ctx.body = await personDetail(deps, idParam(ctx))
  })

  describeRoute(router, {
    method: 'patch',
    path: '/api/admin/people/:id',
    tag: 'people',
    summary: '修改角色、属地、部门、专长、职务等（管理员）；不能去掉自己或最后一位管理员的管理员角色',
    body: updatePersonBody,
    bodyName: 'UpdatePersonBody',
    response: PERSON,
    errors: [400, 403, 404, 409, 422],
  })
  router.patch(
    '/api/admin/people/:id',
    auth,
    manage((ctx, actor, id) => updatePerson(deps, actor, id, parse(updatePersonBody, ctx.request.body ?? {}))),
  )

  describeRoute(router, {
    method: 'post',
    path: '/api/admin/people/:id/identities',
    tag: 'people',
    summary: '关联钉钉 userid 或浙政钉 accountId（管理员）；每个平台一个',
    body: linkIdentityBody,
    bodyName: 'LinkIdentityBody',
    response: PERSON,
    errors: [400, 403, 404, 409],
  })
  router.post(
    '/api/admin/people/:id/identities',
    auth,
    manage((ctx, actor, id) => {
      const body = parse(linkIdentityBody, ctx.request.body ?? {})
      return linkIdentity(deps, actor, id, body.provider, body.externalId)
    }),
  )

  describeRoute(router, {
    method: 'delete',
    path: '/api/admin/people/:id/identities/:provider',
    tag: 'people',
    summary: '解除某个平台的账号（管理员）；provider = dingtalk | zhezhengding',
    response: PERSON,
    errors: [400, 403, 404, 422],
  })
  router.delete(
    '/api/admin/people/:id/identities/:provider',
    auth,
    manage((ctx, actor, id) => unlinkIdentity(deps, actor, id, parse(identityProvider, ctx.params.provider))),
  )

  describeRoute(router, {
    method: 'post',
    path: '/api/admin/people/:id/deactivate',
    tag: 'people',
    summary: '停用（管理员）：立即不能登录，已登录的令牌也立即失效；不能停用自己和最后一位管理员',
    body: deactivateBody,
    bodyName: 'DeactivatePersonBody',
    response: PERSON,
    errors: [400, 403, 404, 409, 422],
  })
  router.post(
    '/api/admin/people/:id/deactivate',
    auth,
    manage((ctx, actor, id) => deactivatePerson(deps, actor, id, parse(deactivateBody, ctx.request.body ?? {}))),
  )

  describeRoute(router, {
    method: 'post',
    path: '/api/admin/people/:id/reactivate',
    tag: 'people',
    summary: '恢复已停用的人员（管理员）',
    body: reactivateBody,
    bodyName: 'ReactivatePersonBody',
    response: PERSON,
    errors: [400, 403, 404, 409],
  })
  router.post(
    '/api/admin/people/:id/reactivate',
    auth,
    manage((ctx, actor, id) => {
      parse(reactivateBody, ctx.request.body ?? {})
      return reactivatePerson(deps, actor, id)
    }),
  )

  /**
   * The demo users, for the simulator-backed dev login and the start page. Exists only when the BFF
   * talks to the DingTalk simulator; with a real DingTalk it is a 404.
   */
  if (deps.config.dingtalk.simulator) {
    describeRoute(router, {
      method: 'get',
      path: '/api/dev/users',
      tag: 'auth',
      summary: '仅模拟器模式：演示用户列表（开发登录页用）',
      response: '{ items }',
      public: true,
    })
    router.get('/api/dev/users', async (ctx) => {
      ctx.body = { items: await demoUsers(deps) }
    })
  }
}
