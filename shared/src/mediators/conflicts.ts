/**
 * Conflicts of interest (回避): who may not sit on a dispute's team, and why, in words. Each reason
 * comes twice: `detail` names the private relation (admins only) and `shown` says only that a
 * declared relation exists, so nobody learns someone's kin, household or employer from a proposal.
 */
import type { TaskCategory } from '../tasks/constants'
import type { EpochMs } from '../tasks/types'
import { RELATION_KIND_LABELS, type RelationKind } from './constants'
import type { CompositionSlot } from './rules'

/** A party of the dispute as the engine sees it: the keyed phone hash, never the number. */
export interface PartyRef {
  name: string
  role?: string
  phoneHash?: string
}

/** A relation a mediator declared (private). The phone, when given, is kept only as its keyed hash. */
export interface DeclaredRelation {
  kind: RelationKind
  /** the related person or employer, as the parties would be named */
  name: string
  phoneHash?: string
  /** e.g. 配偶, 表兄 — admins only */
  note?: string
}

/** Another dispute a mediator is on a team for now, with its parties. */
export interface Engagement {
  taskId: string
  taskNo: string
  parties: PartyRef[]
}

export interface ConflictSubject {
  id: string
  name: string
  /** the mediator's own phone hash (to recognise a mediator who is a party) */
  phoneHash?: string
  /** home territory code (village/community, grid or micro-grid) */
  home?: string
  relations: readonly DeclaredRelation[]
  /** on leave: not available before this time */
  availableFrom?: EpochMs
  loadCap: number
  load: number
  engagements: readonly Engagement[]
}

export interface ConflictContext {
  taskId: string
  category: TaskCategory
  /** the dispute's place: its territory code */
  territory: string
  parties: readonly PartyRef[]
  now: EpochMs
}

export const EXCLUSION_CODES = [
  'party_self',
  'kin',
  'household',
  'employment',
  'other_relation',
  'mediating_same_party',
  'over_load',
  'unavailable',
  'avoid_local',
] as const
export type ExclusionCode = (typeof EXCLUSION_CODES)[number]

export interface Exclusion {
  code: ExclusionCode
  /** the full reason (admins): may name the relation */
  detail: string
  /** the reason anyone who may propose a team sees: never names a private relation */
  shown: string
}

/** What everyone but admins reads for an excluded declared relation. */
export const PRIVATE_RELATION_SHOWN = '排除：与当事人存在申报的利害关系（详情仅管理员可见）'

const LABOUR_CATEGORIES: readonly TaskCategory[] = ['labour', 'wages']

export const normaliseName = (s: string) => s.replace(/\s+/g, '').trim()

/** Same person: by phone hash when both have one, else by name. */
export function samePerson(a: { name: string; phoneHash?: string }, b: { name: string; phoneHash?: string }): boolean {
  if (a.phoneHash && b.phoneHash) return a.phoneHash === b.phoneHash
  const na = normaliseName(a.name)
  return na !== '' && na === normaliseName(b.name)
}

/** 「申请人（张三）」 or 「当事人张三」. */
export const partyLabel = (p: PartyRef) => (p.role ? `${p.role}（${p.name}）` : `当事人${p.name}`)

/** The community (村/社区) a territory code lies in: GT-01-02-03 → GT-01. */
export const communityCodeOf = (code: string | undefined) => (code ? code.split('-').slice(0, 2).join('-') : '')
export const gridCodeOf = (code: string | undefined) => (code && code.split('-').length >= 3 ? code.split('-').slice(0, 3).join('-') : '')

const dayOf = (ms: EpochMs) => {
  const d = new Date(ms + 8 * 3600_000)
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

function relationExclusion(r: DeclaredRelation, p: PartyRef, category: TaskCategory): Exclusion {
  const who = partyLabel(p)
  const note = r.note ? `（${r.note}）` : ''
  const detail = (() => {
    switch (r.kind) {
      case 'kin':
        return `排除：与${who}系亲属${note}`
      case 'household':
        return `排除：与${who}同户${note}`
      case 'employment':
        return LABOUR_CATEGORIES.includes(category)
          ? `排除：劳资纠纷中属用人单位一方（与${who}存在${RELATION_KIND_LABELS.employment}${note}）`
          : `排除：与${who}存在${RELATION_KIND_LABELS.employment}${note}`
      case 'other':
        return `排除：与${who}存在利害关系${note}`
    }
  })()
  const code: ExclusionCode = r.kind === 'other' ? 'other_relation' : r.kind
  return { code, detail, shown: PRIVATE_RELATION_SHOWN }
}

/**
 * Every reason `m` may not sit on this dispute's team (empty: no conflict). Order: the person's own
 * stake first (party, relations, the same party elsewhere), then capacity (leave, load), then the slot's
 * locality rule.
 */
export function conflictsOf(m: ConflictSubject, ctx: ConflictContext, slot?: Pick<CompositionSlot, 'avoidLocal'>): Exclusion[] {
  const out: Exclusion[] = []
  for (const p of ctx.parties) {
    if (samePerson({ name: m.name, phoneHash: m.phoneHash }, p)) {
      const why = `排除：本人是${partyLabel(p)}`
      out.push({ code: 'party_self', detail: why, shown: why })
    }
  }
  for (const r of m.relations) {
    for (const p of ctx.parties) if (samePerson(r, p)) out.push(relationExclusion(r, p, ctx.category))
  }
  for (const e of m.engagements) {
    if (e.taskId === ctx.taskId) continue
    const shared = ctx.parties.find((p) => e.parties.some((q) => samePerson(p, q)))
    if (shared) {
      out.push({
        code: 'mediating_same_party',
        detail: `排除：正在调解涉及同一当事人（${shared.name}）的另一纠纷（${e.taskNo}）`,
        shown: `排除：正在调解涉及同一当事人（${shared.name}）的另一纠纷`,
      })
    }
  }
  if (m.availableFrom !== undefined && m.availableFrom > ctx.now) {
    const why = `排除：休假中，${dayOf(m.availableFrom)}后可安排`
    out.push({ code: 'unavailable', detail: why, shown: why })
  }
  if (m.load >= m.loadCap) {
    const why = `排除：在办调解已满（${m.load}/${m.loadCap}）`
    out.push({ code: 'over_load', detail: why, shown: why })
  }
  if (slot?.avoidLocal && m.home && communityCodeOf(m.home) === communityCodeOf(ctx.territory)) {
    const why = '排除：家住当事人所在村社，本规则要求回避'
    out.push({ code: 'avoid_local', detail: why, shown: why })
  }
  return out
}
