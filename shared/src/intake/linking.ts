/**
 * 归集: when two channel records are the same incident, and when a new incident repeats an earlier one.
 * Pure rules over what linking may compare — keyed hashes of phones and 身份证 numbers, the door an
 * address resolved to, the category family, the time — each answer with its reasons in words, so the
 * centre sees why two records were put together (and can split them when the rules were wrong).
 *
 * - The same incident: they share a phone or an ID number of the same side (or of the other side with
 *   the parties swapped), or the door (one household: a flat, a house — never a building, a village
 *   group or a public place), the category family is the same (or one of them could not be
 *   classified), the record happened within SAME_INCIDENT_HOURS of the lead's first record, and
 *   nothing says it is another incident (otherIncident: its text names another specific matter, it
 *   happened at another place, or it names another other party). A shared name alone never links;
 *   neither does the same building.
 * - A repeat (重复): they share a phone, an ID number or the door within REPEAT_DAYS, but it is not
 *   the same incident (later, another kind of dispute, another matter, place or other party, or the
 *   one person they share is the other side of one of them).
 */
import { type Figures, figuresDiffer, knownTo, type Matter, mattersMeet, sameName } from './linking-evidence'
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
  /** the door (docs/intake.md#the-gazetteer-and-address-matching), and how it reads; `unit` as written */
  place?: { key: string; label: string; unit?: number }
  /** the building, house number or village group the address pinned (confidently): where it happened */
  spot?: { key: string; label: string }
  /** which of `phones` and `ids` (their hashes) are the other side's (被申请人电话), not the reporter's */
  otherSide?: string[]
  /** the specific matter its text names (linking-evidence.ts matterOf) */
  matter?: Matter
  /** the names of its parties, and of those on the other side (对方当事人, 被申请人, 用人单位) */
  people?: string[]
  counterparts?: string[]
  /** what the record says happened (for names written in it) */
  text?: string
  /** the sum in dispute and the number of people, where it says (linking-evidence.ts figuresOf) */
  figures?: Figures
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

/** The names of a record's own side: its parties who are not the other side. */
const ownSide = (f: LinkFacts) => (f.people ?? []).filter((p) => !(f.counterparts ?? []).includes(p))

/**
 * Whether a phone or ID both records carry says they are one incident. The reporter's in both: yes.
 * The other side's in one of them only counts when the parties are swapped — the other side filed,
 * naming the first reporter — and the other side's in both only when the reporters are the same: two
 * creditors' cases against one debtor, or the debtor's own call about something else, are other incidents.
 */
function sameSides(a: LinkFacts, b: LinkFacts, hash: string): boolean {
  const aOther = a.otherSide?.includes(hash) ?? false
  const bOther = b.otherSide?.includes(hash) ?? false
  if (!aOther && !bOther) return true
  if (aOther && bOther) return ownSide(a).some((n) => ownSide(b).some((m) => sameName(n, m)))
  const [theirs, mine] = aOther ? [a, b] : [b, a]
  return ownSide(theirs).some((n) => knownTo(n, mine.counterparts ?? [], mine.text ?? ''))
}

/** One door: the same key, and the same unit where both wrote one (「12-502」 is 「12-2-502」). */
const sameDoor = (a: NonNullable<LinkFacts['place']>, b: NonNullable<LinkFacts['place']>) => a.key === b.key && (!a.unit || !b.unit || a.unit === b.unit)

/** One spot: the same building (house number, group), or a landmark and a named part of it. */
const sameSpot = (a: string, b: string) => a === b || a.startsWith(`${b}#`) || b.startsWith(`${a}#`)

interface Shared {
  kinds: MatchKind[]
  reasons: string[]
  /** phones or IDs shared only through the other side of one record (no evidence of the same incident) */
  through: string[]
}

function shared(record: LinkFacts, lead: LeadLinkFacts): Shared {
  const kinds = new Set<MatchKind>()
  const reasons: string[] = []
  const through: string[] = []
  const match = (kind: MatchKind, other: LinkFacts, hash: string, words: string) => {
    if (kinds.has(kind)) return
    if (sameSides(record, other, hash)) {
      kinds.add(kind)
      reasons.push(words)
    } else if (!through.includes(words)) through.push(words)
  }
  for (const other of lead.records) {
    for (const [hash, masked] of Object.entries(record.phones)) if (other.phones[hash]) match('phone', other, hash, `同一联系电话 ${masked}`)
    for (const [hash, masked] of Object.entries(record.ids)) if (other.ids[hash]) match('id', other, hash, `同一身份证号 ${masked}`)
    if (record.place && other.place && sameDoor(record.place, other.place) && !kinds.has('address')) {
      kinds.add('address')
      reasons.push(`地址相同：${record.place.label}`)
    }
  }
  return { kinds: [...kinds], reasons, through: through.filter((t) => !reasons.includes(t)) }
}

const familyLabel = (f: string) => TAXONOMY_FAMILY_LABELS[f] ?? f

function describeGap(hours: number): string {
  if (hours < 1) return '不到 1 小时'
  if (hours < 48) return `${Math.round(hours)} 小时`
  return `${Math.round(hours / 24)} 天`
}

/**
 * What says the record is another incident than the lead's although it is close in time: its text
 * names another specific matter than every record of the lead that names one (停车 after 装修噪音,
 * 继承 after 离婚), its address pins another building, house or village group than every record of
 * the lead whose address pins one, both sides name the other party and neither's is known to the
 * other (not among its parties, not written in its text), or it states another sum in dispute or
 * another number of people than every record of the lead that states one. Null when nothing does —
 * the absence of evidence never splits.
 */
export function otherIncident(record: LinkFacts, lead: LeadLinkFacts): string | null {
  const matters = lead.records.flatMap((r) => (r.matter ? [r.matter] : []))
  if (record.matter && matters.length && !matters.some((m) => mattersMeet(m, record.matter as Matter))) {
    return `事由不同（${record.matter.label}，前次为${matters[0].label}）`
  }
  const spots = lead.records.flatMap((r) => (r.spot ? [r.spot] : []))
  if (record.spot && spots.length && !spots.some((s) => sameSpot(s.key, record.spot?.key ?? ''))) {
    return `地点不同（${record.spot.label}，前次为${spots[0].label}）`
  }
  const theirs = [...new Set(lead.records.flatMap((r) => r.counterparts ?? []))]
  const mine = record.counterparts ?? []
  if (mine.length && theirs.length) {
    const leadPeople = [...theirs, ...lead.records.flatMap((r) => r.people ?? [])]
    const leadText = lead.records.map((r) => r.text ?? '').join('\n')
    const myPeople = [...mine, ...(record.people ?? [])]
    // the lead's other side as this record's reporter is this record's own side (the other side filed there)
    const me = ownSide(record)
    const others = theirs.filter((n) => !me.some((m) => sameName(n, m)))
    const known = mine.some((n) => knownTo(n, leadPeople, leadText)) || others.some((n) => knownTo(n, myPeople, record.text ?? ''))
    if (!known) return `对方不同（${mine.join('、')}，前次为${theirs.join('、')}）`
  }
  for (const [kind, words, unit] of [
    ['amount', '金额', '元'],
    ['count', '人数', '人'],
  ] as const) {
    const mineN = record.figures?.[kind]
    const theirsN = lead.records.flatMap((r) => (r.figures?.[kind] ? [r.figures[kind] as number] : []))
    if (mineN && theirsN.length && theirsN.every((n) => figuresDiffer(n, mineN))) return `${words}不同（${mineN}${unit}，前次为${theirsN[0]}${unit}）`
  }
  return null
}

/** How a record relates to a lead (the rules above). */
export function relate(record: LinkFacts, lead: LeadLinkFacts): Relation {
  const { kinds, reasons, through } = shared(record, lead)
  if (!kinds.length && !through.length) return NONE
  const first = lead.records.reduce((a, b) => (b.at < a.at ? b : a), lead.records[0])
  const gap = first ? gapHours(record, first) : Math.abs(record.at - lead.firstAt) / HOUR
  if (!kinds.length) {
    // only the other side's phone or ID in common: the same person, in another incident
    if (gap > REPEAT_DAYS * 24) return NONE
    const matchedBy: MatchKind[] = through.some((t) => t.startsWith('同一身份证号')) ? ['id'] : ['phone']
    return { kind: 'repeat', matchedBy, reasons: [...through, `相隔${describeGap(gap)}，但这是一方的对方当事人，申请人不同，是另一件事`], gapHours: gap }
  }
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
