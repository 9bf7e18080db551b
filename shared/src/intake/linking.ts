/**
 * 归集: when two channel records are the same incident, and when a new incident repeats an earlier one.
 * Pure rules over what linking may compare — keyed hashes of phones and 身份证 numbers, the door an
 * address resolved to, the category family, the time — each answer with its reasons in words, so the
 * centre sees why two records were put together (and can split them when the rules were wrong).
 *
 * - The same incident: they share a phone, an ID number or the door, the category family is the
 *   same (or one of them could not be classified), the record happened within SAME_INCIDENT_HOURS
 *   of the lead's first record, and nothing says it is another incident (otherIncident: its text
 *   names another specific matter, or it names another other party). A shared name alone never
 *   links; neither does the same building.
 * - A repeat (重复): they share a phone, an ID number or the door within REPEAT_DAYS, but it is not
 *   the same incident (later, another kind of dispute, or another matter or other party).
 */
import { knownTo, type Matter } from './linking-evidence'
import { TAXONOMY_FAMILY_LABELS } from './taxonomy'

export const SAME_INCIDENT_HOURS = 72
export const REPEAT_DAYS = 90
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** What linking knows of one record. */
export interface LinkFacts {
  sourceKey: string
  /** when it happened (epoch ms) */
  at: number
  /** only the day is known: times within that day all fit */
  dateOnly: boolean
  family: string
  /** keyed hashes → the masked form shown in reasons (138****5678) */
  phones: Record<string, string>
  ids: Record<string, string>
  /** the door (docs/intake.md#the-gazetteer-and-address-matching), and how it reads */
  place?: { key: string; label: string }
  /** the specific matter its text names (linking-evidence.ts matterOf) */
  matter?: Matter
  /** the names of its parties, and of those on the other side (对方当事人, 被申请人, 用人单位) */
  people?: string[]
  counterparts?: string[]
  /** what the record says happened (for names written in it) */
  text?: string
}

/** What linking knows of a lead: its records and when its incident began. */
export interface LeadLinkFacts {
  leadId: string
  firstAt: number
  family: string
  records: LinkFacts[]
}

export type MatchKind = 'phone' | 'id' | 'address'

export const MATCH_KIND_LABELS: Record<MatchKind, string> = { phone: '同一号码', id: '同一身份证', address: '同一地址' }

export interface Relation {
  kind: 'same' | 'repeat' | 'none'
  matchedBy: MatchKind[]
  /** in words, for the centre */
  reasons: string[]
  /** hours between the record and the lead's first record */
  gapHours: number
}

const NONE: Relation = { kind: 'none', matchedBy: [], reasons: [], gapHours: 0 }

/**
 * Hours between two records at the closest they can have been: a date-only record (its `at` is the
 * day's midnight) happened at some time of that day, so it may have been later than `at`, never earlier.
 */
export function gapHours(a: { at: number; dateOnly: boolean }, b: { at: number; dateOnly: boolean }): number {
  const end = (r: { at: number; dateOnly: boolean }) => r.at + (r.dateOnly ? DAY : 0)
  return Math.max(0, a.at - end(b), b.at - end(a)) / HOUR
}

function shared(record: LinkFacts, lead: LeadLinkFacts): { kinds: MatchKind[]; reasons: string[] } {
  const kinds = new Set<MatchKind>()
  const reasons: string[] = []
  for (const other of lead.records) {
    for (const [hash, masked] of Object.entries(record.phones)) {
      if (other.phones[hash] && !kinds.has('phone')) {
        kinds.add('phone')
        reasons.push(`同一联系电话 ${masked}`)
      }
    }
    for (const [hash, masked] of Object.entries(record.ids)) {
      if (other.ids[hash] && !kinds.has('id')) {
        kinds.add('id')
        reasons.push(`同一身份证号 ${masked}`)
      }
    }
    if (record.place && other.place?.key === record.place.key && !kinds.has('address')) {
      kinds.add('address')
      reasons.push(`地址相同：${record.place.label}`)
    }
  }
  return { kinds: [...kinds], reasons }
}

const familyLabel = (f: string) => TAXONOMY_FAMILY_LABELS[f] ?? f

function describeGap(hours: number): string {
  if (hours < 1) return '不到 1 小时'
  if (hours < 48) return `${Math.round(hours)} 小时`
  return `${Math.round(hours / 24)} 天`
}

/**
 * What says the record is another incident than the lead's although it is close in time: its text
 * names another specific matter than every record of the lead that names one (停车 after 装修噪音),
 * or both sides name the other party and neither's is known to the other (not among its parties, not
 * written in its text). Null when nothing does — the absence of evidence never splits.
 */
export function otherIncident(record: LinkFacts, lead: LeadLinkFacts): string | null {
  const matters = lead.records.flatMap((r) => (r.matter ? [r.matter] : []))
  if (record.matter && matters.length && !matters.some((m) => m.code === record.matter?.code)) {
    return `事由不同（${record.matter.label}，前次为${matters[0].label}）`
  }
  const theirs = [...new Set(lead.records.flatMap((r) => r.counterparts ?? []))]
  const mine = record.counterparts ?? []
  if (mine.length && theirs.length) {
    const leadPeople = [...theirs, ...lead.records.flatMap((r) => r.people ?? [])]
    const leadText = lead.records.map((r) => r.text ?? '').join('\n')
    const myPeople = [...mine, ...(record.people ?? [])]
    const known = mine.some((n) => knownTo(n, leadPeople, leadText)) || theirs.some((n) => knownTo(n, myPeople, record.text ?? ''))
    if (!known) return `对方不同（${mine.join('、')}，前次为${theirs.join('、')}）`
  }
  return null
}

/** How a record relates to a lead (the rules above). */
export function relate(record: LinkFacts, lead: LeadLinkFacts): Relation {
  const { kinds, reasons } = shared(record, lead)
  if (!kinds.length) return NONE
  const first = lead.records.reduce((a, b) => (b.at < a.at ? b : a), lead.records[0])
  const gap = first ? gapHours(record, first) : Math.abs(record.at - lead.firstAt) / HOUR
  const sameFamily = record.family === lead.family || record.family === 'other' || lead.family === 'other'
  const other = gap <= SAME_INCIDENT_HOURS && sameFamily ? otherIncident(record, lead) : null
  if (gap <= SAME_INCIDENT_HOURS && sameFamily && !other) {
    return {
      kind: 'same',
      matchedBy: kinds,
      reasons: [...reasons, `相隔${describeGap(gap)}`, record.family === lead.family ? `同为${familyLabel(record.family)}类` : '类别未定'],
      gapHours: gap,
    }
  }
  if (gap <= REPEAT_DAYS * 24) {
    const why =
      gap > SAME_INCIDENT_HOURS
        ? `相隔${describeGap(gap)}，是新发生的事`
        : other
          ? `相隔${describeGap(gap)}，但${other}，是另一件事`
          : `另一类纠纷（${familyLabel(record.family)}，前次为${familyLabel(lead.family)}）`
    return { kind: 'repeat', matchedBy: kinds, reasons: [...reasons, why], gapHours: gap }
  }
  return NONE
}

/** Of several leads a record is the same incident as, the one to join: most kinds of evidence, then the closest in time. */
export function bestSame<T extends { relation: Relation }>(candidates: T[]): T | null {
  const same = candidates.filter((c) => c.relation.kind === 'same')
  if (!same.length) return null
  return same.sort((a, b) => b.relation.matchedBy.length - a.relation.matchedBy.length || a.relation.gapHours - b.relation.gapHours)[0]
}
