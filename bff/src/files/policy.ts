/**
 * Who may do what with uploaded photos — in one place.
 *
 * - Any signed-in person may upload (the size and type limits are checked on the bytes: routes.ts, sniff.ts).
 * - A photo is read through a signed, short-lived link, handed out only with a task the reader may see
 *   (tasks/presenter.ts): the link is the permission, so no login header is needed (an <image src>
 *   cannot send one).
 * - Without a link, only the uploader may read it (the photo picker shows it before it is attached).
 */
import { forbidden } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import type { FileDoc } from './model'
import { verifyFileSignature } from './signing'

export const filePolicy = {
  canReadUnsigned: (user: AuthUser, file: Pick<FileDoc, 'ownerId'>) => file.ownerId === user.id,
}

export function assertValidFileLink(secret: string, id: string, link: { exp: number; sig: string }, now: Date): void {
  if (!verifyFileSignature(secret, id, link.exp, link.sig, now)) throw forbidden('图片链接已过期，请刷新页面')
}

export function assertCanReadUnsigned(user: AuthUser, file: Pick<FileDoc, 'ownerId'>): void {
  if (!filePolicy.canReadUnsigned(user, file)) throw forbidden('只能查看自己上传的照片')
}
