/**
 * What linking reads from an intake record: its keyed phone and ID hashes (with their masked forms for
 * the reasons), its door, family and time, the matter its text names and the names of its parties
 * (evidence of another incident) — and the match keys under which it is filed.
 */
import { buildTaxonomy, COUNTERPART_ROLES, DEFAULT_TAXONOMY, figuresOf, matterOf, organisationsIn, personsIn, sameName, UNNAMED } from '@jqtb/shared'
import { CHINA_OFFSET_MS } from '@jqtb/shared/src/intake/clean/dates'
import type { LinkFacts } from '@jqtb/shared/src/intake/linking'
import type { IntakeSourceDoc, IntakeVersionBody } from '../intake/model'

export type KeyKind = 'phone' | 'id' | 'address'

export interface MatchKey {
  kind: KeyKind
  /** a keyed hash (phones, IDs: its first 32 hex) or the door's place key */
  hash: string
}

export const currentOf = (doc: IntakeSourceDoc): IntakeVersionBody => doc.latest ?? doc.first

// the shipped taxonomy's leaves decide what a text is about (an admin's added items refine categories, not linking)
const TAXONOMY = buildTaxonomy(DEFAULT_TAXONOMY)

export function factsOf(doc: IntakeSourceDoc): LinkFacts {
  const r = currentOf(doc).record
  const phones: Record<string, string> = {}
  const ids: Record<string, string> = {}
  const otherSide = new Set<string>()
  const own = new Set<string>()
  for (const p of r.parties) {
    const side = COUNTERPART_ROLES.includes(p.role) ? otherSide : own
    if (p.phoneHash) {
      phones[p.phoneHash.slice(0, 32)] = p.phoneMasked ?? '****'
      side.add(p.phoneHash.slice(0, 32))
    }
    if (p.idHash) {
      ids[p.idHash.slice(0, 32)] = p.idMasked ?? '****'
      side.add(p.idHash.slice(0, 32))
    }
  }
  // a number both sides gave (a shared household phone) is the reporter's
  for (const h of own) otherSide.delete(h)
  const t = r.territory
  // a door only counts when the address pinned one household: a flat, a house (a record stored before
  // doors were told apart from buildings has its place key, as then)
  const doorKey = t.doorKey ?? (t.buildingKey === undefined || t.placeKey !== t.buildingKey ? t.placeKey : undefined)
  const place = doorKey && t.micro ? { key: doorKey, label: t.matched, ...(t.unit ? { unit: t.unit } : {}) } : undefined
  // where it happened, when the address surely says so
  const spot = t.buildingKey && t.micro && t.confident ? { key: t.buildingKey, label: t.matched } : undefined
  const named = r.parties.filter((p) => p.name && p.name !== UNNAMED)
  const matter = matterOf(TAXONOMY, r.category.code, r.content)
  // the other side: its column where the channel has one, and the people and companies the text names
  // (a 110 summary 「与邻居范玲争吵」, a 12345 wage complaint against 「宁波远航五金厂」)
  const counterparts = named.filter((p) => COUNTERPART_ROLES.includes(p.role)).map((p) => p.name)
  for (const o of [...personsIn(r.content), ...organisationsIn(r.content)]) {
    if (!named.some((p) => sameName(p.name, o)) && !counterparts.some((c) => sameName(c, o))) counterparts.push(o)
  }
  return {
    sourceKey: doc._id,
    at: r.occurredAt,
    dateOnly: r.dateOnly,
    family: doc.family,
    phones,
    ids,
    ...(place ? { place } : {}),
    ...(spot ? { spot } : {}),
    ...(otherSide.size ? { otherSide: [...otherSide] } : {}),
    ...(matter ? { matter } : {}),
    people: named.map((p) => p.name),
    counterparts,
    text: r.content,
    figures: figuresOf(r.content, { ...(r.amount ? { amount: r.amount } : {}), ...(r.peopleCount ? { count: r.peopleCount } : {}) }),
  }
}

export function keysOf(f: LinkFacts): MatchKey[] {
  return [
    ...Object.keys(f.phones).map((hash) => ({ kind: 'phone' as const, hash })),
    ...Object.keys(f.ids).map((hash) => ({ kind: 'id' as const, hash })),
    ...(f.place ? [{ kind: 'address' as const, hash: f.place.key }] : []),
  ]
}

/** 202612 — the China-time month of an instant. */
export const monthOf = (ms: number) => new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 7).replace('-', '')

/** The months from `from` to `to` (inclusive), as monthOf writes them. */
export function monthsBetween(from: number, to: number): string[] {
  const out: string[] = []
  const d = new Date(from + CHINA_OFFSET_MS)
  let y = d.getUTCFullYear()
  let m = d.getUTCMonth()
  const last = monthOf(to)
  for (let i = 0; i < 24; i++) {
    const key = `${y}${String(m + 1).padStart(2, '0')}`
    out.push(key)
    if (key === last) break
    m++
    if (m === 12) {
      m = 0
      y++
    }
  }
  return out
}
