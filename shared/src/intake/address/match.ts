/**
 * Free-text address → micro-grid, with a confidence, and the candidates when unsure. Nothing is
 * silently guessed: an answer below the threshold is marked `confident: false` and carries the
 * micro-grids it could be, so the centre sees it as a question, not as a fact.
 *
 * How: find the gazetteer's names in the address, allowing a wrong character in names of four or
 * more characters (新诚花苑 → 新城花苑) and the short forms people use (丰园5组 for 丰园村5组); read
 * the number after each name (building for a compound, house number for a road, group for a village,
 * a named part for a landmark); prefer the reading that pins one micro-grid; check it against the
 * village or community the address also names. Two readings that disagree make the answer unsure.
 */
import { type Gazetteer, type GazetteerPlace, microOfNumber, microsOf } from './gazetteer'
import { normaliseAddress } from './normalise'

/** At or above this an answer is taken as it is; below, a person confirms it. */
export const ADDRESS_CONFIDENT = 0.85

export interface AddressCandidate {
  micro: string
  score: number
  /** in words: 「新城花苑5幢」 */
  why: string
}

export interface AddressMatch {
  /** the best answer, or null when nothing in the address is a place of this street */
  micro: string | null
  confidence: number
  confident: boolean
  /** the micro-grids it could be, best first (several when unsure) */
  candidates: AddressCandidate[]
  /** what was recognised, in words: 「新城花苑 5幢 2单元」 */
  matched: string
  /**
   * The address as a place, for linking: the same key is the same door (compound + building + unit +
   * room, road + number, village + group + number). Absent when the address does not pin a place.
   */
  placeKey?: string
  /** the building / house number / village group part of placeKey: same building, another flat */
  buildingKey?: string
  /**
   * The door itself, as linking compares it: a flat (compound + building + room; the unit apart, in
   * `unit`, so 「12-502」 and 「12-2-502」 are one door), a house number on a road, a house in a village
   * group. Absent when the address names only a building or a group (many households), a place without
   * a number, or a public place (村委会, a school, a market, a park): those are no one's door.
   */
  doorKey?: string
  /** the unit the address wrote for the door (12-2-502 → 2) */
  unit?: number
}

interface NameEntry {
  text: string
  /** how many different characters the name has */
  distinct: number
  place: GazetteerPlace
  /** 1 for the official name or a full alias, less for the short form of a village or community */
  weight: number
}

interface Found {
  entry: NameEntry
  start: number
  end: number
  score: number
  /** another place fits the same stretch of text as well (兴业路 / 创业路 for 「新业路」) */
  rivals?: GazetteerPlace[]
}

export interface AddressIndex {
  gazetteer: Gazetteer
  entries: NameEntry[]
  /** character → the entries whose names contain it */
  byChar: Map<string, number[]>
  /** place id → every micro-grid it can stand for */
  micros: Map<string, string[]>
  byId: Map<string, GazetteerPlace>
  cache: Map<string, AddressMatch>
}

export function indexGazetteer(gazetteer: Gazetteer): AddressIndex {
  const entries: NameEntry[] = []
  const byId = new Map<string, GazetteerPlace>()
  for (const place of gazetteer.places) {
    byId.set(place.id, place)
    const add = (name: string, weight: number) => {
      const text = normaliseAddress(name)
      entries.push({ text, distinct: new Set(text).size, place, weight })
    }
    add(place.name, 1)
    for (const alias of place.aliases) add(alias, (place.kind === 'village' || place.kind === 'community') && place.name.startsWith(alias) ? 0.95 : 1)
  }
  // longer names first: 「新城花苑」 is tried before 「新城」
  entries.sort((a, b) => b.text.length - a.text.length)
  const byChar = new Map<string, number[]>()
  entries.forEach((e, i) => {
    for (const ch of new Set(e.text)) byChar.set(ch, [...(byChar.get(ch) ?? []), i])
  })
  const micros = new Map(gazetteer.places.map((p) => [p.id, microsOf(p)]))
  return { gazetteer, entries, byChar, micros, byId, cache: new Map() }
}

/** Edits allowed in a name of this length: two-character names must be written exactly. */
const allowedEdits = (len: number) => (len >= 7 ? 2 : len >= 3 ? 1 : 0)

/** How much a name found with typing errors still counts: a three-character name with one wrong is a guess. */
function typoScore(len: number, edits: number): number {
  if (edits === 0) return 1
  if (len <= 3) return 0.75
  return edits === 1 ? 0.9 : 0.8
}

/**
 * Best approximate occurrence of `pattern` in `text` (Sellers' algorithm: edit distance to any
 * substring), or null when it needs more edits than allowed. Returns where it starts and ends.
 */
function approximate(pattern: string, text: string, maxEdits: number): { start: number; end: number; edits: number } | null {
  const m = pattern.length
  const n = text.length
  const at = text.indexOf(pattern)
  if (at >= 0 || maxEdits === 0) return at < 0 ? null : { start: at, end: at + m, edits: 0 }
  let prev = new Int32Array(m + 1)
  let prevStart = new Int32Array(m + 1)
  let cur = new Int32Array(m + 1)
  let curStart = new Int32Array(m + 1)
  for (let i = 0; i <= m; i++) prev[i] = i
  let best: { start: number; end: number; edits: number } | null = null
  for (let j = 1; j <= n; j++) {
    cur[0] = 0
    curStart[0] = j
    const tj = text.charCodeAt(j - 1)
    for (let i = 1; i <= m; i++) {
      const sub = prev[i - 1] + (pattern.charCodeAt(i - 1) === tj ? 0 : 1)
      const del = prev[i] + 1 // text char skipped
      const ins = cur[i - 1] + 1 // pattern char missing
      if (sub <= del && sub <= ins) {
        cur[i] = sub
        curStart[i] = prevStart[i - 1]
      } else if (del <= ins) {
        cur[i] = del
        curStart[i] = prevStart[i]
      } else {
        cur[i] = ins
        curStart[i] = curStart[i - 1]
      }
    }
    if (cur[m] <= maxEdits && (!best || cur[m] < best.edits)) best = { start: curStart[m], end: j, edits: cur[m] }
    ;[prev, cur] = [cur, prev]
    ;[prevStart, curStart] = [curStart, prevStart]
  }
  // an occurrence must keep its first or last character (a typo in the middle, not a different word)
  if (best && best.edits > 0 && text[best.start] !== pattern[0] && text[best.end - 1] !== pattern[m - 1]) return null
  return best
}

function findNames(index: AddressIndex, text: string): Found[] {
  // how many of each name's characters the text has, counted through the character index
  const present = new Int16Array(index.entries.length)
  for (const ch of new Set(text)) for (const i of index.byChar.get(ch) ?? []) present[i]++
  const found: Found[] = []
  for (let e = 0; e < index.entries.length; e++) {
    if (!present[e]) continue
    const entry = index.entries[e]
    const len = entry.text.length
    const edits = allowedEdits(len)
    if (present[e] < entry.distinct - edits) continue
    const hit = approximate(entry.text, text, edits)
    if (!hit) continue
    const score = entry.weight * typoScore(len, hit.edits)
    found.push({ entry, start: hit.start, end: hit.end, score })
    // an exact name may occur twice (「西门外村西门3组」): the later occurrences count too
    if (hit.edits === 0) {
      for (let at = text.indexOf(entry.text, hit.end); at >= 0; at = text.indexOf(entry.text, at + len)) found.push({ entry, start: at, end: at + len, score })
    }
  }
  // keep the best name per stretch of text: overlapping finds lose to a higher score, then to a longer
  // name; a loser as good as the winner for the same stretch makes the winner doubtful
  // a longer name found with a slip outranks a shorter one found exactly (「金山华园」 is 金山花园, not 金山社区)
  const rank = (f: Found) => f.score * Math.sqrt(f.entry.text.length)
  found.sort((a, b) => rank(b) - rank(a) || b.end - b.start - (a.end - a.start) || a.start - b.start)
  const kept: Found[] = []
  for (const f of found) {
    const overlapped = kept.find((k) => f.start < k.end && k.start < f.end)
    if (overlapped) {
      const same = overlapped.start === f.start && overlapped.end === f.end
      if (same && f.score >= overlapped.score - 0.05 && f.entry.place.id !== overlapped.entry.place.id && f.entry.place.kind === overlapped.entry.place.kind) {
        overlapped.rivals = [...(overlapped.rivals ?? []), f.entry.place]
      }
      continue
    }
    if (kept.some((k) => k.entry.place.id === f.entry.place.id && k.start === f.start)) continue
    kept.push({ ...f })
  }
  return kept.sort((a, b) => a.start - b.start)
}

interface Reading {
  micro: string | null
  micros: string[]
  score: number
  why: string
  placeKey?: string
  buildingKey?: string
  doorKey?: string
  unit?: number
  community: string
}

const BUILDING = /^[^\d]{0,4}?(\d{1,3})(号楼|幢|栋|座|#|号|-|楼|\b)(?:[^\d]{0,2}?(\d{1,2})单元)?(?:[^\d]{0,2}?(\d{2,5})(?:室|号)?)?/
const BUILDING_DASH = /^[^\d]{0,4}?(\d{1,3})-(\d{1,2})(?:-(\d{2,5}))?/
const HOUSE = /^[^\d]{0,2}?(\d{1,4})(?:号|弄|#)(?:[^\d]{0,2}?(\d{1,4})号)?/
const GROUP = /(\d{1,3})组(?:[^\d]{0,3}?(\d{1,4})号)?/

function readPlace(index: AddressIndex, f: Found, after: string): Reading {
  const place = f.entry.place
  const base = { community: place.community, score: f.score }
  const all = index.micros.get(place.id) ?? microsOf(place)
  const loose = (why: string, micros = all): Reading => ({
    ...base,
    micro: micros.length === 1 ? micros[0] : null,
    micros,
    // one micro-grid for the whole place is as good as a number; several are a guess
    score: micros.length === 1 ? f.score : f.score * 0.55,
    why,
  })
  switch (place.kind) {
    case 'compound': {
      const dash = after.match(BUILDING_DASH)
      const m = dash ?? after.match(BUILDING)
      if (!m || !Number(m[1])) return loose(place.name)
      const b = Number(m[1])
      const unit = dash ? m[2] : m[3]
      const room = dash ? m[3] : m[4]
      const micro = microOfNumber(place, b)
      const buildingKey = `${place.id}#${b}`
      const placeKey = `${buildingKey}${unit ? `-${Number(unit)}` : ''}${room ? `-${Number(room)}` : ''}`
      if (!micro) return { ...loose(`${place.name}${b}幢（该小区没有这一幢）`), score: f.score * 0.4, buildingKey, placeKey }
      // a flat is its room in the building; a building without a room is many households
      const door = room ? { doorKey: `${buildingKey}/${Number(room)}`, ...(unit ? { unit: Number(unit) } : {}) } : {}
      return { ...base, micro, micros: [micro], why: `${place.name}${b}幢${unit ? `${Number(unit)}单元` : ''}`, placeKey, buildingKey, ...door }
    }
    case 'road': {
      const m = after.match(HOUSE)
      if (!m) return loose(place.name)
      const no = Number(m[1])
      const micro = microOfNumber(place, no)
      const buildingKey = `${place.id}#${no}`
      const placeKey = `${buildingKey}${m[2] ? `-${Number(m[2])}` : ''}`
      if (!micro) return { ...loose(`${place.name}${no}号（门牌超出范围）`), score: f.score * 0.4, buildingKey, placeKey }
      return { ...base, micro, micros: [micro], why: `${place.name}${no}号`, placeKey, buildingKey, doorKey: placeKey }
    }
    case 'village':
    case 'natural': {
      const m = after.match(GROUP)
      const village = place.kind === 'natural' && place.village ? index.byId.get(place.village) : place
      if (!m) return loose(place.kind === 'natural' ? `${village?.name ?? ''}${place.name}` : place.name)
      const g = Number(m[1])
      const micro = microOfNumber(place, g) ?? (village ? microOfNumber(village, g) : null)
      const vid = village?.id ?? place.id
      // the group is the village's 「building」: same group, another house
      const buildingKey = `${vid}#${g}`
      const placeKey = `${buildingKey}${m[2] ? `-${Number(m[2])}` : ''}`
      if (!micro) return { ...loose(`${place.name}${g}组（没有这个组）`), score: f.score * 0.4 }
      // a natural village whose own groups do not hold the number: the two disagree
      const agrees = place.kind !== 'natural' || microOfNumber(place, g) !== null
      return {
        ...base,
        micro,
        micros: [micro],
        score: agrees ? f.score : f.score * 0.6,
        why: `${village?.name ?? place.name}${place.kind === 'natural' ? place.name : ''}${g}组`,
        placeKey,
        buildingKey,
        // a group without a house number is many households
        ...(m[2] ? { doorKey: placeKey } : {}),
      }
    }
    case 'landmark': {
      const part = place.parts?.find((p) => after.slice(0, 12).includes(normaliseAddress(p.name)))
      if (part)
        return {
          ...base,
          micro: part.micro,
          micros: [part.micro],
          why: `${place.name}${part.name}`,
          placeKey: `${place.id}#${part.name}`,
          buildingKey: `${place.id}#${part.name}`,
        }
      if (!place.parts?.length) return { ...base, micro: place.micro ?? null, micros: all, why: place.name, placeKey: place.id, buildingKey: place.id }
      return loose(place.name)
    }
    default:
      return loose(place.name)
  }
}

/** Ranks readings: a pinned micro-grid first, then the score, then the more specific kind. */
const SPECIFIC: Record<string, number> = { compound: 5, road: 5, natural: 4, village: 4, landmark: 3, community: 1 }

function resolve(index: AddressIndex, text: string, hint: string): AddressMatch {
  const found = findNames(index, text)
  const hinted = hint ? findNames(index, hint).filter((f) => f.entry.place.kind === 'community' || f.entry.place.kind === 'village') : []
  if (!found.length && !hinted.length) {
    return { micro: null, confidence: 0, confident: false, candidates: [], matched: '地址中没有本街道的地名' }
  }
  const named = new Set(
    [...found, ...hinted].filter((f) => f.entry.place.kind === 'community' || f.entry.place.kind === 'village').map((f) => f.entry.place.community),
  )
  const readings: Array<Reading & { kind: string; rivals: Reading[] }> = []
  for (const f of found) {
    const after = text.slice(f.end, f.end + 24)
    const rivals = (f.rivals ?? []).map((place) => readPlace(index, { ...f, entry: { ...f.entry, place } }, after))
    readings.push({ ...readPlace(index, f, after), kind: f.entry.place.kind, rivals })
  }
  if (!readings.length) {
    for (const h of hinted) readings.push({ ...readPlace(index, h, ''), kind: 'community', rivals: [] })
  }
  // consistency with the village or community the address (or the 问题属地 field) names
  for (const r of readings) {
    if (r.kind === 'community' || r.kind === 'village') continue
    if (named.size && !named.has(r.community)) r.score *= 0.7
    else if (named.has(r.community)) r.score = Math.min(1, r.score + 0.05)
  }
  readings.sort((a, b) => Number(!!b.micro) - Number(!!a.micro) || b.score - a.score || (SPECIFIC[b.kind] ?? 0) - (SPECIFIC[a.kind] ?? 0))
  const best = readings[0]
  let confidence = best.micro ? best.score : Math.min(best.score, 0.5)
  // another pinned reading that points elsewhere and is nearly as good: unsure
  const rival = readings.find(
    (r) => r !== best && r.micro && r.micro !== best.micro && r.score >= best.score - 0.1 && SPECIFIC[r.kind] >= SPECIFIC[best.kind] - 1,
  )
  if (rival || best.rivals.length) confidence = Math.min(confidence, 0.6)
  const candidates: AddressCandidate[] = []
  const push = (micro: string, score: number, why: string) => {
    if (!candidates.some((c) => c.micro === micro)) candidates.push({ micro, score: Math.round(score * 100) / 100, why })
  }
  if (best.micro) push(best.micro, confidence, best.why)
  const confident = !!best.micro && confidence >= ADDRESS_CONFIDENT
  if (!confident) {
    for (const r of [best, ...best.rivals, ...readings])
      for (const m of r.micros.slice(0, 24)) push(m, r.micro === m ? r.score : r.score / Math.max(1, r.micros.length), r.why)
  }
  return {
    // a reading that does not pin one micro-grid is no answer, only candidates
    micro: best.micro ?? null,
    confidence: Math.round(confidence * 100) / 100,
    confident,
    candidates: candidates.slice(0, 24),
    matched: best.why,
    ...(best.placeKey ? { placeKey: best.placeKey } : {}),
    ...(best.buildingKey ? { buildingKey: best.buildingKey } : {}),
    ...(best.doorKey ? { doorKey: best.doorKey } : {}),
    ...(best.unit ? { unit: best.unit } : {}),
  }
}

const CACHE_MAX = 20_000

/**
 * Matches an address (and, if the channel has one, its 问题属地 field as a hint). Results are cached
 * per index: exports repeat the same addresses many times.
 */
export function matchAddress(index: AddressIndex, address: unknown, place?: unknown): AddressMatch {
  const text = normaliseAddress(address)
  const hint = place ? normaliseAddress(place) : ''
  const key = `${text}|${hint}`
  const hit = index.cache.get(key)
  if (hit) return hit
  const result = text || hint ? resolve(index, text, hint) : { micro: null, confidence: 0, confident: false, candidates: [], matched: '没有地址' }
  if (index.cache.size >= CACHE_MAX) index.cache.clear()
  index.cache.set(key, result)
  return result
}
