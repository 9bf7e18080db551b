/** Reads for the citizen's pages and for the centre's desk. */

import { CASE_CODE_PATTERN } from '@jqtb/shared'
import QRCode from 'qrcode'
import type { AppDeps } from '../deps'
import { photoLinksOf } from '../files/presenter'
import { AppError } from '../infra/errors'
import { territoryNames } from '../intake/context'
import { ownCase } from './cases'
import type { CitizenRef } from './middleware'
import type { PublicCaseDoc } from './model'
import { presentCase, presentFollowup, presentStaffCase, presentSummary } from './presenter'

export async function myCases(deps: AppDeps, citizen: CitizenRef) {
  const docs = await deps.db.models.PublicCase.find({ citizenId: citizen.id }).sort({ filedAt: -1, _id: 1 }).limit(100).lean<PublicCaseDoc[]>()
  return { items: docs.map((c) => presentSummary(c, !!c.rated)) }
}

/** The QR code the desk scans: just the case code, nothing else. */
export const qrSvgOf = (code: string) => QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })

export async function myCase(deps: AppDeps, citizen: CitizenRef, code: string) {
  const c = await ownCase(deps, citizen, code)
  return caseView(deps, c)
}

export async function caseView(deps: AppDeps, c: PublicCaseDoc) {
  const [milestones, rating, request, qrSvg] = await Promise.all([
    deps.db.models.PublicMilestone.find({ code: c._id }).sort({ at: 1, _id: 1 }).lean(),
    deps.db.models.PublicRating.findById(c._id).lean(),
    deps.db.models.PublicMediatorRequest.findById(c._id).lean(),
    qrSvgOf(c._id),
  ])
  return presentCase(c, { milestones, rating, request, qrSvg, links: photoLinksOf(deps) })
}

/** The desk types or scans a case code. */
export async function lookupCase(deps: AppDeps, code: string) {
  if (!CASE_CODE_PATTERN.test(code)) throw new AppError('NOT_FOUND', '没有这个案件码')
  const c = await deps.db.models.PublicCase.findById(code).lean<PublicCaseDoc>()
  if (!c) throw new AppError('NOT_FOUND', '没有这个案件码，请核对后再输入')
  const [rating, source, names] = await Promise.all([
    deps.db.models.PublicRating.findById(code).lean(),
    deps.db.models.IntakeSource.findById(c.intakeKey, { micro: 1, community: 1 }).lean(),
    territoryNames(deps.db),
  ])
  // where accepting puts the task when the desk names no territory (desk.ts: the micro-grid, else the community)
  const placed = source?.micro || source?.community || c.community
  return presentStaffCase(c, rating, placed ? { code: placed, name: names.get(placed) ?? placed } : null, photoLinksOf(deps))
}

/** The centre's 回访 queue: phone 回访 due and 不满意 follow-ups, oldest first. */
export async function followupQueue(deps: AppDeps) {
  const open = await deps.db.models.PublicFollowup.find({ state: 'open' }).sort({ dueAt: 1, _id: 1 }).limit(200).lean()
  const codes = [...new Set(open.map((f) => f.code))]
  const [cases, ratings] = await Promise.all([
    codes.length ? deps.db.models.PublicCase.find({ _id: { $in: codes } }).lean<PublicCaseDoc[]>() : [],
    codes.length ? deps.db.models.PublicRating.find({ _id: { $in: codes } }).lean() : [],
  ])
  const byCase = new Map(cases.map((c) => [c._id, c]))
  const byRating = new Map(ratings.map((r) => [r._id, r]))
  return { items: open.map((f) => presentFollowup(f, byCase.get(f.code), byRating.get(f.code) ?? null)) }
}
