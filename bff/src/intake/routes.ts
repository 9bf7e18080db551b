import {
  addressQuery,
  CHANNELS,
  type ChannelView,
  channelParam,
  INTAKE_FIELD_LABELS,
  type IngestResult,
  type IngestResultView,
  type IntakeRecordDetailView,
  type IntakeRecordListResponse,
  type PushResponse,
  pushBody,
  recordListQuery,
  windowBody,
} from '@jqtb/shared'
import { matchAddress } from '@jqtb/shared/src/intake/address/match'
import type Router from '@koa/router'
import { z } from 'zod'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { photoLinksOf } from '../files/presenter'
import { AppError } from '../infra/errors'
import { byUserOrIp, rateLimit } from '../infra/rate-limit'
import { parse } from '../infra/validate'
import { describeRoute } from '../openapi/registry'
import { addressIndexOf, cleanContext, profileOf, taxonomyOf, territoryNames } from './context'
import { type IngestOutcome, ingestRecord, intakeDeps } from './ingest'
import { assertCanReadIntake, assertCanRegisterWindow } from './policy'
import { presentIssue, presentRecord, presentRecordDetail, presentTerritory } from './presenter'
import { getSource, listSources } from './queries'
import { verifyPush } from './signing'
import { registerAtWindow } from './window'

const TAG = 'intake'

export function resultView(index: number, o: IngestOutcome): IngestResultView {
  return { index, key: o.key, sourceId: o.sourceId, result: o.result, version: o.version, issues: o.issues.map(presentIssue) }
}

const recordKey = z.string().regex(/^[a-z0-9]{2,10}:[A-Za-z0-9][A-Za-z0-9_\-./]{0,63}$/, '记录编号格式不正确')

export function intakeRoutes(router: Router, deps: AppDeps) {
  const auth = requireAuth(deps)
  const d = intakeDeps(deps)
  // a system that loops on a bad request must not crowd out the others (per key, else per address)
  const pushLimit = rateLimit(
    {
      name: 'intake-push',
      max: 600,
      windowMs: 60_000,
      key: (ctx) => `push:${ctx.get('x-jqtb-key') || ctx.ip}`,
      message: '推送过于频繁（每分钟最多 600 次），请稍后重试',
    },
    deps,
  )

  describeRoute(router, {
    method: 'post',
    path: '/api/intake/channels/:channel/records',
    tag: TAG,
    summary: '渠道系统推送记录（每次最多 100 条；API 密钥 + HMAC 签名，见 docs/intake.md#push-api）；同一来源编号重复推送不会重复入库',
    body: pushBody,
    bodyName: 'PushBody',
    response: 'PushResponse',
    public: true,
    errors: [400, 401, 409, 429],
  })
  router.post('/api/intake/channels/:channel/records', pushLimit, async (ctx) => {
    const channel = parse(channelParam, ctx.params.channel)
    if (!CHANNELS.find((c) => c.code === channel)?.push) throw new AppError('NOT_FOUND', `渠道 ${channel} 不接受系统推送`)
    const key = await verifyPush(d, channel, ctx)
    const body = parse(pushBody, ctx.request.body)
    const context = await cleanContext(deps.db, channel, deps.clock.now())
    const results: IngestResultView[] = []
    const counts: Record<IngestResult, number> = { created: 0, updated: 0, unchanged: 0, rejected: 0 }
    for (const [i, record] of body.records.entries()) {
      const out = await ingestRecord(d, context, record, { kind: 'push', ref: key._id })
      counts[out.result]++
      results.push(resultView(i, out))
    }
    ctx.body = { results, counts } satisfies PushResponse
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/channels',
    tag: TAG,
    summary: '渠道及其记录格式（列名、我方字段、含义、示例）',
    response: '{ items: ChannelView[] }',
    errors: [403],
  })
  router.get('/api/intake/channels', auth, async (ctx) => {
    assertCanReadIntake(currentUser(ctx))
    const items: ChannelView[] = []
    for (const c of CHANNELS) {
      const { version } = await profileOf(deps.db, c.code)
      items.push({
        code: c.code,
        label: c.label,
        system: c.system,
        sourceIdLabel: c.sourceIdLabel,
        push: c.push,
        feedback: c.feedback,
        fields: c.fields.map((f) => ({ ...f, fieldLabel: INTAKE_FIELD_LABELS[f.field], required: !!f.required })),
        profileVersion: version,
      })
    }
    ctx.body = { items }
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/records',
    tag: TAG,
    summary: '归集的渠道记录（最新在前），可按渠道、标记（属地待确认、分类为推测 …）、关键词筛选',
    query: recordListQuery,
    response: 'IntakeRecordListResponse',
    errors: [403],
  })
  router.get('/api/intake/records', auth, async (ctx) => {
    assertCanReadIntake(currentUser(ctx))
    const q = parse(recordListQuery, ctx.query)
    const [{ items, nextCursor }, { taxonomy }, names] = await Promise.all([listSources(d, q), taxonomyOf(deps.db), territoryNames(deps.db)])
    ctx.body = { items: items.map((doc) => presentRecord(doc, doc.latest ?? doc.first, taxonomy, names)), nextCursor } satisfies IntakeRecordListResponse
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/records/:key',
    tag: TAG,
    summary: '一条渠道记录：清洗结果、原始字段（个人信息脱敏）、各版本',
    response: 'IntakeRecordDetailView',
    errors: [403, 404],
  })
  router.get('/api/intake/records/:key', auth, async (ctx) => {
    assertCanReadIntake(currentUser(ctx))
    const key = parse(recordKey, ctx.params.key)
    const [state, { taxonomy }, names] = await Promise.all([getSource(d, key), taxonomyOf(deps.db), territoryNames(deps.db)])
    ctx.body = presentRecordDetail(
      { ...state.doc, version: state.version },
      state.current,
      state.versions,
      taxonomy,
      names,
      photoLinksOf(deps),
    ) satisfies IntakeRecordDetailView
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/intake/window',
    tag: TAG,
    summary: '窗口登记（来访/来电/来信）；同一 requestId 重复提交只登记一次',
    body: windowBody,
    bodyName: 'WindowBody',
    response: '{ result: IngestResultView, record: IntakeRecordDetailView | null }',
    status: 201,
    errors: [403, 422],
  })
  router.post('/api/intake/window', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertCanRegisterWindow(user)
    const body = parse(windowBody, ctx.request.body)
    const { taxonomy } = await taxonomyOf(deps.db)
    if (!taxonomy.byCode.has(body.category))
      throw new AppError('VALIDATION_FAILED', '请从列表中选择纠纷类型', { fields: [{ path: 'category', message: 'unknown' }] })
    const out = await registerAtWindow(d, user, body)
    if (out.result === 'rejected') {
      throw new AppError('DOMAIN_RULE', `登记未成功：${out.issues.find((i) => i.severity === 'error')?.reason ?? '内容不完整'}`, {
        issues: out.issues.map(presentIssue),
      })
    }
    const state = await getSource(d, out.key!)
    const names = await territoryNames(deps.db)
    ctx.status = out.result === 'created' ? 201 : 200
    ctx.body = { result: resultView(0, out), record: presentRecordDetail(state.doc, state.current, state.versions, taxonomy, names, photoLinksOf(deps)) }
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/address',
    tag: TAG,
    summary: '地址 → 微网格（置信度；不确定时给出候选），窗口登记边输边看',
    query: addressQuery,
    response: 'AddressPreviewView',
    errors: [403],
  })
  router.get(
    '/api/intake/address',
    auth,
    rateLimit({ name: 'address-lookup', max: 120, windowMs: 60_000, key: byUserOrIp, message: '查询过于频繁，请稍后再试' }, deps),
    async (ctx) => {
      assertCanReadIntake(currentUser(ctx))
      const q = parse(addressQuery, ctx.query)
      const [index, names] = await Promise.all([addressIndexOf(deps.db), territoryNames(deps.db)])
      const m = matchAddress(index, q.address, q.place)
      ctx.body = { ...presentTerritory(m, names), placeKey: m.placeKey ?? null }
    },
  )
}
