import type { FileView } from '@jqtb/shared'
import type { FileDoc } from './model'
import { signedFileUrl } from './signing'

/** A stored photo with its signed link (works in <image src> without a login header). */
export function presentFile(secret: string, doc: Pick<FileDoc, '_id' | 'contentType' | 'size'>, now: Date): FileView {
  return { id: doc._id, contentType: doc.contentType, size: doc.size, url: signedFileUrl(secret, doc._id, now) }
}
