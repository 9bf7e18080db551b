import { createHash, randomBytes } from 'node:crypto'
import type { FileView } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import { presentFile } from './presenter'
import { sniffImageType } from './sniff'
import { storageFor } from './storage'

/**
 * Stores one uploaded photo: its type decided by its first bytes (not by what the client claims), the
 * bytes written durably before the record that points at them.
 */
export async function storePhoto(deps: AppDeps, user: AuthUser, bytes: Buffer): Promise<FileView> {
  const contentType = sniffImageType(bytes.subarray(0, 16))
  if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '只能上传 JPG、PNG 或 WebP 格式的照片')
  const id = randomBytes(16).toString('hex')
  await storageFor(deps).put(id, bytes)
  const now = deps.clock.now()
  const doc = {
    _id: id,
    ownerId: user.id,
    contentType,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    createdAt: now,
  }
  await deps.db.models.StoredFile.create(doc)
  return presentFile(deps.config.jwt.secret, doc, now)
}
