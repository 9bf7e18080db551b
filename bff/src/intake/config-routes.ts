/** Intake configuration: channel profiles, taxonomy additions, channel API keys (admins change; the centre reads). */
import { type ChannelKeyView, channelParam, channelProfileBody, checkNewNode, createKeyBody, type TaxonomyNode, taxonomyNodeBody } from '@jqtb/shared'
import type Router from '@koa/router'
import { z } from 'zod'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { parse } from '../infra/validate'
import { describeRoute } from '../openapi/registry'
import { configHistory, latestConfig, saveConfig } from './config'
import { forgetGazetteer, profileKind, profileOf, TAXONOMY_KIND, taxonomyOf } from './context'
import { intakeDeps } from './ingest'
import type { ChannelKeyDoc } from './model'
import { assertCanConfigure, assertCanReadIntake } from './policy'
import { presentTaxonomy } from './presenter'
import { createChannelKey, revokeChannelKey } from './signing'

const TAG = 'intake'

function presentKey(k: ChannelKeyDoc, secret?: string): ChannelKeyView {
  return {
    id: k._id,
    channel: k.channel,
    label: k.label,
    createdAt: k.createdAt.toISOString(),
    createdBy: k.createdBy.name,
    revokedAt: k.revokedAt ? new Date(k.revokedAt).toISOString() : null,
    ...(secret ? { secret } : {}),
  }
}

const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '密钥编号格式不正确')

export function intakeConfigRoutes(router: Router, deps: AppDeps) {
  const auth = requireAuth(deps)
  const d = intakeDeps(deps)
  const by = (ctx: Parameters<typeof currentUser>[0]) => {
    const u = currentUser(ctx)
    return { id: u.id, name: u.name }
  }

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/profiles/:channel',
    tag: TAG,
    summary: '渠道的字段映射与分类对照（当前版本）',
    response: 'ChannelProfileView',
    errors: [403],
  })
  router.get('/api/intake/profiles/:channel', auth, async (ctx) => {
    assertCanReadIntake(currentUser(ctx))
    const channel = parse(channelParam, ctx.params.channel)
    const { profile, version } = await profileOf(deps.db, channel)
    const doc = version ? await latestConfig(deps.db, profileKind(channel)) : null
    ctx.body = { version, profile, updatedAt: doc?.at.toISOString() ?? null, updatedBy: doc?.by.name ?? null }
  })

  describeRoute(router, {
    method: 'put',
    path: '/api/intake/profiles/:channel',
    tag: TAG,
    summary: '保存渠道配置的新版本（管理员；基于 baseVersion，他人先保存则 409）',
    body: channelProfileBody,
    bodyName: 'ChannelProfileBody',
    response: 'ChannelProfileView',
    errors: [403, 409, 422],
  })
  router.put('/api/intake/profiles/:channel', auth, async (ctx) => {
    assertCanConfigure(currentUser(ctx))
    const channel = parse(channelParam, ctx.params.channel)
    const { baseVersion, note, ...profile } = parse(channelProfileBody, ctx.request.body)
    const { taxonomy } = await taxonomyOf(deps.db)
    const unknown = profile.categoryTable.filter((r) => !taxonomy.byCode.has(r.code))
    if (unknown.length) throw new AppError('DOMAIN_RULE', `分类编码不存在：${unknown.map((u) => u.code).join('、')}`)
    const doc = await saveConfig(deps, profileKind(channel), { baseVersion, value: { ...profile, channel }, note }, by(ctx))
    ctx.body = { version: doc.version, profile: { ...profile, channel }, updatedAt: doc.at.toISOString(), updatedBy: doc.by.name }
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/profiles/:channel/history',
    tag: TAG,
    summary: '渠道配置的历史版本（谁、何时）',
    response: '{ items }',
    errors: [403],
  })
  router.get('/api/intake/profiles/:channel/history', auth, async (ctx) => {
    assertCanReadIntake(currentUser(ctx))
    const channel = parse(channelParam, ctx.params.channel)
    const docs = await configHistory(deps.db, profileKind(channel))
    ctx.body = { items: docs.map((doc) => ({ version: doc.version, at: doc.at.toISOString(), by: doc.by.name, note: doc.note ?? null })) }
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/taxonomy',
    tag: TAG,
    summary: '纠纷分类（三级，含管理员新增）',
    response: '{ version, items: TaxonomyNodeView[] }',
  })
  router.get('/api/intake/taxonomy', auth, async (ctx) => {
    const { taxonomy, version } = await taxonomyOf(deps.db)
    ctx.body = { version, items: presentTaxonomy(taxonomy) }
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/intake/taxonomy',
    tag: TAG,
    summary: '在已有分类下新增二级或三级分类（管理员；版本化）',
    body: taxonomyNodeBody,
    bodyName: 'TaxonomyNodeBody',
    response: '{ version, items: TaxonomyNodeView[] }',
    status: 201,
    errors: [403, 409, 422],
  })
  router.post('/api/intake/taxonomy', auth, async (ctx) => {
    assertCanConfigure(currentUser(ctx))
    const body = parse(taxonomyNodeBody, ctx.request.body)
    const { taxonomy, version } = await taxonomyOf(deps.db)
    const parent = taxonomy.byCode.get(body.parent)
    const code = `${body.parent}.${body.slug}`
    const refusal = checkNewNode(taxonomy, { code, parent: body.parent })
    if (refusal || !parent) throw new AppError('DOMAIN_RULE', refusal ?? '上级分类不存在')
    const node: TaxonomyNode = {
      code,
      label: body.label,
      parent: body.parent,
      taskCategory: parent.taskCategory,
      keywords: body.keywords,
      ...(body.police ? { police: true } : {}),
    }
    const added = taxonomy.nodes.filter((n) => n.custom).map(({ custom, ...n }) => n)
    await saveConfig(deps, TAXONOMY_KIND, { baseVersion: body.baseVersion ?? version, value: { added: [...added, node] }, note: `新增 ${code}` }, by(ctx))
    const after = await taxonomyOf(deps.db)
    ctx.status = 201
    ctx.body = { version: after.version, items: presentTaxonomy(after.taxonomy) }
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/channels/:channel/keys',
    tag: TAG,
    summary: '渠道的接口密钥（不含密钥本身）',
    response: '{ items: ChannelKeyView[] }',
    errors: [403],
  })
  router.get('/api/intake/channels/:channel/keys', auth, async (ctx) => {
    assertCanConfigure(currentUser(ctx))
    const channel = parse(channelParam, ctx.params.channel)
    const docs = await deps.db.models.ChannelKey.find({ channel }).sort({ createdAt: -1, _id: -1 }).limit(50).lean<ChannelKeyDoc[]>()
    ctx.body = { items: docs.map((k) => presentKey(k)) }
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/intake/channels/:channel/keys',
    tag: TAG,
    summary: '为渠道系统生成接口密钥（管理员；密钥只在这次返回中出现一次）',
    body: createKeyBody,
    bodyName: 'CreateKeyBody',
    response: 'ChannelKeyView',
    status: 201,
    errors: [403],
  })
  router.post('/api/intake/channels/:channel/keys', auth, async (ctx) => {
    assertCanConfigure(currentUser(ctx))
    const channel = parse(channelParam, ctx.params.channel)
    const body = parse(createKeyBody, ctx.request.body)
    const { doc, secret } = await createChannelKey(d, channel, body.label, by(ctx))
    ctx.status = 201
    ctx.body = presentKey(doc, secret)
  })

  describeRoute(router, {
    method: 'delete',
    path: '/api/intake/keys/:id',
    tag: TAG,
    summary: '停用接口密钥（管理员）',
    response: 'ChannelKeyView',
    errors: [403, 404],
  })
  router.delete('/api/intake/keys/:id', auth, async (ctx) => {
    assertCanConfigure(currentUser(ctx))
    const id = parse(keyId, ctx.params.id)
    const doc = await revokeChannelKey(d, id, by(ctx))
    if (!doc) throw new AppError('NOT_FOUND', '密钥不存在')
    ctx.body = presentKey(doc)
  })

  // the gazetteer is loaded by the seed (or a street's own loader); nothing to edit here yet, but a
  // reload must not wait a minute for the cache
  router.post('/api/intake/gazetteer/reload', auth, async (ctx) => {
    assertCanConfigure(currentUser(ctx))
    forgetGazetteer(deps.db)
    ctx.body = { places: await deps.db.models.GazetteerPlace.countDocuments() }
  })
  describeRoute(router, {
    method: 'post',
    path: '/api/intake/gazetteer/reload',
    tag: TAG,
    summary: '重新读取地名地址库（管理员）',
    response: '{ places }',
    errors: [403],
  })
}
