import {
  attachLeadBody,
  type BulkLeadResult,
  bulkLeadBody,
  convertLeadBody,
  DEFAULT_ROUTING,
  handOverBody,
  type LeadDetailView,
  type LeadListResponse,
  leadListQuery,
  mergeLeadBody,
  reasonBody,
  routingTableBody,
  splitLeadBody,
} from '@jqtb/shared'
import type Router from '@koa/router'
import type { Context } from 'koa'
import { z } from 'zod'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { type PhotoLinks, photoLinksOf } from '../files/presenter'
import { AppError } from '../infra/errors'
import { parse } from '../infra/validate'
import { configHistory, saveConfig } from '../intake/config'
import { taxonomyOf, territoryNames } from '../intake/context'
import type { AuthUser } from '../kernel/actor'
import { describeRoute } from '../openapi/registry'
import { attachLead, closeLead, convertLead, mergeLead, reopenLead, splitLead } from './commands'
import { currentOf } from './facts'
import { historyOf } from './history'
import type { LeadDoc } from './model'
import { assertCanDecideLeads, assertCanEditRouting, assertCanReadLeads } from './policy'
import { presentLead, presentLeadDetail, presentRouting, presentSuggestion } from './presenter'
import { projectLead } from './projection'
import { leadCounts, listLeads } from './queries'
import { ROUTING_KIND, routingTableOf } from './routing-table'
import { sourcesOf } from './sources'
import { type LeadDeps, leadDeps, leadTimeline, loadLead } from './store'
import { suggest } from './suggestion'

const TAG = 'leads'
const leadId = z.string().regex(/^XS\d{8}-[0-9A-F]{8}(-2)?$/, '线索编号格式不正确')

/** Everything the lead page shows. */
export async function leadDetail(deps: LeadDeps, id: string, links: PhotoLinks): Promise<LeadDetailView> {
  const state = await loadLead(deps, id)
  let doc = await deps.db.models.Lead.findById(id).lean<LeadDoc>()
  if (!doc) {
    await projectLead(deps, state)
    doc = await deps.db.models.Lead.findById(id).lean<LeadDoc>()
    if (!doc) throw new AppError('NOT_FOUND', '线索不存在')
  }
  const [sources, { taxonomy }, names, { table }, history, timeline, departments] = await Promise.all([
    sourcesOf(deps, state.sourceKeys),
    taxonomyOf(deps.db),
    territoryNames(deps.db),
    routingTableOf(deps.db),
    (async () => historyOf(deps, state))(),
    leadTimeline(deps, id),
    deps.db.models.Department.find({}, { name: 1 }).lean(),
  ])
  const s = suggest(state, sources, table, history.repeats.days30)
  return presentLeadDetail({
    doc,
    state,
    sources: sources.sort((a, b) => currentOf(a).record.reportedAt - currentOf(b).record.reportedAt),
    suggestion: presentSuggestion(s, taxonomy, names, new Map(departments.map((d) => [d._id, d.name]))),
    history,
    timeline,
    tax: taxonomy,
    names,
    links,
  })
}

export function leadRoutes(router: Router, deps: AppDeps) {
  const auth = requireAuth(deps)
  const d = leadDeps(deps)
  const idOf = (ctx: Context) => parse(leadId, ctx.params.id)

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/leads',
    tag: TAG,
    summary:
      '研判：线索列表（待研判 / 已处理 / 全部），可按风险、渠道、重复筛选；q 是来件编号（案件码 GZ…、警情编号、工单编号…）时答持有该来件的线索（不论状态，byRecord: true）',
    query: leadListQuery,
    response: 'LeadListResponse',
    errors: [403],
  })
  router.get('/api/intake/leads', auth, async (ctx) => {
    assertCanReadLeads(currentUser(ctx))
    const q = parse(leadListQuery, ctx.query)
    const [{ items, nextCursor, byRecord }, { taxonomy }, names] = await Promise.all([listLeads(d, q), taxonomyOf(deps.db), territoryNames(deps.db)])
    ctx.body = { items: items.map((doc) => presentLead(doc, taxonomy, names)), nextCursor, ...(byRecord ? { byRecord } : {}) } satisfies LeadListResponse
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/leads/counts',
    tag: TAG,
    summary: '研判各队列的数量：待研判、其中红色、重复、涉警，以及已处理',
    response: '{ inbox, red, repeat, police, decided }',
    errors: [403],
  })
  router.get('/api/intake/leads/counts', auth, async (ctx) => {
    assertCanReadLeads(currentUser(ctx))
    ctx.body = await leadCounts(d)
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/leads/:id',
    tag: TAG,
    summary: '一条线索：各渠道来件、建议（分类、属地、部门、层级、风险，各带置信度）、关联历史、处理记录、可执行的操作',
    response: 'LeadDetailView',
    errors: [403, 404],
  })
  router.get('/api/intake/leads/:id', auth, async (ctx) => {
    assertCanReadLeads(currentUser(ctx))
    ctx.body = await leadDetail(d, idOf(ctx), photoLinksOf(deps))
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/leads/:id/history',
    tag: TAG,
    summary: '线索的关联历史：同一号码、身份证或地址的前后线索及其工单（跨渠道）',
    response: 'LeadHistoryView',
    errors: [403, 404],
  })
  router.get('/api/intake/leads/:id/history', auth, async (ctx) => {
    assertCanReadLeads(currentUser(ctx))
    ctx.body = await historyOf(d, await loadLead(d, idOf(ctx)))
  })

  interface Verb {
    verb: string
    body: z.ZodType
    bodyName: string
    summary: string
    run(user: AuthUser, id: string, body: never): Promise<unknown>
  }
  const VERBS: Verb[] = [
    {
      verb: 'convert',
      body: convertLeadBody,
      bodyName: 'ConvertLeadBody',
      summary: '转为工单（按建议预填，可改；按分拨规则立即分拨/发布）',
      run: (u, id, b: z.infer<typeof convertLeadBody>) => convertLead(d, u, id, b),
    },
    {
      verb: 'attach',
      body: attachLeadBody,
      bodyName: 'AttachLeadBody',
      summary: '并入已有工单（承办人会收到通知）',
      run: (u, id, b: z.infer<typeof attachLeadBody>) => attachLead(d, u, id, b.taskId),
    },
    {
      verb: 'return',
      body: handOverBody,
      bodyName: 'HandOverBody',
      summary: '退回（默认退回 110：警务事项），须填理由；来源渠道会收到反馈',
      run: (u, id, b: z.infer<typeof handOverBody>) => closeLead(d, u, id, 'return', b.reason, b.to ?? '110'),
    },
    {
      verb: 'transfer',
      body: handOverBody,
      bodyName: 'HandOverBody',
      summary: '移交其他机关或单位，须填对象和理由',
      run: async (u, id, b: z.infer<typeof handOverBody>) => {
        if (!b.to) throw new AppError('VALIDATION_FAILED', '请填写移交对象', { fields: [{ path: 'to', message: 'required' }] })
        return closeLead(d, u, id, 'transfer', b.reason, b.to)
      },
    },
    {
      verb: 'refuse',
      body: reasonBody,
      bodyName: 'ReasonBody',
      summary: '不予受理，须填理由',
      run: (u, id, b: z.infer<typeof reasonBody>) => closeLead(d, u, id, 'refuse', b.reason),
    },
    {
      verb: 'resolve',
      body: reasonBody,
      bodyName: 'ReasonBody',
      summary: '已化解（无需立工单），须填情况',
      run: (u, id, b: z.infer<typeof reasonBody>) => closeLead(d, u, id, 'resolve', b.reason),
    },
    {
      verb: 'reopen',
      body: reasonBody,
      bodyName: 'ReasonBody',
      summary: '重新研判',
      run: (u, id, b: z.infer<typeof reasonBody>) => reopenLead(d, u, id, b.reason),
    },
    {
      verb: 'merge',
      body: mergeLeadBody,
      bodyName: 'MergeLeadBody',
      summary: '合并：本线索的来件并入另一条线索（漏归集时）；留痕',
      run: (u, id, b: z.infer<typeof mergeLeadBody>) => mergeLead(d, u, id, b.into, b.reason),
    },
    {
      verb: 'split',
      body: splitLeadBody,
      bodyName: 'SplitLeadBody',
      summary: '拆出：一条来件不是同一件事，单独成为新线索；留痕',
      run: (u, id, b: z.infer<typeof splitLeadBody>) => splitLead(d, u, id, b.sourceKey, b.reason),
    },
  ]
  for (const v of VERBS) {
    describeRoute(router, {
      method: 'post',
      path: `/api/intake/leads/:id/${v.verb}`,
      tag: TAG,
      summary: v.summary,
      body: v.body,
      bodyName: v.bodyName,
      response: 'LeadDetailView',
      errors: [403, 404, 409, 422],
    })
    router.post(`/api/intake/leads/:id/${v.verb}`, auth, async (ctx) => {
      const user = currentUser(ctx)
      assertCanDecideLeads(user)
      const id = idOf(ctx)
      const body = parse(v.body, ctx.request.body ?? {})
      const out = await v.run(user, id, body as never)
      // a merge answers the lead the records went to; a split the lead they left
      const shown = v.verb === 'merge' ? (body as { into: string }).into : id
      ctx.body = {
        lead: await leadDetail(d, shown, photoLinksOf(deps)),
        ...(out && typeof out === 'object' && 'newLeadId' in out ? { newLeadId: out.newLeadId } : {}),
      }
    })
  }

  describeRoute(router, {
    method: 'post',
    path: '/api/intake/leads/bulk',
    tag: TAG,
    summary: '批量：转为工单 / 不予受理 / 已化解（逐条处理，逐条回答）',
    body: bulkLeadBody,
    bodyName: 'BulkLeadBody',
    response: '{ results: BulkLeadResult[] }',
    errors: [403],
  })
  router.post('/api/intake/leads/bulk', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertCanDecideLeads(user)
    const body = parse(bulkLeadBody, ctx.request.body)
    const results: BulkLeadResult[] = []
    for (const id of [...new Set(body.leadIds)]) {
      try {
        if (body.action === 'convert') {
          const out = await convertLead(d, user, id)
          results.push({ leadId: id, ok: true, message: '已转为工单', taskId: out.taskId })
        } else {
          await closeLead(d, user, id, body.action, body.reason ?? '')
          results.push({ leadId: id, ok: true, message: body.action === 'refuse' ? '不予受理' : '已化解' })
        }
      } catch (err) {
        if (!(err instanceof AppError)) throw err
        results.push({ leadId: id, ok: false, message: err.message })
      }
    }
    ctx.body = { results }
  })

  describeRoute(router, { method: 'get', path: '/api/intake/routing', tag: TAG, summary: '分拨规则（当前版本）', response: 'RoutingTableView', errors: [403] })
  router.get('/api/intake/routing', auth, async (ctx) => {
    assertCanReadLeads(currentUser(ctx))
    const [{ table, ...meta }, { taxonomy }] = await Promise.all([routingTableOf(deps.db), taxonomyOf(deps.db)])
    ctx.body = presentRouting(table, meta, taxonomy)
  })

  describeRoute(router, {
    method: 'put',
    path: '/api/intake/routing',
    tag: TAG,
    summary: '保存分拨规则的新版本（管理员；基于 baseVersion，他人先保存则 409）',
    body: routingTableBody,
    bodyName: 'RoutingTableBody',
    response: 'RoutingTableView',
    errors: [403, 409, 422],
  })
  router.put('/api/intake/routing', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertCanEditRouting(user)
    const body = parse(routingTableBody, ctx.request.body)
    const { taxonomy } = await taxonomyOf(deps.db)
    const unknown = body.rows.filter((r) => !taxonomy.byCode.has(r.category)).map((r) => r.category)
    if (unknown.length) throw new AppError('DOMAIN_RULE', `分类不存在：${unknown.join('、')}`)
    const departments = new Set((await deps.db.models.Department.find({}, { _id: 1 }).lean()).map((x) => x._id))
    const badDept = body.rows.filter((r) => !departments.has(r.department)).map((r) => r.department)
    if (badDept.length) throw new AppError('DOMAIN_RULE', `部门不存在：${[...new Set(badDept)].join('、')}`)
    const doc = await saveConfig(
      deps,
      ROUTING_KIND,
      { baseVersion: body.baseVersion, value: { rows: body.rows, autoConvertAbove: body.autoConvertAbove }, note: body.note },
      { id: user.id, name: user.name },
    )
    ctx.body = presentRouting({ rows: body.rows, autoConvertAbove: body.autoConvertAbove }, { version: doc.version, at: doc.at, by: doc.by.name }, taxonomy)
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/routing/history',
    tag: TAG,
    summary: '分拨规则的历史版本（谁、何时、说明）',
    response: '{ items }',
    errors: [403],
  })
  router.get('/api/intake/routing/history', auth, async (ctx) => {
    assertCanReadLeads(currentUser(ctx))
    const docs = await configHistory(deps.db, ROUTING_KIND)
    ctx.body = {
      items: [
        ...docs.map((x) => ({
          version: x.version,
          at: x.at.toISOString(),
          by: x.by.name,
          note: x.note ?? null,
          rows: (x.value as { rows: unknown[] }).rows.length,
        })),
        { version: 0, at: null, by: '系统默认', note: '默认规则', rows: DEFAULT_ROUTING.rows.length },
      ],
    }
  })
}
