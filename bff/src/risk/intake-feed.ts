/**
 * Intake records feed the risk engine (docs/risk.md#intake-records). Every channel record (110,
 * 12345, 浙里访 …) becomes a risk case `record:<channel>:<sourceId>` linked to its people (the keyed
 * phone hash, the same the tasks use) and its door; the open tasks of the same people or door are
 * re-scored at once, so a third call about a dispute raises its task's repeat factor.
 *
 * Records come in through the leads' events (`lead.linked` / `lead.updated`, listeners.ts): each record
 * of the lead is noted with the lead as its incident, so the 110 call and the 12345 ticket of one
 * dispute count once. The risk job reading the records received since its last pass (`receivedAt`,
 * indexed) catches up what an event missed. A 网格上报 record is skipped: it is a task, already its own case.
 */
import {
  buildTaxonomy,
  caseFromRecord,
  DEFAULT_TAXONOMY,
  type RiskAssessment,
  type RiskCase,
  type RiskRecordInput,
  recordCaseId,
  scoreCase,
  subjectKeys,
  type TaskCategory,
} from '@jqtb/shared'
import { type ArrivalCursor, readArrivals } from '../intake/arrivals'
import type { IntakeSourceDoc } from '../intake/model'
import type { TaskDeps } from '../tasks/log'
import { clean } from '../tasks/log'
import { historyOf, storeCase, toCase } from './cases'
import { rescoreLinked } from './engine'
import type { RiskCaseDoc } from './model'
import { riskRulesAt } from './rule-versions'
import { refreshSubjects } from './subjects'

const TAXONOMY = buildTaxonomy(DEFAULT_TAXONOMY)

/** The task category of an intake taxonomy code: its own node's, else the nearest shipped node above it. */
export function taskCategoryOf(code: string): TaskCategory {
  for (let c = code; c; c = c.includes('.') ? c.slice(0, c.lastIndexOf('.')) : '') {
    const node = TAXONOMY.byCode.get(c)
    if (node) return node.taskCategory
  }
  return 'other'
}

type SourceFields = Pick<IntakeSourceDoc, '_id' | 'channel' | 'sourceId' | 'version' | 'first' | 'latest' | 'categoryCode' | 'micro' | 'community' | 'leadId'>
const SOURCE_FIELDS = {
  receivedAt: 1,
  channel: 1,
  sourceId: 1,
  version: 1,
  'first.record': 1,
  'latest.record': 1,
  categoryCode: 1,
  micro: 1,
  community: 1,
  leadId: 1,
}

export function recordInput(doc: SourceFields): RiskRecordInput {
  const r = (doc.latest ?? doc.first).record
  return {
    key: doc._id,
    channel: doc.channel,
    sourceId: doc.sourceId,
    reportedAt: r.reportedAt,
    title: r.title,
    content: r.content,
    ...(r.handlingNote ? { handlingNote: r.handlingNote } : {}),
    address: r.address,
    category: taskCategoryOf(doc.categoryCode),
    territory: doc.micro || doc.community || '',
    parties: r.parties.map((p) => clean({ name: p.name, phoneHash: p.phoneHash, idHash: p.idHash, phoneMasked: p.phoneMasked })),
    ...(doc.leadId ? { leadId: doc.leadId } : {}),
  }
}

function recordDoc(c: RiskCase, a: RiskAssessment, version: number, at: number): RiskCaseDoc {
  const { id, ...rest } = c
  return clean({
    ...rest,
    _id: id,
    seq: version,
    subjects: subjectKeys(c),
    colour: a.colour,
    score: a.score,
    factors: a.factors,
    scoredAt: at,
    updatedAt: new Date(at),
  })
}

export interface RecordFeedResult {
  /** the record was new to the engine (or a new version of it) */
  stored: boolean
  /** open tasks of the same people or door re-scored */
  linked: number
}

/**
 * One record into the engine: scored with its history, stored as a case and linked to its people and
 * door, and the open tasks linked to it re-scored. Its incident is its lead: `leadId` as the leads'
 * event says (authoritative: a split or merge moves it), else the lead a listener stored before (the
 * job never takes a record off its lead: it may read the source's lead cache a moment before a move
 * lands), else the source's cached `leadId`, else none (the time rule groups it). Idempotent: the
 * version and the lead already stored are skipped, and re-scoring appends a colour change only when
 * the colour really changes (engine.ts).
 */
export async function noteRecord(deps: TaskDeps, doc: SourceFields, touched = new Set<string>(), leadId?: string): Promise<RecordFeedResult> {
  if (doc.channel === 'grid') return { stored: false, linked: 0 }
  const id = recordCaseId(doc._id)
  const cached = await deps.db.models.RiskCase.findById(id, { seq: 1, incident: 1 }).lean<Pick<RiskCaseDoc, 'seq' | 'incident'>>()
  const cachedLead = cached?.incident?.startsWith('lead:') ? cached.incident.slice('lead:'.length) : undefined
  const lead = leadId ?? cachedLead ?? doc.leadId
  const incident = lead ? `lead:${lead}` : id
  if (cached && cached.seq >= doc.version && cached.incident === incident) return { stored: false, linked: 0 }
  const now = deps.clock.now().getTime()
  const version = await riskRulesAt(deps.db, new Date(now))
  const { leadId: _cachedOnSource, ...input } = recordInput(doc)
  const kase = caseFromRecord({ ...input, ...(lead ? { leadId: lead } : {}) })
  const history = await historyOf(deps, kase)
  const assessment = scoreCase(kase, history.map(toCase), version.rules, now)
  for (const k of await storeCase(deps, recordDoc(kase, assessment, doc.version, now))) touched.add(k)
  for (const k of subjectKeys(kase)) touched.add(k)
  const linked = await rescoreLinked(deps, history, version, touched)
  return { stored: true, linked }
}

/**
 * A lead's records into the engine with the lead as their incident (`lead.linked` / `lead.updated`):
 * each read by its key and noted; the watch list's subjects refreshed once. A record already stored
 * with this lead and version costs one point read.
 */
export async function noteLead(deps: TaskDeps, leadId: string, sourceKeys: readonly string[]): Promise<{ records: number; linked: number }> {
  const touched = new Set<string>()
  let records = 0
  let linked = 0
  for (const key of sourceKeys) {
    const doc = await deps.db.models.IntakeSource.findById(key, SOURCE_FIELDS).lean<SourceFields>()
    if (!doc) continue
    const r = await noteRecord(deps, doc, touched, leadId)
    if (r.stored) records++
    linked += r.linked
  }
  if (touched.size) await refreshSubjects(deps, [...touched], (await riskRulesAt(deps.db, deps.clock.now())).rules)
  return { records, linked }
}

/**
 * The records received since `since` (epoch ms), oldest first, each fed once. Answers how many were
 * new to the engine and how many linked tasks they re-scored; the watch list's subjects are refreshed
 * once at the end.
 */
export const FEED_BATCH = 2000

const lastOf = (arrivals: Array<{ _id: string; at: Date }>): ArrivalCursor => {
  const last = arrivals[arrivals.length - 1]
  return { at: last.at, id: last._id }
}

export async function feedIntake(
  deps: TaskDeps,
  since: number | ArrivalCursor,
  limit = FEED_BATCH,
): Promise<{ arrivals: number; read: number; records: number; linked: number; failed: number; last: ArrivalCursor | null }> {
  // the journal, not the records: its read stays small however many years of records are stored
  const arrivals = await readArrivals(deps.db, typeof since === 'number' ? { at: new Date(since) } : since, { limit })
  const keys = [...new Set(arrivals.map((a) => a.source))]
  const docs: SourceFields[] = []
  for (let i = 0; i < keys.length; i += 100) {
    const found = await Promise.all(keys.slice(i, i + 100).map((key) => deps.db.models.IntakeSource.findById(key, SOURCE_FIELDS).lean<SourceFields>()))
    docs.push(...found.filter((d): d is SourceFields => d !== null))
  }
  const touched = new Set<string>()
  let records = 0
  let linked = 0
  let failed = 0
  for (const doc of docs) {
    try {
      const r = await noteRecord(deps, doc, touched)
      if (r.stored) records++
      linked += r.linked
    } catch (err) {
      failed++
      deps.logger?.warn({ err, source: doc._id }, 'risk: an intake record could not be scored; the next pass retries')
    }
  }
  if (touched.size) await refreshSubjects(deps, [...touched], (await riskRulesAt(deps.db, deps.clock.now())).rules)
  return { arrivals: arrivals.length, read: docs.length, records, linked, failed, last: arrivals.length ? lastOf(arrivals) : null }
}
