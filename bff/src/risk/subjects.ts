/**
 * The people and addresses of the watch list (重点关注): each one's cached assessment, refreshed
 * whenever one of its cases is scored or a person decides about it, and the list's queries.
 */
import {
  assessSubject,
  closeRefusal,
  colourRank,
  foldWatch,
  type RiskRuleSet,
  type SubjectCase,
  type WatchDecisions,
  type WatchEvent,
  type WatchListQuery,
} from '@jqtb/shared'
import { AppError } from '../infra/errors'
import { decodeCursor, encodeCursor } from '../infra/paging'
import { clean, type TaskDeps } from '../tasks/log'
import { casesOfSubject, subjectId } from './cases'
import type { RiskCaseDoc, RiskSubjectDoc, RiskWatchEventDoc } from './model'

export const watchEventId = (sid: string, seq: number) => `${sid}:${String(seq).padStart(6, '0')}`

/** A subject's watch decisions, read by `_id` seq after seq. */
export async function watchEventsOf(deps: TaskDeps, sid: string): Promise<RiskWatchEventDoc[]> {
  const out: RiskWatchEventDoc[] = []
  for (let seq = 1; ; seq++) {
    const doc = await deps.db.models.RiskWatchEvent.findById(watchEventId(sid, seq)).lean<RiskWatchEventDoc>()
    if (!doc) return out
    out.push(doc)
  }
}

export const toWatchEvent = (e: RiskWatchEventDoc): WatchEvent => ({
  seq: e.seq,
  type: e.type,
  at: new Date(e.at).getTime(),
  by: e.by,
  ...(e.reason ? { reason: e.reason } : {}),
  ...(e.responsible ? { responsible: e.responsible } : {}),
})

export async function subjectCaseDocs(deps: TaskDeps, key: string): Promise<RiskCaseDoc[]> {
  const ids = await casesOfSubject(deps, key)
  const docs = await Promise.all(ids.map((id) => deps.db.models.RiskCase.findById(id).lean<RiskCaseDoc>()))
  return docs.filter((d): d is RiskCaseDoc => !!d)
}

export function toSubjectCase(d: RiskCaseDoc): SubjectCase {
  return {
    id: d._id,
    ref: d.ref,
    title: d.title,
    kind: d.kind,
    createdAt: d.createdAt,
    lastAt: Math.max(d.createdAt, ...d.contacts.map((c) => c.at)),
    open: d.open,
    colour: d.colour,
    score: d.score,
    channels: [...new Set(d.contacts.map((c) => c.channel))],
    ...(d.lastContact ? { lastContact: d.lastContact } : {}),
  }
}

/** What a subject is called: the latest name given with that number, or the address as last written. */
function labelOf(key: string, cases: RiskCaseDoc[], events: RiskWatchEventDoc[]): { label: string; phoneMasked?: string; territory?: string } {
  const added = [...events].reverse().find((e) => e.type === 'added' && e.label)
  const latest = [...cases].sort((a, b) => b.createdAt - a.createdAt)
  if (key.startsWith('a:')) {
    const c = latest.find((x) => x.address?.key === key)
    return { label: c?.address?.label ?? added?.label ?? key.slice(2), territory: c?.territory ?? added?.territory }
  }
  for (const c of latest) {
    const p = c.parties.find((x) => x.key === key)
    if (p) return { label: p.name, phoneMasked: p.phoneMasked, territory: c.territory }
  }
  return { label: added?.label ?? '（未知）', phoneMasked: added?.phoneMasked }
}

/** Assesses one subject from its cases and decisions and writes its cache document (a cache: the last write wins). */
export async function refreshSubject(deps: TaskDeps, key: string, rules: RiskRuleSet): Promise<RiskSubjectDoc> {
  const sid = subjectId(key)
  const [docs, events] = await Promise.all([subjectCaseDocs(deps, key), watchEventsOf(deps, sid)])
  const decisions = foldWatch(events.map(toWatchEvent))
  const now = deps.clock.now().getTime()
  const cases = docs.map(toSubjectCase)
  const a = assessSubject(cases, decisions, rules, now)
  const openHolder = [...docs].sort((x, y) => y.createdAt - x.createdAt).find((d) => d.open && d.holder)?.holder
  const responsible = decisions.responsible
    ? { id: decisions.responsible.id, name: decisions.responsible.name, assigned: true }
    : openHolder
      ? { ...openHolder, assigned: false }
      : undefined
  const doc: RiskSubjectDoc = clean({
    _id: sid,
    key,
    kind: key.startsWith('a:') ? 'address' : 'party',
    ...labelOf(key, docs, events),
    caseIds: docs.map((d) => d._id),
    score: a.score,
    colour: a.colour,
    rank: a.onList ? colourRank(a.colour) : -1,
    trend: a.trend,
    onList: a.onList,
    manual: !!decisions.manual,
    why: a.why,
    recent: a.recent,
    total: docs.length,
    channels: [...new Set(cases.flatMap((c) => c.channels))],
    lastAt: a.lastAt ?? undefined,
    lastContact: a.lastContact ?? undefined,
    reviewDue: a.reviewDue,
    reviewedAt: decisions.reviewed?.at,
    manualAt: decisions.manual?.at,
    responsible,
    closeRefusal: closeRefusal(cases, a, rules, now),
    updatedAt: new Date(now),
  } as RiskSubjectDoc)
  await deps.db.models.RiskSubject.collection.replaceOne({ _id: sid } as never, doc as never, { upsert: true }).catch((err: { code?: number }) => {
    if (err?.code !== 11000) throw err
  })
  return doc
}

export async function refreshSubjects(deps: TaskDeps, keys: string[], rules: RiskRuleSet): Promise<void> {
  for (const key of new Set(keys)) {
    try {
      await refreshSubject(deps, key, rules)
    } catch (err) {
      deps.logger?.warn({ err }, 'watch-list subject refresh failed; the sweep refreshes it')
    }
  }
}

export async function decisionsOf(deps: TaskDeps, sid: string): Promise<{ events: RiskWatchEventDoc[]; decisions: WatchDecisions }> {
  const events = await watchEventsOf(deps, sid)
  return { events, decisions: foldWatch(events.map(toWatchEvent)) }
}

interface ListCursor {
  r: number
  s: number
  id: string
}
const isListCursor = (c: ListCursor) => typeof c.r === 'number' && typeof c.s === 'number' && typeof c.id === 'string' && c.id.length < 40

/** The list: red first, then by score, then by id (stable pages). */
export async function listSubjects(deps: TaskDeps, q: WatchListQuery): Promise<{ items: RiskSubjectDoc[]; nextCursor: string | null }> {
  const and: Record<string, unknown>[] = [{ onList: true }]
  if (q.kind) and.push({ kind: q.kind })
  if (q.colour) and.push({ colour: q.colour })
  if (q.cursor) {
    const c = decodeCursor(q.cursor, isListCursor)
    and.push({ $or: [{ rank: { $lt: c.r } }, { rank: c.r, score: { $lt: c.s } }, { rank: c.r, score: c.s, _id: { $gt: c.id } }] })
  }
  const docs = await deps.db.models.RiskSubject.find({ $and: and })
    .sort({ rank: -1, score: -1, _id: 1 })
    .limit(q.limit + 1)
    .lean<RiskSubjectDoc[]>()
  const items = docs.slice(0, q.limit)
  const last = items.at(-1)
  const nextCursor = docs.length > q.limit && last ? encodeCursor<ListCursor>({ r: last.rank, s: last.score, id: last._id }) : null
  return { items, nextCursor }
}

export async function listCounts(deps: TaskDeps): Promise<{ red: number; yellow: number; total: number }> {
  const { RiskSubject } = deps.db.models
  const [red, yellow, total] = await Promise.all([
    RiskSubject.countDocuments({ onList: true, colour: 'red' }),
    RiskSubject.countDocuments({ onList: true, colour: 'yellow' }),
    RiskSubject.countDocuments({ onList: true }),
  ])
  return { red, yellow, total }
}

/** The subject key behind a watch-list id, from its cache (404 when there is no such subject). */
export async function subjectById(deps: TaskDeps, sid: string): Promise<RiskSubjectDoc> {
  const doc = await deps.db.models.RiskSubject.findById(sid).lean<RiskSubjectDoc>()
  if (!doc) throw new AppError('NOT_FOUND', '重点关注对象不存在')
  return doc
}
