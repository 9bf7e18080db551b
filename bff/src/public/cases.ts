/**
 * A citizen files a dispute (公众上报): it becomes a record of intake's `public` channel — cleaned,
 * stored and (once leads exist) linked like every other channel — and a case the citizen follows by
 * its code (一案一码). The code is derived from the citizen and the form's requestId with a keyed hash:
 * the same form sent twice is one case, and codes cannot be guessed from anything a citizen sees.
 */
import { createHmac } from 'node:crypto'
import { caseCodeFrom, type FileCaseBody, publicCategory } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, isDuplicateKey } from '../infra/errors'
import { cleanContext } from '../intake/context'
import { ingestRecord, intakeDeps } from '../intake/ingest'
import { decryptPhone } from '../kernel/phone'
import type { CitizenRef } from './middleware'
import { recordMilestone } from './milestones'
import type { PublicCaseDoc } from './model'
import { placeText } from './places'

export function caseCodeFor(piiKey: string, citizenId: string, requestId: string): string {
  return caseCodeFrom(createHmac('sha256', piiKey).update(`public-case:${citizenId}:${requestId}`).digest())
}

export async function fileCase(deps: AppDeps, citizen: CitizenRef, body: FileCaseBody): Promise<{ code: string; created: boolean }> {
  const c = await deps.db.models.Citizen.findById(citizen.id).lean()
  if (!c) throw new AppError('TOKEN_INVALID', '登录已失效，请重新登录')
  const code = caseCodeFor(deps.config.piiKey, citizen.id, body.requestId)
  const existing = await deps.db.models.PublicCase.findById(code).lean()
  if (existing) return { code, created: false }
  const now = deps.clock.now()
  const place = await placeText(deps, body)
  const category = publicCategory(body.category)
  const phone = decryptPhone(deps.config.piiKey, c.phoneEnc)
  // intake first: a crash after it leaves a record whose case the retry (same requestId) inserts
  const row: Record<string, string> = {
    案件码: code,
    提交时间: now.toISOString(),
    手机号: phone,
    事项类别: category.taxonomy,
    诉求内容: body.content,
    事发地址: place.address,
  }
  if (body.occurredAt) row.事发时间 = body.occurredAt
  if (body.name) row.反映人 = body.name
  if (body.otherParty) row.对方当事人 = body.otherParty
  const ctx = await cleanContext(deps.db, 'public', now)
  const out = await ingestRecord(intakeDeps(deps), ctx, row, { kind: 'public', ref: code })
  if (out.result === 'rejected' || !out.key)
    throw new AppError('VALIDATION_FAILED', out.issues[0]?.reason ?? '提交的内容不完整，请检查后再提交', { issues: out.issues })
  const doc: PublicCaseDoc = {
    _id: code,
    citizenId: citizen.id,
    phoneEnc: c.phoneEnc,
    phoneMasked: c.phoneMasked,
    ...(body.name ? { name: body.name } : {}),
    category: body.category,
    content: body.content,
    place: place.shown,
    ...(body.community ? { community: body.community } : {}),
    ...(body.occurredAt ? { occurredAt: new Date(body.occurredAt) } : {}),
    ...(body.otherParty ? { otherParty: body.otherParty } : {}),
    photos: [],
    intakeKey: out.key,
    filedAt: now,
    milestone: 'filed',
  }
  try {
    await deps.db.models.PublicCase.create(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    return { code, created: false }
  }
  await recordMilestone(deps, code, 'filed', {})
  return { code, created: true }
}

/** The citizen's own case; anyone else's code answers 404 like a code that does not exist. */
export async function ownCase(deps: AppDeps, citizen: CitizenRef, code: string): Promise<PublicCaseDoc> {
  const doc = await deps.db.models.PublicCase.findById(code).lean<PublicCaseDoc>()
  if (!doc || doc.citizenId !== citizen.id) throw new AppError('NOT_FOUND', '没有找到这件事，请检查案件码')
  return doc
}
