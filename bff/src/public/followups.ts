/**
 * 回访 (docs/public.md#follow-up). When a case closes the citizen gets a one-time link by SMS; the
 * answer is an insert keyed by the case code, so there is one per case however many taps, links or
 * staff members race (the loser is told it is already recorded). 不满意 opens a follow-up for the
 * centre and is published for the risk engine; every rating is published for 满意率. No answer in 3
 * days puts a phone 回访 in the centre's queue, recorded the same way.
 */
import { createHash, createHmac } from 'node:crypto'
import { countsAsSatisfied, PHONE_FOLLOWUP_AFTER_MS, publicCategory, RATING_LABELS, RATING_LINK_TTL_MS, type RateBody, type Rating } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { Actor } from '../kernel/actor'
import type { TaskDoc } from '../tasks/model'
import type { PublicCaseDoc, RatingDoc } from './model'

const linkToken = (piiKey: string, code: string) => createHmac('sha256', piiKey).update(`public-rating-link:${code}`).digest('base64url').slice(0, 32)
const tokenId = (token: string) => createHash('sha256').update(token).digest('hex')

export function publicBase(deps: AppDeps): string {
  return `${(deps.config.publicUrl ?? `http://localhost:${deps.config.port}`).replace(/\/$/, '')}/public/`
}

/** The case closed: a rating link by SMS and a phone 回访 waiting for 3 days (idempotent). */
export async function startFollowups(deps: AppDeps, code: string, closedAt: Date): Promise<void> {
  const c = await deps.db.models.PublicCase.findById(code, { phoneEnc: 1 }).lean<PublicCaseDoc>()
  if (!c) return
  const token = linkToken(deps.config.piiKey, code)
  try {
    await deps.db.models.PublicRatingLink.create({ _id: tokenId(token), code, expiresAt: new Date(closedAt.getTime() + RATING_LINK_TTL_MS) })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
  try {
    await deps.db.models.PublicFollowup.create({
      _id: `${code}:phone`,
      code,
      kind: 'phone',
      state: 'waiting',
      dueAt: new Date(closedAt.getTime() + PHONE_FOLLOWUP_AFTER_MS),
      createdAt: closedAt,
    })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
  await deps.sms.enqueue({
    key: `public:${code}:rating`,
    phone: { phoneEnc: c.phoneEnc },
    template: 'public_rating',
    data: { code, link: `${publicBase(deps)}#/rate/${token}` },
  })
}

/** The case a rating link stands for; an unknown or expired link is 404 (nothing to tell a guesser). */
export async function caseOfLink(deps: AppDeps, token: string): Promise<PublicCaseDoc> {
  const link = await deps.db.models.PublicRatingLink.findById(tokenId(token)).lean()
  const c = link && link.expiresAt.getTime() > deps.clock.now().getTime() ? await deps.db.models.PublicCase.findById(link.code).lean<PublicCaseDoc>() : null
  if (!c) throw new AppError('NOT_FOUND', '评价链接无效或已过期')
  return c
}

export type RateOutcome = { result: 'recorded' | 'already'; rating: Rating; label: string }

export async function rateCase(deps: AppDeps, c: PublicCaseDoc, body: RateBody, via: RatingDoc['via'], by?: Actor): Promise<RateOutcome> {
  if (c.milestone !== 'closed') throw new AppError('DOMAIN_RULE', '事情办结后才能评价')
  if (c.noRating) throw new AppError('DOMAIN_RULE', '这件事已移交其他单位处理，请对他们的处理进行评价')
  const now = deps.clock.now()
  const doc: RatingDoc = { _id: c._id, rating: body.rating, via, at: now, ...(body.comment ? { comment: body.comment } : {}), ...(by ? { by } : {}) }
  try {
    await deps.db.models.PublicRating.create(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const first = await deps.db.models.PublicRating.findById(c._id).lean<RatingDoc>()
    const r = first?.rating ?? body.rating
    return { result: 'already', rating: r, label: RATING_LABELS[r] }
  }
  await afterRating(deps, c, doc)
  return { result: 'recorded', rating: doc.rating, label: RATING_LABELS[doc.rating] }
}

/** Everything a rating causes; safe to run again (the sweep re-runs it for a rating left unpublished). */
export async function afterRating(deps: AppDeps, c: PublicCaseDoc, r: RatingDoc): Promise<void> {
  const task = c.taskId ? await deps.db.models.Task.findById(c.taskId).lean<TaskDoc>() : null
  const territory = task?.territory.code ?? c.community ?? null
  const taskCategory = task?.category ?? publicCategory(c.category).task
  await deps.db.models.PublicCase.updateOne({ _id: c._id }, { $set: { rated: r.rating } })
  await deps.db.models.PublicFollowup.updateOne(
    { _id: `${c._id}:phone`, state: { $ne: 'done' } },
    { $set: { state: 'done', doneAt: r.at, outcome: { action: r.via === 'phone' ? 'phoned' : 'answered', by: r.by ?? { id: 'citizen', name: '群众' } } } },
  )
  if (r.rating === 'unsatisfied') {
    try {
      await deps.db.models.PublicFollowup.create({
        _id: `${c._id}:unsatisfied`,
        code: c._id,
        kind: 'unsatisfied',
        state: 'open',
        dueAt: new Date(r.at.getTime() + 2 * 24 * 3_600_000),
        createdAt: r.at,
      })
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
    await deps.events.publish('followup.unsatisfied', {
      id: `${c._id}:unsatisfied`,
      caseCode: c._id,
      taskId: c.taskId ?? null,
      taskCategory,
      territory,
      riskColour: task?.riskColour ?? null,
      comment: r.comment ?? null,
      at: r.at.toISOString(),
    })
  }
  await deps.events.publish('followup.rated', {
    id: c._id,
    caseCode: c._id,
    taskId: c.taskId ?? null,
    category: c.category,
    taskCategory,
    territory,
    rating: r.rating,
    satisfied: countsAsSatisfied(r.rating),
    via: r.via,
    at: r.at.toISOString(),
  })
  await deps.db.models.PublicRating.updateOne({ _id: c._id }, { $set: { published: true } })
}

/** Every minute: phone 回访 that came due without an answer open; ratings whose effects did not finish are finished. */
export async function sweepFollowups(deps: AppDeps): Promise<{ opened: number; republished: number }> {
  const now = deps.clock.now()
  const due = await deps.db.models.PublicFollowup.find({ state: 'waiting', dueAt: { $lte: now } })
    .sort({ dueAt: 1, _id: 1 })
    .limit(200)
    .lean()
  let opened = 0
  for (const f of due) {
    const rated = await deps.db.models.PublicRating.findById(f.code, { _id: 1 }).lean()
    await deps.db.models.PublicFollowup.updateOne({ _id: f._id, state: 'waiting' }, { $set: rated ? { state: 'done', doneAt: now } : { state: 'open' } })
    if (!rated) opened++
  }
  const stale = await deps.db.models.PublicRating.find({ published: { $ne: true }, at: { $lte: new Date(now.getTime() - 60_000) } })
    .limit(100)
    .lean<RatingDoc[]>()
  for (const r of stale) {
    const c = await deps.db.models.PublicCase.findById(r._id).lean<PublicCaseDoc>()
    if (c) await afterRating(deps, c, r)
  }
  return { opened, republished: stale.length }
}
