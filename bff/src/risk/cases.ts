/**
 * The engine's memory of cases (docs/risk.md#cases-and-links): each case's scoring input kept as a
 * cache (`risk_cases`), and which cases share a person or an address (`risk_links`, one slot per
 * case and subject, read by `_id`). A new case is linked to every subject it names; its history is
 * the cases linked to any of them.
 */
import { createHash } from 'node:crypto'
import { type RiskCase, subjectKeys } from '@jqtb/shared'
import { isDuplicateKey } from '../infra/errors'
import type { TaskDeps } from '../tasks/log'
import type { RiskCaseDoc, RiskLinkDoc } from './model'

/** The watch list's id of a subject key (`P-…` a person, `A-…` an address): no phone hash or address in URLs. */
export function subjectId(key: string): string {
  return `${key.startsWith('a:') ? 'A' : 'P'}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`
}

export const linkId = (subject: string, n: number) => `${subject}#${String(n).padStart(6, '0')}`

export function toCase(doc: RiskCaseDoc): RiskCase {
  const { _id, taskId: _t, seq: _s, subjects: _k, colour: _c, score: _sc, factors: _f, scoredAt: _a, holder: _h, department: _d, updatedAt: _u, ...rest } = doc
  return { id: _id, ...rest } as RiskCase
}

/** Link slots read in batches (most subjects have a few cases; a busy address is read from its last `limit`). */
async function readLinks(deps: TaskDeps, subject: string, from = 0): Promise<RiskLinkDoc[]> {
  const { RiskLink } = deps.db.models
  const out: RiskLinkDoc[] = []
  let n = from
  let batch = 4
  for (;;) {
    const ids = Array.from({ length: batch }, (_, i) => linkId(subject, n + i))
    const docs = await Promise.all(ids.map((id) => RiskLink.findById(id).lean<RiskLinkDoc>()))
    for (const d of docs) {
      if (!d) return out
      out.push(d)
    }
    n += batch
    batch = Math.min(batch * 2, 64)
  }
}

/** The cases linked to a subject, oldest first (every slot). */
export async function casesOfSubject(deps: TaskDeps, subject: string): Promise<string[]> {
  return [...new Set((await readLinks(deps, subject)).map((l) => l.caseId))]
}

/**
 * Links `caseId` to `subject` once: the first free slot after checking every slot before it, so of
 * two linkers of the same case one inserts and the other reads it back; a slot another case took
 * moves on to the next.
 */
export async function linkCase(deps: TaskDeps, subject: string, caseId: string, at: Date): Promise<boolean> {
  const existing = await readLinks(deps, subject)
  if (existing.some((l) => l.caseId === caseId)) return false
  let n = existing.length
  for (let attempt = 0; attempt < 1000; attempt++, n++) {
    try {
      await deps.db.models.RiskLink.collection.insertOne({ _id: linkId(subject, n), subject, caseId, at } as never)
      return true
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      const theirs = await deps.db.models.RiskLink.findById(linkId(subject, n)).lean<RiskLinkDoc>()
      if (theirs?.caseId === caseId) return false
    }
  }
  throw new Error(`could not link ${caseId} to ${subject}`)
}

/** Writes the case's cache document and links it to its subjects. Answers the subjects it newly joined. */
export async function storeCase(deps: TaskDeps, doc: RiskCaseDoc): Promise<string[]> {
  await deps.db.models.RiskCase.collection.replaceOne({ _id: doc._id } as never, doc as never, { upsert: true }).catch((err) => {
    if (!isDuplicateKey(err)) throw err // two first writes raced on the upsert: either copy will do
  })
  const joined: string[] = []
  for (const key of doc.subjects) if (await linkCase(deps, key, doc._id, doc.updatedAt)) joined.push(key)
  return joined
}

/**
 * Reads shared by the cases one change re-scores (a new case and its linked open cases mostly read
 * the same subjects and the same cases): each subject's links and each case's copy read once.
 */
export interface CaseReads {
  links: Map<string, Promise<string[]>>
  docs: Map<string, Promise<RiskCaseDoc | null>>
}
export const newCaseReads = (): CaseReads => ({ links: new Map(), docs: new Map() })

function readOnce<T>(cache: Map<string, Promise<T>> | undefined, key: string, read: () => Promise<T>): Promise<T> {
  if (!cache) return read()
  const hit = cache.get(key)
  if (hit) return hit
  // a real promise: a mongoose query is thenable but runs only once
  const reading = Promise.resolve(read())
  cache.set(key, reading)
  return reading
}

/** The cases sharing a person or the address with `c` (not `c` itself), from their cached copies. */
export async function historyOf(deps: TaskDeps, c: Pick<RiskCase, 'id' | 'parties' | 'address'>, reads?: CaseReads): Promise<RiskCaseDoc[]> {
  const ids = new Set<string>()
  for (const key of subjectKeys(c)) {
    for (const id of await readOnce(reads?.links, key, () => casesOfSubject(deps, key))) if (id !== c.id) ids.add(id)
  }
  const docs = await Promise.all([...ids].map((id) => readOnce(reads?.docs, id, () => deps.db.models.RiskCase.findById(id).lean<RiskCaseDoc>().exec())))
  return docs.filter((d): d is RiskCaseDoc => !!d)
}
