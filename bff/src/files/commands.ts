import { createHash, randomBytes } from 'node:crypto'
import type { FileView } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { normalisePhoto } from './image'
import { presentFile } from './presenter'
import { sniffImageType } from './sniff'
import { storageFor } from './storage'

/**
 * Stores one uploaded photo: plainly not a photo by its first bytes (whatever the client claims) is refused at
 * once; the rest is decoded whole and stored re-encoded without its metadata (image.ts), the bytes written
 * durably before the record that points at them. `ownerId` is a staff user's id, or `citizen:<id>` for a
 * citizen's upload (public/photos.ts): the two can never be the same owner.
 */
export async function storePhoto(deps: AppDeps, ownerId: string, upload: Buffer): Promise<FileView> {
  if (!sniffImageType(upload.subarray(0, 16))) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '只能上传 JPG、PNG 或 WebP 格式的照片')
  const photo = await normalisePhoto(upload)
  const id = randomBytes(16).toString('hex')
  await storageFor(deps).put(id, photo.bytes)
  const now = deps.clock.now()
  const doc = {
    _id: id,
    ownerId,
    contentType: photo.contentType,
    size: photo.bytes.length,
    sha256: createHash('sha256').update(photo.bytes).digest('hex'),
    width: photo.width,
    height: photo.height,
    createdAt: now,
  }
  await deps.db.models.StoredFile.create(doc)
  return presentFile(deps.config.jwt.secret, doc, now)
}
