/**
 * The centre's decisions on a lead (研判): convert it into a task (routed at once by the routing table),
 * add it to an open task (并入已有工单), return it to 110 or hand it to another authority, refuse it, mark
 * it settled, merge it with another lead, split a record out of it, reopen it. Each decision is an
 * event of the lead; a conversion is decided once by inserting `lead_conversions/<leadId>`, so two
 * people (or the auto-conversion and a person) converting at the same moment make one task.
 */
import { createHash } from 'node:crypto'
import {
  CHANNEL_LABELS,
  type ConvertLeadBody,
  canDo,
  LEAD_ACTION_LABELS,
  LEAD_STATE_LABELS,
  type LeadAction,
  type LeadState,
  type TaskCategory,
  TERMINAL_STATES,
} from '@jqtb/shared'
import { AppError, isDuplicateKey } from '../infra/errors'
import { taxonomyOf } from '../intake/context'
import type { IntakeSourceDoc } from '../intake/model'
import { type AuthUser, toAuthUser } from '../kernel/actor'
import { decryptValue } from '../kernel/pii'
import { createTask } from '../tasks/create'
import { actorOf } from '../tasks/policy'
import { appendNote, loadTask } from '../tasks/store'
import { publishTask } from '../tasks/workflow'
import { currentOf } from './facts'
import { leadIdFor, memberId, membershipOf } from './linker'
import type { LeadConversionDoc } from './model'
import { repeatsWithin } from './projection'
import { routingTableOf } from './routing-table'
import { sourcesOf } from './sources'
import { appendLead, type LeadDeps, loadLead } from './store'
import { suggest } from './suggestion'

/** Who acts when nobody does: the auto-conversion (it needs the centre's rights to create and route). */
export const AUTO_ROUTER: AuthUser = { id: 'system', name: '系统（自动分拨）', roles: ['dispatcher'], territory: 'GT', tags: [] }

function assertCan(state: LeadState, action: LeadAction) {
  if (!canDo(state, action)) {
    throw new AppError('INVALID_TRANSITION', `线索当前为“${LEAD_STATE_LABELS[state.state]}”，不能${LEAD_ACTION_LABELS[action]}`, { state: state.state, action })
  }
}

/** A stable request id for the lead's task (createTask's retry key): the same lead, the same task. */
export function conversionRequestId(leadId: string): string {
  const h = createHash('sha1').update(`lead:${leadId}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** The parties of a lead's records for the task: names and roles, phones decrypted to be protected again by tasks. */
function partiesOf(secret: string, sources: IntakeSourceDoc[]) {
  const out: Array<{ name: string; role?: string; phone?: string }> = []
  const seen = new Set<string>()
  for (const s of sources) {
    for (const p of currentOf(s).record.parties) {
      const key = p.phoneHash ?? `${p.name}|${p.role}`
      if (seen.has(key) || out.length >= 10) continue
      seen.add(key)
      const phone = p.phoneEnc ? decryptValue(secret, 'party-phone', p.phoneEnc) : null
      out.push({
        name: p.name.slice(0, 40),
        role: p.role.slice(0, 20),
        ...(phone ? { phone: phone.length === 12 && phone.startsWith('0') ? `${phone.slice(0, 4)}-${phone.slice(4)}` : phone } : {}),
      })
    }
  }
  return out
}

/** The photos the lead's records carry (a citizen's filing: up to 6 each), in the records' order. */
const photosOf = (sources: IntakeSourceDoc[]) => [...new Set(sources.flatMap((s) => currentOf(s).photos ?? []))].slice(0, 30)

function description(sources: IntakeSourceDoc[]): string {
  const lines = sources.map((s) => {
    const r = currentOf(s).record
    return `【${CHANNEL_LABELS[s.channel]} ${s.sourceId}】${r.content}${r.address ? `（地址：${r.address}）` : ''}`
  })
  const text = lines.join('\n')
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text
}

async function actorUser(deps: LeadDeps, id: string): Promise<AuthUser> {
  if (id === AUTO_ROUTER.id) return AUTO_ROUTER
  const u = await deps.db.models.User.findById(id).lean()
  if (!u) throw new AppError('CONFLICT', '转换工单的人员已不存在，请重新转换')
  return toAuthUser(u)
}

/**
 * 转为工单: creates the task (pre-filled from the lead and its suggestion, overridable), routed at once
 * by the routing table — to the department, or published to the grid's pool.
 */
export async function convertLead(deps: LeadDeps, user: AuthUser, leadId: string, body: ConvertLeadBody = {}, auto = false) {
  let state = await loadLead(deps, leadId)
  if (state.state === 'converted' && state.taskId) return { state, taskId: state.taskId, created: false }
  assertCan(state, 'convert')
  // the one conversion: whoever inserts it converts; a retry of the same person finishes it
  const claim: LeadConversionDoc = { _id: leadId, by: { id: user.id, name: user.name }, requestId: conversionRequestId(leadId), auto, at: deps.clock.now() }
  let converter = user
  try {
    await deps.db.models.LeadConversion.collection.insertOne(claim as never)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const first = await deps.db.models.LeadConversion.findById(leadId).lean<LeadConversionDoc>()
    state = await loadLead(deps, leadId)
    if (state.taskId) return { state, taskId: state.taskId, created: false }
    const fresh = first && deps.clock.now().getTime() - new Date(first.at).getTime() < 60_000
    if (first && first.by.id !== user.id && fresh) throw new AppError('CONFLICT', `${first.by.name}正在将该线索转为工单`, { by: first.by.name })
    // the first converter died half-way (or this is its retry): finish it under their request key
    if (first) converter = await actorUser(deps, first.by.id)
  }

  const sources = await sourcesOf(deps, state.sourceKeys)
  const { table } = await routingTableOf(deps.db)
  const firstAt = Math.min(...sources.map((s) => currentOf(s).record.occurredAt))
  const s = suggest(state, sources, table, await repeatsWithin(deps, state, firstAt))
  const territory = body.territory ?? s.territory.micro
  if (!territory) throw new AppError('DOMAIN_RULE', '地址没有确定到微网格：请先选择属地再转为工单')
  const { taxonomy } = await taxonomyOf(deps.db)
  const categoryCode = body.categoryCode ?? s.category.code
  const node = taxonomy.byCode.get(categoryCode)
  if (!node) throw new AppError('VALIDATION_FAILED', '纠纷类型不存在')
  const handler = body.handler ?? s.handler
  const department = body.department ?? (handler === 'department' ? s.department : undefined)
  const founder = sources.find((x) => x._id === state.founder) ?? sources[0]
  const title = (body.title ?? currentOf(founder).record.title).slice(0, 60)
  const created = await createTask(
    deps.tasks,
    converter,
    {
      title: title.length >= 2 ? title : `${node.label}纠纷`,
      description: description(sources),
      category: node.taskCategory as TaskCategory,
      tier: body.tier ?? s.row?.tier ?? 'general',
      territory,
      riskColour: body.riskColour ?? s.risk.colour,
      parties: partiesOf(deps.piiKey, sources),
      ...(department && handler === 'department' ? { department } : {}),
      sourceRef: founder.sourceId.slice(0, 64),
      requestId: claim.requestId,
    },
    { source: { leadId, channels: [...new Set(sources.map((x) => x.channel))], records: sources.map((x) => x._id) }, photos: photosOf(sources) },
  )
  const taskId = created.state.id
  let routedTo = department && handler === 'department' ? '分拨至部门' : '社治中心'
  if (handler === 'grid' || handler === 'community') {
    const area = handler === 'grid' ? territory.split('-').slice(0, 3).join('-') : territory.split('-').slice(0, 2).join('-')
    const task = await loadTask(deps.tasks, taskId)
    const where = handler === 'grid' ? '网格' : '村社'
    if (task.state === 'draft') {
      const claimMode = s.row?.claimMode === 'reserved' || s.row?.claimMode === 'team' ? 'first_come' : (s.row?.claimMode ?? 'first_come')
      try {
        await publishTask(deps.tasks, converter, taskId, { claimMode, seats: 1, rewardPoints: 0, eligibility: { territory: area } })
        routedTo = `发布到${where}揭榜`
      } catch (err) {
        // a pool nobody is in (no worker in that area yet): the task stays with the centre to route by hand
        if (!(err instanceof AppError)) throw err
        deps.logger.warn({ err, leadId, taskId }, 'could not publish the converted task to its area')
        routedTo = `${where}暂无可认领人员，留社治中心待分拨`
      }
    } else routedTo = `发布到${where}揭榜`
  }
  const done = await appendLead(deps, leadId, { id: converter.id, name: converter.name }, (st) =>
    st?.taskId ? null : [{ type: 'converted', data: { taskId, taskNo: created.state.taskNo, auto, routedTo } }],
  )
  return { state: done.state, taskId, created: created.result === 'done' }
}

/** 并入已有工单: the lead's records are added to an open task as a note; its people are told. */
export async function attachLead(deps: LeadDeps, user: AuthUser, leadId: string, taskId: string) {
  const state = await loadLead(deps, leadId)
  if (state.state === 'attached' && state.taskId === taskId) return state
  assertCan(state, 'attach')
  const task = await loadTask(deps.tasks, taskId)
  if (TERMINAL_STATES.includes(task.state)) throw new AppError('DOMAIN_RULE', '该工单已办结或撤销，不能再并入：请转为新工单或重新打开原工单')
  const sources = await sourcesOf(deps, state.sourceKeys)
  const founder = sources.find((x) => x._id === state.founder) ?? sources[0]
  await appendNote(
    deps.tasks,
    taskId,
    {
      type: 'source_added',
      actor: actorOf(user),
      data: {
        leadId,
        channels: [...new Set(sources.map((x) => CHANNEL_LABELS[x.channel]))],
        records: sources.map((x) => x._id),
        title: founder ? currentOf(founder).record.title : leadId,
        ...(photosOf(sources).length ? { photos: photosOf(sources) } : {}),
      },
    },
    (e) => e.type === 'source_added' && e.data.leadId === leadId,
  )
  return (
    await appendLead(deps, leadId, actorOf(user), (st) => (st?.state === 'attached' ? null : [{ type: 'attached', data: { taskId, taskNo: task.taskNo } }]))
  ).state
}

type Closing = 'return' | 'transfer' | 'refuse' | 'resolve'

/** 退回 / 移交 / 不予受理 / 已化解 — each with its reason (and, for the first two, to whom). */
export async function closeLead(deps: LeadDeps, user: AuthUser, leadId: string, action: Closing, reason: string, to?: string) {
  const state = await loadLead(deps, leadId)
  const type = ({ return: 'returned', transfer: 'transferred', refuse: 'refused', resolve: 'resolved' } as const)[action]
  if (state.state === type) return state
  assertCan(state, action)
  const done = await appendLead(deps, leadId, actorOf(user), (st) => {
    if (st?.state !== 'new') return null
    if (type === 'returned' || type === 'transferred') return [{ type, data: { to: to ?? '110', reason } }]
    return [{ type, data: { reason } }]
  })
  return done.state
}

export async function reopenLead(deps: LeadDeps, user: AuthUser, leadId: string, reason: string) {
  const state = await loadLead(deps, leadId)
  assertCan(state, 'reopen')
  return (await appendLead(deps, leadId, actorOf(user), (st) => (st && canDo(st, 'reopen') ? [{ type: 'reopened', data: { reason } }] : null))).state
}

/** Moves a record to another lead: the next generation of its membership. */
async function moveRecord(deps: LeadDeps, sourceKey: string, leadId: string, by: string): Promise<void> {
  const current = await membershipOf(deps, sourceKey)
  if (current?.leadId === leadId) return
  const gen = (current?.gen ?? 0) + 1
  try {
    await deps.db.models.LeadMember.collection.insertOne({ _id: memberId(sourceKey, gen), sourceKey, gen, leadId, at: deps.clock.now(), by } as never)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    return moveRecord(deps, sourceKey, leadId, by)
  }
  await deps.db.models.IntakeSource.updateOne({ _id: sourceKey }, { $set: { leadId } })
}

/** 合并: a lead the linker missed is the same incident as another: its records move there. */
export async function mergeLead(deps: LeadDeps, user: AuthUser, leadId: string, intoLeadId: string, reason: string) {
  if (leadId === intoLeadId) throw new AppError('VALIDATION_FAILED', '不能与自己合并')
  const from = await loadLead(deps, leadId)
  const into = await loadLead(deps, intoLeadId)
  if (from.state === 'merged' && from.mergedInto === intoLeadId) return into
  assertCan(from, 'merge')
  if (into.state !== 'new' && into.state !== 'converted' && into.state !== 'attached')
    throw new AppError('DOMAIN_RULE', `目标线索为“${LEAD_STATE_LABELS[into.state]}”，不能并入`)
  const actor = actorOf(user)
  const moved = await appendLead(deps, leadId, actor, (st) => (st?.state === 'new' ? [{ type: 'merged_into', data: { leadId: intoLeadId, reason } }] : null))
  const keys = moved.appended.length ? from.sourceKeys : []
  if (keys.length) {
    await appendLead(deps, intoLeadId, actor, (st) =>
      st?.sourceKeys.some((k) => keys.includes(k)) ? null : [{ type: 'absorbed', data: { fromLeadId: leadId, sourceKeys: keys, reason } }],
    )
  }
  for (const key of keys) await moveRecord(deps, key, intoLeadId, user.id)
  return loadLead(deps, intoLeadId)
}

/** 拆出: a record that is not the same incident leaves the lead and opens its own. */
export async function splitLead(deps: LeadDeps, user: AuthUser, leadId: string, sourceKey: string, reason: string) {
  const state = await loadLead(deps, leadId)
  if (!state.sourceKeys.includes(sourceKey)) throw new AppError('DOMAIN_RULE', '这条记录不在该线索中')
  assertCan(state, 'split')
  const doc = await deps.db.models.IntakeSource.findById(sourceKey).lean<IntakeSourceDoc>()
  if (!doc) throw new AppError('NOT_FOUND', '记录不存在')
  let newLeadId = leadIdFor(doc)
  if (newLeadId === leadId) newLeadId = `${newLeadId}-2`
  const actor = actorOf(user)
  const out = await appendLead(deps, leadId, actor, (st) =>
    st?.sourceKeys.includes(sourceKey) ? [{ type: 'split_off', data: { sourceKey, newLeadId, reason } }] : null,
  )
  await appendLead(deps, newLeadId, actor, (st) => (st?.sourceKeys.includes(sourceKey) ? null : [{ type: 'opened', data: { sourceKey } }]))
  await moveRecord(deps, sourceKey, newLeadId, user.id)
  return { state: out.state, newLeadId }
}
