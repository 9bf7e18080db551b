/**
 * Doors (门牌) of the demo street and the ways people write them: a flat in a compound, a house on a
 * road, a house in a village group, a part of a landmark — each with its true micro-grid, then
 * written as a 110 operator, a hotline agent or a villager would, with the usual slips (a wrong
 * character in a name, 号楼 for 幢, Chinese numerals, a missing 村, full-width digits).
 */
import type { Gazetteer, GazetteerPlace } from '../address/gazetteer'
import { microOfNumber } from '../address/gazetteer'
import { chance, int, pick, type Rng, weighted } from './people'

export interface Door {
  kind: 'flat' | 'house' | 'village' | 'landmark'
  place: GazetteerPlace
  /** building / house number / group */
  number?: number
  unit?: number
  room?: number
  /** house number inside a village group */
  house?: number
  /** natural village, for village doors */
  natural?: GazetteerPlace
  /** landmark part */
  part?: string
  micro: string
  community: string
}

export interface DoorBook {
  gazetteer: Gazetteer
  compounds: GazetteerPlace[]
  roads: GazetteerPlace[]
  villages: GazetteerPlace[]
  naturals: GazetteerPlace[]
  landmarks: GazetteerPlace[]
  parkRoads: GazetteerPlace[]
  communityNames: Map<string, string>
}

export function doorBook(gazetteer: Gazetteer): DoorBook {
  const of = (kind: GazetteerPlace['kind']) => gazetteer.places.filter((p) => p.kind === kind)
  const communityNames = new Map<string, string>()
  for (const p of gazetteer.places) if (p.kind === 'community' || p.kind === 'village') communityNames.set(p.community, p.name)
  const parkIds = new Set(gazetteer.places.filter((p) => p.kind === 'landmark' && p.name.includes('工业园')).map((p) => p.id.replace(/^l:/, '')))
  const roads = of('road')
  return {
    gazetteer,
    compounds: of('compound'),
    roads: roads.filter((r) => ![...parkIds].some((id) => r.id.includes(id))),
    parkRoads: roads.filter((r) => [...parkIds].some((id) => r.id.includes(id))),
    villages: of('village'),
    naturals: of('natural'),
    landmarks: of('landmark'),
    communityNames,
  }
}

const lastRange = (p: GazetteerPlace) => p.ranges?.at(-1)?.to ?? 1

export function randomDoor(rng: Rng, book: DoorBook, kind: Door['kind']): Door {
  if (kind === 'flat') {
    const place = pick(rng, book.compounds)
    const number = int(rng, 1, lastRange(place))
    return {
      kind,
      place,
      number,
      unit: int(rng, 1, 3),
      room: int(rng, 1, 18) * 100 + int(rng, 1, 4),
      micro: microOfNumber(place, number)!,
      community: place.community,
    }
  }
  if (kind === 'house') {
    const place = chance(rng, 0.2) ? pick(rng, book.parkRoads) : pick(rng, book.roads)
    const number = int(rng, 1, lastRange(place))
    return { kind, place, number, micro: microOfNumber(place, number)!, community: place.community }
  }
  if (kind === 'village') {
    const natural = pick(rng, book.naturals)
    const village = book.villages.find((v) => v.id === natural.village)!
    const range = pick(rng, natural.ranges!)
    return { kind, place: village, natural, number: range.from, house: int(rng, 1, 80), micro: range.micro, community: village.community }
  }
  const place = pick(
    rng,
    book.landmarks.filter((l) => !l.name.includes('工业园')),
  )
  const part = place.parts?.length ? pick(rng, place.parts) : undefined
  return { kind, place, ...(part ? { part: part.name, micro: part.micro } : { micro: place.micro! }), community: place.community }
}

/** Another flat in the same building (the near miss: same building, different people). */
export function neighbourFlat(rng: Rng, door: Door): Door {
  let room = door.room ?? 101
  while (room === door.room) room = int(rng, 1, 18) * 100 + int(rng, 1, 4)
  return { ...door, unit: door.unit === 1 ? 2 : 1, room }
}

const SIMILAR: Record<string, string> = {
  城: '诚',
  苑: '园',
  园: '苑',
  花: '华',
  华: '花',
  塘: '堂',
  湾: '弯',
  锦: '金',
  景: '境',
  桂: '贵',
  阳: '杨',
  江: '姜',
  庭: '廷',
  海: '每',
  湖: '胡',
  新: '欣',
  港: '巷',
}

/** One character of a name replaced by one that sounds or looks alike (only names of 4+ characters). */
function slip(rng: Rng, name: string): string {
  if (name.length < 4) return name
  const positions = [...name].map((ch, i) => (SIMILAR[ch] ? i : -1)).filter((i) => i >= 0)
  if (!positions.length) return name
  const i = pick(rng, positions)
  return name.slice(0, i) + SIMILAR[name[i]] + name.slice(i + 1)
}

const CN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
function cnNumber(n: number): string {
  if (n <= 10) return CN[n]
  if (n < 20) return `十${CN[n - 10]}`
  if (n < 100) return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`
  return String(n)
}

const PREFIXES = ['', '', '', '古塘街道', '慈溪市古塘街道', '浙江省慈溪市古塘街道', '宁波市慈溪市古塘街道']

function fullWidthDigits(s: string): string {
  return s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))
}

export interface WrittenAddress {
  text: string
  /** the way it was written is vague on purpose (no number): the matcher should be unsure */
  vague: boolean
}

/** How a door is written down, with the usual noise; `tidy` leaves out typos (a second report copies the first). */
export function writeAddress(rng: Rng, book: DoorBook, door: Door, tidy = false): WrittenAddress {
  const name = (p: GazetteerPlace) => (!tidy && chance(rng, 0.09) ? slip(rng, p.name) : p.name)
  const community = book.communityNames.get(door.community) ?? ''
  const prefix = pick(rng, PREFIXES)
  let text: string
  let vague = false
  switch (door.kind) {
    case 'flat': {
      const c = name(door.place)
      const b = door.number!
      text = weighted(rng, [
        [`${c}${b}幢${door.unit}单元${door.room}室`, 6],
        [`${community}${c}${b}幢${door.unit}单元${door.room}室`, 2],
        [`${c}${b}号楼${door.unit}单元${door.room}`, 2],
        [`${c}${b}栋${door.room}室`, 1],
        [`${c}${b}-${door.unit}-${door.room}`, 1],
        [`${c}${cnNumber(b)}幢${door.unit}单元`, 1],
        [`${c}${b}#${door.room}`, 1],
        [`${c}${b}幢`, 2],
      ])
      break
    }
    case 'house': {
      const r = name(door.place)
      const n = door.number!
      text = weighted(rng, [
        [`${r}${n}号`, 8],
        [`${r}${n}号${pick(rng, ['门口', '附近', '店面', '一楼'])}`, 2],
        [`${r}${n}弄`, 1],
      ])
      if (door.place.id.includes('-Z') && chance(rng, 0.5)) text = `古塘工业园区${text}`
      break
    }
    case 'village': {
      const v = door.place.name
      const core = v.replace(/村$/, '')
      const nat = door.natural!.name
      const g = door.number!
      text = weighted(rng, [
        [`${v}${g}组${door.house}号`, 5],
        [`${v}${nat}${g}组`, 2],
        [`${core}${g}组${door.house}号`, 2],
        [`${v}${cnNumber(g)}组`, 1],
        [`${v}${nat}${g}组${door.house}号`, 2],
        [`${core}村${nat}自然村${door.house}号`, 0.25],
      ])
      vague = text.includes('自然村')
      break
    }
    default: {
      const alias = door.place.aliases.length && chance(rng, 0.5) ? pick(rng, door.place.aliases) : door.place.name
      text = door.part
        ? weighted(rng, [
            [`${alias}${door.part}`, 6],
            [`${alias}${door.part}附近`, 2],
          ])
        : alias
    }
  }
  if (!tidy) {
    if (chance(rng, 0.04)) text = fullWidthDigits(text)
    if (chance(rng, 0.04)) text = text.replace(/(\d+)/, ' $1 ')
  }
  return { text: `${prefix}${text}`, vague }
}
