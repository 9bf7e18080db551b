/**
 * The centre's side of a public case: accept it into a task (the task's `sourceRef` is the case code,
 * which links the two and drives the citizen's milestones), record a phone 回访, resolve a 不满意
 * follow-up by a review or by reopening the task.
 */
import { createHash } from 'node:crypto'
import { type PhoneFollowupBody, publicCategory, type ResolveFollowupBody } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, notFound } from '../infra/errors'
import { type AuthUser, actorOf } from '../kernel/actor'
import { decryptPhone } from '../kernel/phone'
import { createTask } from '../tasks/create'
import { taskDeps } from '../tasks/log'
import { reopenTask } from '../tasks/workflow'
import { type RateOutcome, rateCase } from './followups'
import type { CaseTaskDoc, PublicCaseDoc } from './model'

/** A uuid made from the case code: accepting the same case twice is one task (createTask's requestId). */
function requestIdFor(code: string): string {
  const h = createHash('sha256').update(`public-accept:${code}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

async function readCase(deps: AppDeps, code: string): Promise<PublicCaseDoc> {
  const c = await deps.db.models.PublicCase.findById(code).lean<PublicCaseDoc>()
  if (!c) throw notFound('案件')
  return c
}

export async function acceptCase(
  deps: AppDeps,
  user: AuthUser,
  code: string,
  opts: { department?: string; territory?: string } = {},
): Promise<{ taskId: string }> {
  const { department } = opts
  const c = await readCase(deps, code)
  // the task it follows (its lead's, or the desk's own earlier; one made before these links names the code)
  const link = await deps.db.models.PublicCaseTask.findById(code, { taskId: 1 }).lean<CaseTaskDoc>()
  if (link) return { taskId: link.taskId }
  if (c.taskId && (await deps.db.models.Task.findById(c.taskId, { sourceRef: 1 }).lean<{ sourceRef?: string }>())?.sourceRef === code)
    return { taskId: c.taskId }
  const source = await deps.db.models.IntakeSource.findById(c.intakeKey, { micro: 1, community: 1 }).lean()
  const territory = opts.territory || source?.micro || source?.community || c.community
  if (!territory) throw new AppError('DOMAIN_RULE', '这件事的地点还不能确定到村社：请和群众核实后，在受理时指定属地（territory）')
  const category = publicCategory(c.category)
  const phone = decryptPhone(deps.config.piiKey, c.phoneEnc)
  const out = await createTask(
    taskDeps(deps),
    user,
    {
      title: `群众上报：${c.content.slice(0, 20)}`.slice(0, 60),
      description: `${c.content}\n地点：${c.place}${c.otherParty ? `\n对方：${c.otherParty}` : ''}`,
      category: category.task,
      tier: 'general',
      territory,
      riskColour: 'green',
      parties: [{ name: c.name || '上报群众', role: '反映人', phone }],
      ...(department ? { department } : {}),
      sourceRef: code,
      requestId: requestIdFor(code),
    },
    { photos: c.photos ?? [] },
  )
  return { taskId: out.state.id }
}

export async function recordPhoneFollowup(
  deps: AppDeps,
  user: AuthUser,
  code: string,
  body: PhoneFollowupBody,
): Promise<RateOutcome | { result: 'unreached' }> {
  const c = await readCase(deps, code)
  if (body.reached && body.rating) return rateCase(deps, c, { rating: body.rating, comment: body.comment }, 'phone', actorOf(user))
  await deps.db.models.PublicFollowup.updateOne(
    { _id: `${code}:phone`, state: 'open' },
    { $set: { state: 'done', doneAt: deps.clock.now(), outcome: { action: 'unreached', reached: false, note: body.comment, by: actorOf(user) } } },
  )
  return { result: 'unreached' }
}

export async function resolveFollowup(deps: AppDeps, user: AuthUser, code: string, body: ResolveFollowupBody): Promise<{ result: 'done' }> {
  const c = await readCase(deps, code)
  const f = await deps.db.models.PublicFollowup.findById(`${code}:unsatisfied`).lean()
  if (!f) throw notFound('不满意件')
  if (f.state === 'done') throw new AppError('CONFLICT', '这件不满意件已经处理过了')
  if (body.action === 'reopen') {
    if (!c.taskId) throw new AppError('DOMAIN_RULE', '这件事没有工单，无法重新打开')
    await reopenTask(taskDeps(deps), user, c.taskId, { reason: `群众回访不满意：${body.note}` })
  }
  await deps.db.models.PublicFollowup.updateOne(
    { _id: f._id, state: 'open' },
    { $set: { state: 'done', doneAt: deps.clock.now(), outcome: { action: body.action, note: body.note, by: actorOf(user) } } },
  )
  return { result: 'done' }
}
