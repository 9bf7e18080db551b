/**
 * A citizen's photos (docs/public.md#photos): uploaded through their own route with a citizen token,
 * checked and stored by the files domain exactly like a staff upload (type from the bytes, size limit,
 * decoded whole and re-encoded without EXIF — a phone writes the citizen's home position there), owned by
 * `citizen:<id>` so no staff user and no other citizen is ever their owner. Attached to a filing or a
 * question only by the citizen who uploaded them; another citizen's photo is 404 like one that does not
 * exist. How many a citizen may send (per hour) and how much (per day) is counted in the database.
 */

import { randomBytes } from 'node:crypto'
import type { AppDeps } from '../deps'
import { storePhoto } from '../files/commands'
import { openFileContent } from '../files/queries'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { CitizenRef } from './middleware'

const HOUR = 3_600_000
const DAY = 24 * HOUR

export const citizenOwner = (citizen: CitizenRef) => `citizen:${citizen.id}`

const tooMany = (message: string, retryAfterS: number) => new AppError('RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterS)) })

/**
 * Counts this upload against the citizen's limits: its mark is inserted first, then the marks of the hour
 * and the bytes of the day are counted (racing uploads count each other, so together they never pass a
 * limit). A refused upload takes its mark back; an accepted one keeps it even if the photo then turns out
 * unreadable (decoding it cost the server as much).
 */
async function reserveUpload(deps: AppDeps, citizen: CitizenRef, bytes: number): Promise<void> {
  const { perHour, bytesPerDay } = deps.config.publicPhotos
  const now = deps.clock.now()
  const id = `${citizen.id}:${randomBytes(8).toString('hex')}`
  const marks = deps.db.models.CitizenUploadMark
  try {
    await marks.create({ _id: id, citizenId: citizen.id, bytes, at: now })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
  const inHour = await marks.countDocuments({ citizenId: citizen.id, at: { $gt: new Date(now.getTime() - HOUR) } })
  if (inHour > perHour) {
    await marks.deleteOne({ _id: id })
    throw tooMany(`一小时内最多上传 ${perHour} 张照片，请稍后再传`, HOUR / 1000 / 4)
  }
  const [day] = await marks.aggregate<{ bytes: number }>([
    { $match: { citizenId: citizen.id, at: { $gt: new Date(now.getTime() - DAY) } } },
    { $group: { _id: null, bytes: { $sum: '$bytes' } } },
  ])
  if ((day?.bytes ?? 0) > bytesPerDay) {
    await marks.deleteOne({ _id: id })
    throw tooMany(`今天上传的照片已达 ${Math.round(bytesPerDay / 1024 / 1024)} MB，请明天再传`, HOUR / 1000)
  }
}

export async function uploadCitizenPhoto(deps: AppDeps, citizen: CitizenRef, upload: Buffer) {
  await reserveUpload(deps, citizen, upload.length)
  return storePhoto(deps, citizenOwner(citizen), upload)
}

/** Every id names a photo this citizen uploaded; otherwise 404 (another citizen's photo is not theirs to know of). */
export async function assertOwnCitizenPhotos(deps: AppDeps, citizen: CitizenRef, ids: string[]): Promise<void> {
  if (!ids.length) return
  const found = await deps.db.models.StoredFile.find({ _id: { $in: ids }, ownerId: citizenOwner(citizen) }, { _id: 1 }).lean()
  if (found.length !== new Set(ids).size) throw new AppError('NOT_FOUND', '有照片没有找到，请删掉它重新上传')
}

/** The citizen's own photo (their page shows what they attached); anyone else's is 404. */
export async function openOwnPhoto(deps: AppDeps, citizen: CitizenRef, id: string) {
  const doc = await deps.db.models.StoredFile.findById(id).lean()
  if (!doc || doc.ownerId !== citizenOwner(citizen)) throw new AppError('NOT_FOUND', '照片不存在')
  return { contentType: doc.contentType, stream: await openFileContent(deps, id) }
}

/** Marks older than two days count for nothing. */
export async function sweepUploadMarks(deps: AppDeps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - 2 * DAY)
  const old = await deps.db.models.CitizenUploadMark.find({ at: { $lt: before } }, { _id: 1 })
    .limit(5000)
    .lean()
  if (!old.length) return 0
  const { deletedCount } = await deps.db.models.CitizenUploadMark.deleteMany({ _id: { $in: old.map((o) => o._id) } })
  return deletedCount ?? 0
}
