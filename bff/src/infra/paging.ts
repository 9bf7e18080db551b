/**
 * What every list shares: opaque page cursors (the sort values of a page's last row, as base64url JSON)
 * and literal search patterns. A cursor that does not decode, or fails the list's own check, is a 400
 * that tells the person to start over.
 */
import { AppError } from './errors'

export const encodeCursor = <C extends object>(c: C): string => Buffer.from(JSON.stringify(c)).toString('base64url')

export function decodeCursor<C>(raw: string, isValid: (c: C) => boolean): C {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as C
    if (isValid(c)) return c
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', '分页参数无效，请从第一页重新加载', { fields: [{ path: 'cursor', message: 'invalid cursor' }] })
}

/** A person's search words as a literal pattern: `$regex` sees no operators in them. */
export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
