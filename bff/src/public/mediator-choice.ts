/**
 * A citizen chooses a mediator (docs/public.md#choosing-a-mediator): public cards only (the mediators
 * domain's, nothing private), filtered by the case's kind of dispute; the request goes to the centre,
 * which confirms it (the mediators domain's preferred-mediator command, so the team proposal keeps
 * them unless conflicted) or explains why not. One request per case at a time.
 */
import { publicCategory } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { type AuthUser, actorOf } from '../kernel/actor'
import { publicCard, publicCards } from '../mediators/queries'
import { setPreference } from '../mediators/teams'
import type { MediatorRequestDoc, PublicCaseDoc } from './model'

export async function cardsForCase(deps: AppDeps, c: PublicCaseDoc) {
  const task = c.taskId ? await deps.db.models.Task.findById(c.taskId, { category: 1 }).lean() : null
  const domain = task?.category ?? publicCategory(c.category).task
  const { items } = await publicCards(deps, { domain, limit: 30 })
  return { items }
}

export async function askForMediator(deps: AppDeps, c: PublicCaseDoc, mediatorId: string) {
  if (c.milestone === 'closed') throw new AppError('DOMAIN_RULE', '这件事已经办结，不能再选择调解员')
  const card = await publicCard(deps, mediatorId)
  const current = await deps.db.models.PublicMediatorRequest.findById(c._id).lean<MediatorRequestDoc>()
  if (current?.state === 'confirmed') throw new AppError('CONFLICT', `中心已确认由${current.name}参与调解，如需更换请联系中心`)
  const doc: MediatorRequestDoc = { _id: c._id, mediatorId, name: card.name, state: 'asked', at: deps.clock.now() }
  await deps.db.models.PublicMediatorRequest.replaceOne({ _id: c._id }, doc, { upsert: true })
  return { state: 'asked' as const, name: card.name }
}

export async function decideMediatorRequest(deps: AppDeps, user: AuthUser, code: string, body: { decision: 'confirm' | 'decline'; reason?: string }) {
  const c = await deps.db.models.PublicCase.findById(code).lean<PublicCaseDoc>()
  const req = await deps.db.models.PublicMediatorRequest.findById(code).lean<MediatorRequestDoc>()
  if (!c || !req) throw new AppError('NOT_FOUND', '这件事没有选择调解员的请求')
  if (body.decision === 'confirm') {
    if (!c.taskId) throw new AppError('DOMAIN_RULE', '请先受理这件事（建工单），再确认调解员')
    await setPreference(deps, user, c.taskId, { mediatorId: req.mediatorId, note: `群众在公众端选择（${c._id}）` })
    await deps.db.models.PublicMediatorRequest.updateOne({ _id: code }, { $set: { state: 'confirmed', decidedAt: deps.clock.now() }, $unset: { reason: 1 } })
  } else {
    if (!body.reason || body.reason.trim().length < 2)
      throw new AppError('VALIDATION_FAILED', '请写明不能安排的原因（如：与当事人有利害关系、近期不在岗），群众会看到')
    await deps.db.models.PublicMediatorRequest.updateOne(
      { _id: code },
      { $set: { state: 'declined', reason: body.reason.trim(), decidedAt: deps.clock.now() } },
    )
  }
  deps.logger.info({ code, decision: body.decision, by: actorOf(user).id }, 'public mediator request decided')
  return { state: body.decision === 'confirm' ? 'confirmed' : 'declined' }
}
