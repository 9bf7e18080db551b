/**
 * Admin-edited rule sets (the points rules, the risk rules) keep their drafts as numbered revisions:
 * `_id` = n, and saving inserts n + 1 edited from revision n. Of two admins saving from the same
 * revision, the unique `_id` lets one win; the other is told to reload (docs/database.md).
 */
import type { Model } from 'mongoose'
import { AppError, isDuplicateKey } from '../infra/errors'

export interface DraftRevision<R> {
  _id: number
  rules: R
  basedOnVersion: number
  savedAt: Date
  savedBy: { id: string; name: string }
  note?: string
}

/** Saves revision n+1 edited from `baseRevision`; 409 CONFLICT when another admin saved in between. */
export async function saveDraftRevision<R, D extends DraftRevision<R>>(
  model: Model<D>,
  current: D | null,
  input: { baseRevision: number; rules: R; note?: string },
  by: { id: string; name: string },
  now: Date,
  latestVersion: number,
): Promise<D> {
  const revision = current?._id ?? 0
  if (input.baseRevision !== revision) {
    throw new AppError('CONFLICT', `草稿已被${current?.savedBy.name ?? '他人'}修改，请刷新后再改`, { currentRevision: revision })
  }
  const doc = {
    _id: revision + 1,
    rules: input.rules,
    basedOnVersion: latestVersion,
    savedAt: now,
    savedBy: by,
    ...(input.note ? { note: input.note } : {}),
  } as D
  try {
    await model.create(doc)
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '草稿刚被他人保存，请刷新后再改', { currentRevision: revision + 1 })
    throw err
  }
  return doc
}
