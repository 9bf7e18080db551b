import type { Readable } from 'node:stream'
import type { AppDeps } from '../deps'
import { notFound } from '../infra/errors'
import type { FileDoc } from './model'
import { storageFor } from './storage'

export async function findFile(deps: AppDeps, id: string): Promise<FileDoc> {
  const doc = await deps.db.models.StoredFile.findById(id).lean<FileDoc>()
  if (!doc) throw notFound('文件')
  return doc
}

/** The stored bytes of a file whose record exists. */
export async function openFileContent(deps: AppDeps, id: string): Promise<Readable> {
  const stream = await storageFor(deps).open(id)
  if (!stream) throw notFound('文件内容')
  return stream
}
