/**
 * The gazetteer (地名地址库) of a street: every named place people write in an address, and which
 * micro-grid (微网格) each part of it lies in. Roads map house-number ranges, residential compounds
 * (小区) map their buildings (幢), villages map their groups (组), landmarks map to one micro-grid or
 * to named parts of themselves. The demo street's gazetteer ships with the demo data
 * (demo-gazetteer.ts); a real street loads its own into the same shape.
 */

export const PLACE_KINDS = ['road', 'compound', 'village', 'natural', 'landmark', 'community'] as const
export type PlaceKind = (typeof PLACE_KINDS)[number]

export const PLACE_KIND_LABELS: Record<PlaceKind, string> = {
  road: '道路',
  compound: '小区',
  village: '行政村',
  natural: '自然村',
  landmark: '地标',
  community: '村/社区',
}

/** Numbers of a place (house numbers, buildings, groups) in one micro-grid. */
export interface NumberRange {
  from: number
  to: number
  micro: string
}

/** A named part of a landmark (商贸城A区, 人民医院住院部) in one micro-grid. */
export interface PlacePart {
  name: string
  micro: string
}

export interface GazetteerPlace {
  id: string
  kind: PlaceKind
  /** the official name: 新城大道, 新城花苑, 丰园村, 下陈, 古塘商贸城 */
  name: string
  /** other names people use: 商贸城, 丰园 */
  aliases: string[]
  /** the village or community (territory code) it belongs to */
  community: string
  /** road: house numbers; compound: buildings (幢); village and natural village: groups (组) */
  ranges?: NumberRange[]
  parts?: PlacePart[]
  /** a place that lies in one micro-grid (or its main entrance does) */
  micro?: string
  /** for a natural village: the administrative village it belongs to (place id) */
  village?: string
}

export interface Gazetteer {
  /** which street (territory code) */
  street: string
  /** words written before the street's own places that carry no information (省、市、区/县、街道) */
  prefixes: string[]
  places: GazetteerPlace[]
}

/** Every micro-grid a place can stand for (the candidates when an address names only the place). */
export function microsOf(place: GazetteerPlace): string[] {
  const out = new Set<string>()
  if (place.micro) out.add(place.micro)
  for (const r of place.ranges ?? []) out.add(r.micro)
  for (const p of place.parts ?? []) out.add(p.micro)
  return [...out]
}

/** The micro-grid of number `n` of a place, or null when no range holds it. */
export function microOfNumber(place: GazetteerPlace, n: number): string | null {
  return place.ranges?.find((r) => n >= r.from && n <= r.to)?.micro ?? null
}
