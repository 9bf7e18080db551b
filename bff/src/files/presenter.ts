import type { FileView } from '@jqtb/shared'
import type { Config } from '../config'
import type { Clock } from '../infra/clock'
import type { FileDoc } from './model'
import { signedFileUrl } from './signing'

/** A stored photo with its signed link (works in <image src> without a login header). */
export function presentFile(secret: string, doc: Pick<FileDoc, '_id' | 'contentType' | 'size'>, now: Date): FileView {
  return { id: doc._id, contentType: doc.contentType, size: doc.size, url: signedFileUrl(secret, doc._id, now) }
}

/** Signed links for photo ids, made by the caller with the secret and the time. */
export type PhotoLinks = (ids: string[]) => Array<{ id: string; url: string }>

/** Signed links for photo ids, for a view whose reader may see them (a lead, an intake record, a case). */
export function photoLinksOf({ config, clock }: { config: Pick<Config, 'jwt'>; clock: Clock }): PhotoLinks {
  const now = clock.now()
  return (ids: string[]) => ids.map((id) => ({ id, url: signedFileUrl(config.jwt.secret, id, now) }))
}
