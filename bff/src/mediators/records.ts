/**
 * 调解记录: sessions (时间、地点、参加人员、情况、下一步), the outcome (调解成功 / 部分成功 / 调解不成) with the
 * agreement's terms or where the parties were guided, the signed scan, 司法确认. Each is an insert
 * with a deterministic `_id`; the outcome feeds the members' computed records and is published as
 * `mediation.recorded`. Members who hold the task also get the session and the outcome in the task's
 * timeline (progress records).
 */
import { createHash } from 'node:crypto'
import {
  acceptedMembers,
  agreementContent,
  DEFAULT_AGREEMENT_ORGANISATION,
  GUIDANCE_LABELS,
  isHolder,
  OUTCOME_LABELS,
  type OutcomeBody,
  type SessionBody,
  type TaskState,
  type TeamState,
} from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, isDuplicateKey, notFound } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import { chinaTime } from '../kernel/notice'
import { taskDeps } from '../tasks/log'
import { loadTask } from '../tasks/store'
import { addProgress } from '../tasks/workflow'
import { agreementDocx } from './agreement-docx'
import type { OutcomeDoc, SessionDoc } from './model'
import { assertRecord } from './policy'
import { proposalTask } from './proposal'
import { publishOnce, reconcileTeam } from './reconcile'
import { refreshStats } from './stats'
import { loadTeam, mutateTeam } from './team-store'

/** A deterministic uuid-shaped key (the task's progress records are de-duplicated by it). */
const uuidOf = (s: string) => {
  const h = createHash('sha1').update(s).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

async function context(deps: AppDeps, user: AuthUser, teamId: string): Promise<{ team: TeamState; task: TaskState }> {
  const team = await loadTeam(deps, teamId)
  const task = await loadTask(taskDeps(deps), team.taskId)
  assertRecord(team, task, user)
  return { team, task }
}

/** Adds the record to the task's timeline when the recorder holds the task (a progress record, once). */
async function toTimeline(deps: AppDeps, user: AuthUser, task: TaskState, kind: 'mediation' | 'agreement' | 'note', note: string, key: string) {
  if (!isHolder(task, user.id, deps.clock.now().getTime())) return
  await addProgress(taskDeps(deps), user, task.id, { kind, note: note.slice(0, 2000), photos: [], requestId: uuidOf(key) }).catch((err) => {
    if (!(err instanceof AppError)) throw err
  })
}

export async function addSession(deps: AppDeps, user: AuthUser, teamId: string, body: SessionBody): Promise<SessionDoc> {
  const { team, task } = await context(deps, user, teamId)
  if (team.status === 'dissolved') throw new AppError('INVALID_TRANSITION', '该攻坚小组已解散，不能再记录调解')
  if (team.status === 'done') throw new AppError('INVALID_TRANSITION', '该小组已登记调解结果；如需继续调解，请由社治中心重新组建')
  const at = new Date(body.at)
  if (at.getTime() > deps.clock.now().getTime() + 3_600_000) throw new AppError('DOMAIN_RULE', '调解时间不能晚于现在（请在调解后记录）')
  const doc: SessionDoc = {
    _id: `${teamId}:${body.requestId}`,
    teamId,
    taskId: task.id,
    at,
    place: body.place,
    attendees: body.attendees,
    summary: body.summary,
    ...(body.nextStep ? { nextStep: body.nextStep } : {}),
    by: { id: user.id, name: user.name },
    recordedAt: deps.clock.now(),
  }
  try {
    await deps.db.models.MediationSession.create(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const existing = await deps.db.models.MediationSession.findById(doc._id).lean()
    if (existing) return existing // a retried form
  }
  await toTimeline(
    deps,
    user,
    task,
    'mediation',
    `调解（${chinaTime(at).slice(0, 16)}，${body.place}；参加：${body.attendees.join('、')}）：${body.summary}${body.nextStep ? `。下一步：${body.nextStep}` : ''}`,
    doc._id,
  )
  return doc
}

export async function recordOutcome(deps: AppDeps, user: AuthUser, teamId: string, body: OutcomeBody): Promise<OutcomeDoc> {
  const { team, task } = await context(deps, user, teamId)
  const { MediationOutcome, MediationSession } = deps.db.models
  const existing = await MediationOutcome.findById(teamId).lean()
  if (existing) return sameOutcome(existing, body)
  if (team.status === 'dissolved') throw new AppError('INVALID_TRANSITION', '该攻坚小组已解散，不能登记调解结果')
  const members = acceptedMembers(team)
  if (!members.length) throw new AppError('DOMAIN_RULE', '小组还没有成员接受邀请，不能登记调解结果')
  const now = deps.clock.now()
  const doc: OutcomeDoc = {
    _id: teamId,
    taskId: task.id,
    taskNo: task.taskNo,
    outcome: body.outcome,
    facts: body.facts,
    terms: body.terms,
    ...(body.performance ? { performance: body.performance } : {}),
    guidedTo: body.guidedTo,
    ...(body.note ? { note: body.note } : {}),
    organisation: body.organisation ?? DEFAULT_AGREEMENT_ORGANISATION,
    parties: proposalTask(task).parties,
    memberIds: members.map((m) => m.mediatorId),
    memberNames: members.map((m) => m.name),
    sessions: await MediationSession.countDocuments({ teamId }),
    startedAt: new Date(team.formedAt),
    recordedAt: now,
    durationMs: Math.max(0, now.getTime() - team.formedAt),
    category: task.category,
    riskColour: task.riskColour,
    territory: task.territory.code,
    by: { id: user.id, name: user.name },
  }
  try {
    await MediationOutcome.create(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const winner = await MediationOutcome.findById(teamId).lean()
    if (winner) return sameOutcome(winner, body)
  }
  await afterOutcome(deps, doc)
  const guided = doc.guidedTo.map((g) => GUIDANCE_LABELS[g]).join('、')
  await toTimeline(
    deps,
    user,
    task,
    doc.outcome === 'success' ? 'agreement' : 'note',
    `${OUTCOME_LABELS[doc.outcome]}${doc.terms.length ? `。协议内容：${doc.terms.join('；')}` : ''}${guided ? `。已引导当事人：${guided}` : ''}`,
    `${teamId}:outcome`,
  )
  return doc
}

/** What follows an outcome, idempotently (the repair job runs it again for outcomes without their mark). */
export async function afterOutcome(deps: AppDeps, doc: OutcomeDoc): Promise<void> {
  const { MediatorOutcomeRow } = deps.db.models
  for (const mediatorId of doc.memberIds) {
    await MediatorOutcomeRow.collection
      .insertOne({
        _id: `${doc._id}:${mediatorId}`,
        mediatorId,
        teamId: doc._id,
        outcome: doc.outcome,
        durationMs: doc.durationMs,
        at: doc.recordedAt,
      } as never)
      .catch((err: { code?: number }) => {
        if (err?.code !== 11000) throw err
      })
    await refreshStats(deps, mediatorId)
  }
  await mutateTeam(deps, doc._id, (t) =>
    t.status === 'done' || t.status === 'dissolved' ? { done: true } : { type: 'finished', actor: doc.by, data: { outcome: doc.outcome } },
  )
  await reconcileTeam(deps, doc._id)
  await publishOnce(deps, 'mediation.recorded', {
    id: `${doc._id}:outcome`,
    taskId: doc.taskId,
    taskNo: doc.taskNo,
    teamId: doc._id,
    category: doc.category,
    riskColour: doc.riskColour as 'red' | 'yellow' | 'green',
    territory: doc.territory,
    outcome: doc.outcome,
    guidedTo: doc.guidedTo,
    parties: doc.parties,
    memberIds: doc.memberIds,
    sessions: doc.sessions,
    startedAt: new Date(doc.startedAt).toISOString(),
    recordedAt: new Date(doc.recordedAt).toISOString(),
    durationMs: doc.durationMs,
  })
}

function sameOutcome(existing: OutcomeDoc, body: OutcomeBody): OutcomeDoc {
  if (existing.outcome === body.outcome && existing.terms.join('\n') === body.terms.join('\n')) return existing // a retried form
  throw new AppError('CONFLICT', `调解结果已于${chinaTime(existing.recordedAt).slice(0, 16)}由${existing.by.name}登记为“${OUTCOME_LABELS[existing.outcome]}”`)
}

async function outcomeWithAgreement(deps: AppDeps, teamId: string): Promise<OutcomeDoc> {
  const doc = await deps.db.models.MediationOutcome.findById(teamId).lean()
  if (!doc) throw notFound('调解结果')
  if (!doc.terms.length) throw new AppError('DOMAIN_RULE', '调解不成，没有调解协议书')
  return doc
}

/** The signed agreement's scan (photos of its pages, uploaded through /api/files by the recorder). */
export async function addScan(deps: AppDeps, user: AuthUser, teamId: string, fileId: string) {
  await context(deps, user, teamId)
  await outcomeWithAgreement(deps, teamId)
  const file = await deps.db.models.StoredFile.findById(fileId).lean()
  if (!file || file.ownerId !== user.id) throw new AppError('DOMAIN_RULE', '扫描件不存在或不是您上传的，请重新上传')
  const at = deps.clock.now()
  await deps.db.models.MediationScan.create({ _id: `${teamId}:${fileId}`, teamId, fileId, by: { id: user.id, name: user.name }, at }).catch((err) => {
    if (!isDuplicateKey(err)) throw err
  })
}

/** 司法确认: the agreement went to court for confirmation (marked once). */
export async function markJudicialConfirmation(deps: AppDeps, user: AuthUser, teamId: string, body: { court: string; note?: string }) {
  const { task } = await context(deps, user, teamId)
  const outcome = await outcomeWithAgreement(deps, teamId)
  const at = deps.clock.now()
  try {
    await deps.db.models.MediationConfirmation.create({
      _id: teamId,
      court: body.court,
      ...(body.note ? { note: body.note } : {}),
      by: { id: user.id, name: user.name },
      at,
    })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const c = await deps.db.models.MediationConfirmation.findById(teamId).lean()
    if (c?.court !== body.court) throw new AppError('CONFLICT', `已标记司法确认（${c?.court}）`)
  }
  await publishOnce(deps, 'mediation.confirmed', {
    id: `${teamId}:confirmed`,
    taskId: task.id,
    teamId,
    outcomeId: outcome._id,
    court: body.court,
    at: at.toISOString(),
  })
}

/** The 调解协议书 of an outcome, as .docx (parties from the task, terms from the outcome, mediators from the team). */
export async function agreementFile(deps: AppDeps, teamId: string): Promise<{ name: string; bytes: Buffer }> {
  const doc = await outcomeWithAgreement(deps, teamId)
  const content = agreementContent({
    taskNo: doc.taskNo,
    organisation: doc.organisation,
    parties: doc.parties,
    facts: doc.facts,
    terms: doc.terms,
    performance: doc.performance,
    mediators: doc.memberNames,
    date: chinaTime(doc.recordedAt).slice(0, 10),
  })
  return { name: `人民调解协议书-${doc.taskNo}.docx`, bytes: await agreementDocx(content) }
}
