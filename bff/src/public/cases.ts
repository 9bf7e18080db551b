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
import { ingestRecord, intakeDeps, sourceKey } from '../intake/ingest'
import { decryptPhone } from '../kernel/phone'
import type { CitizenRef } from './middleware'
import { recordMilestone } from './milestones'
import type { PublicCaseDoc } from './model'
import { assertOwnCitizenPhotos } from './photos'
import { placeText } from './places'

export function caseCodeFor(piiKey: string, citizenId: string, requestId: string): string {
  return caseCodeFrom(createHmac('sha256', piiKey).update(`public-case:${citizenId}:${requestId}`).digest())
}

export async function fileCase(deps: AppDeps, citizen: CitizenRef, body: FileCaseBody): Promise<{ code: string; created: boolean }> {
  const c = await deps.db.models.Citizen.findById(citizen.id).lean()
  if (!c) throw new AppError('TOKEN_INVALID', '登录已失效，请重新登录')
  const photos = body.photos ?? []
  await assertOwnCitizenPhotos(deps, citizen, photos)
  const code = caseCodeFor(deps.config.piiKey, citizen.id, body.requestId)
  const existing = await deps.db.models.PublicCase.findById(code).lean<PublicCaseDoc>()
  if (existing) {
    // a retry after a crash between the case and its intake record finishes the record
    if (!(await deps.db.models.IntakeSource.exists({ _id: existing.intakeKey }))) await recordInIntake(deps, existing, body)
    return { code, created: false }
  }
  const place = await placeText(deps, body)
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
    photos,
    intakeKey: sourceKey('public', code),
    filedAt: deps.clock.now(),
    milestone: 'filed',
  }
  // the case first, then its intake record: the leads' events about the record (which lead it joined,
  // that lead's task) find the case they are about (docs/public.md#following-a-lead)
  try {
    await deps.db.models.PublicCase.create(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    return { code, created: false }
  }
  await recordInIntake(deps, doc, body)
  return { code, created: true }
}

/** The filing as a record of intake's `public` channel; a record intake rejects takes the case back. */
async function recordInIntake(deps: AppDeps, doc: PublicCaseDoc, body: FileCaseBody): Promise<void> {
  const place = await placeText(deps, body)
  const category = publicCategory(body.category)
  const row: Record<string, string> = {
    案件码: doc._id,
    提交时间: doc.filedAt.toISOString(),
    手机号: decryptPhone(deps.config.piiKey, doc.phoneEnc),
    事项类别: category.taxonomy,
    诉求内容: body.content,
    事发地址: place.address,
  }
  if (body.occurredAt) row.事发时间 = body.occurredAt
  if (body.name) row.反映人 = body.name
  if (body.otherParty) row.对方当事人 = body.otherParty
  const ctx = await cleanContext(deps.db, 'public', doc.filedAt)
  // the photos travel with the record: 研判 shows them on the lead, its task carries them (docs/public.md#photos)
  const out = await ingestRecord(intakeDeps(deps), ctx, row, { kind: 'public', ref: doc._id }, { photos: doc.photos })
  if (out.result === 'rejected' || !out.key) {
    await deps.db.models.PublicCase.deleteOne({ _id: doc._id })
    throw new AppError('VALIDATION_FAILED', out.issues[0]?.reason ?? '提交的内容不完整，请检查后再提交', { issues: out.issues })
  }
  await recordMilestone(deps, doc._id, 'filed', {}, doc.filedAt)
}

/** The citizen's own case; anyone else's code answers 404 like a code that does not exist. */
export async function ownCase(deps: AppDeps, citizen: CitizenRef, code: string): Promise<PublicCaseDoc> {
  const doc = await deps.db.models.PublicCase.findById(code).lean<PublicCaseDoc>()
  if (!doc || doc.citizenId !== citizen.id) throw new AppError('NOT_FOUND', '没有找到这件事，请检查案件码')
  return doc
}
