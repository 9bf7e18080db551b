/**
 * A realistic month of the demo street's intake, with its ground truth: incidents (who, where, what,
 * when), each reported through one or more channels (the same dispute through 110 and then 12345),
 * repeats by the same people weeks later, near misses that must stay apart (a neighbour in the same
 * building with another dispute, a different person with the same common name), addresses written
 * with typos, phone numbers in every format, a few source records updated later (a second version).
 * Deterministic for a seed. The demo seed loads it, the simulator replays it, the tests and the bench
 * score cleaning and linking against the truth.
 */
import { buildDemoGazetteer } from '../address/demo-gazetteer'
import type { Gazetteer } from '../address/gazetteer'
import { CHANNELS, type ChannelCode } from '../channels'
import { CHINA_OFFSET_MS } from '../clean/dates'
import { DEFAULT_PROFILES } from '../profiles'
import { familyOf, kindOf } from '../taxonomy'
import { type Door, doorBook, neighbourFlat, randomDoor, type WrittenAddress, writeAddress } from './doors'
import { chance, chineseName, type DemoPerson, idNumber, int, landline, mobile, pick, prng, type Rng, weighted, writePhone } from './people'
import { COMPANIES, STORIES, type Story, VOICE } from './stories'

export interface GeneratedRecord {
  channel: ChannelCode
  sourceId: string
  /** `<channel>:<sourceId>` */
  key: string
  /** the record as the channel sends it: its own column names */
  row: Record<string, string>
  /** when it arrives (epoch ms) */
  at: number
  /** 1, or 2 for a later update of the same source record */
  version: number
  incident: string
}

export interface IncidentTruth {
  id: string
  code: string
  micro: string
  at: number
  /** people involved (person ids) */
  persons: string[]
  /** the earlier incident this one repeats (same people or same door) */
  repeatOf?: string
  /** a near miss planted next to another incident: it must not be linked to it */
  nearMissOf?: string
  nearMiss?: 'building' | 'name'
}

export interface RecordTruth {
  incident: string
  micro: string
  code: string
  /** written without anything that pins the micro-grid: the matcher should be unsure */
  vagueAddress: boolean
}

export interface DemoMonth {
  records: GeneratedRecord[]
  incidents: IncidentTruth[]
  truth: Record<string, RecordTruth>
  people: DemoPerson[]
}

export interface DemoMonthOptions {
  seed?: number
  /** the end of the period (epoch ms); records arrive before it */
  end: number
  days?: number
  /** about this many records (first versions) */
  records?: number
  gazetteer?: Gazetteer
  /**
   * First sequence number of each channel's daily source ids (default 1). Two generated sets that
   * share days (the demo month and the simulator's live records, or a bench) use different starts, so
   * their source ids never collide.
   */
  sequenceStart?: number
}

interface Person extends DemoPerson {
  door: Door
  altPhone?: string
}

interface Report {
  channel: ChannelCode
  at: number
  reporter: Person
  other?: Person
  company?: string
  address: WrittenAddress
  incident: Incident
}

interface Incident extends IncidentTruth {
  story: Story
  door: Door
  reporter: Person
  other?: Person
  company?: string
  amount: number
  count: number
  /** the village or community of the door (what a petition system records as 问题属地) */
  communityName: string
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

const pad = (n: number, w: number) => String(n).padStart(w, '0')
const wall = (ms: number) => new Date(ms + CHINA_OFFSET_MS)
const ymd = (ms: number) => {
  const d = wall(ms)
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`
}

/** Each channel writes times its own way (that is what cleaning has to cope with). */
function channelTime(channel: ChannelCode, ms: number): string {
  const d = wall(ms)
  const y = d.getUTCFullYear()
  const mo = d.getUTCMonth() + 1
  const da = d.getUTCDate()
  const h = d.getUTCHours()
  const mi = d.getUTCMinutes()
  switch (channel) {
    case '110':
      return `${y}/${mo}/${da} ${h}:${pad(mi, 2)}`
    case '81890':
      return `${y}年${mo}月${da}日 ${pad(h, 2)}:${pad(mi, 2)}`
    case 'odr':
    case 'window':
      return `${y}-${pad(mo, 2)}-${pad(da, 2)}T${pad(h, 2)}:${pad(mi, 2)}:00+08:00`
    case 'zlf':
      return `${y}-${pad(mo, 2)}-${pad(da, 2)}`
    case 'mediation':
      return `${y}/${mo}/${da}`
    default:
      return `${y}-${pad(mo, 2)}-${pad(da, 2)} ${pad(h, 2)}:${pad(mi, 2)}`
  }
}

/** The channel's own category for one of our codes (its table backwards), or null when it has none near it. */
function channelCategory(rng: Rng, channel: ChannelCode, code: string): string | null {
  if (channel === 'window') return code
  const table = DEFAULT_PROFILES.find((p) => p.channel === channel)!.categoryTable
  const exact = table.filter((t) => t.code === code)
  if (exact.length) return pick(rng, exact).value
  const near = table.filter((t) => code.startsWith(`${t.code}.`) || t.code === kindOf(code))
  if (near.length) return pick(rng, near).value
  const family = table.filter((t) => familyOf(t.code) === familyOf(code))
  return family.length ? pick(rng, family).value : null
}

export function generateDemoMonth(opts: DemoMonthOptions): DemoMonth {
  const rng = prng(opts.seed ?? 20261127)
  const days = opts.days ?? 30
  const target = opts.records ?? 400
  const end = opts.end
  const start = end - days * DAY
  const book = doorBook(opts.gazetteer ?? buildDemoGazetteer())

  const people: Person[] = []
  const newPerson = (door: Door, name = chineseName(rng)): Person => {
    const p: Person = {
      id: `P${pad(people.length + 1, 6)}`,
      name,
      phone: chance(rng, 0.85) ? mobile(rng) : landline(rng),
      ...(chance(rng, 0.6) ? { idNo: idNumber(rng) } : {}),
      door,
      ...(chance(rng, 0.25) ? { altPhone: landline(rng) } : {}),
    }
    people.push(p)
    return p
  }
  const homeKind = () =>
    weighted(rng, [
      ['flat', 5],
      ['village', 3.5],
      ['house', 1.5],
    ] as const)
  const poolSize = Math.max(150, Math.round(target * 0.9))
  for (let i = 0; i < poolSize; i++) newPerson(randomDoor(rng, book, homeKind()))
  const byKind = (k: Door['kind']) => people.filter((p) => p.door.kind === k)
  const pools = { flat: byKind('flat'), village: byKind('village'), house: byKind('house'), landmark: [] as Person[] }

  const incidents: Incident[] = []
  const reports: Report[] = []
  const counters = new Map<string, number>()
  const next = (key: string) => {
    const n = (counters.get(key) ?? (opts.sequenceStart ?? 1) - 1) + 1
    counters.set(key, n)
    return n
  }

  const partyFor = (story: Story, door: Door, reporter: Person): Person | undefined => {
    if (story.other !== 'person') return undefined
    const family = familyOf(story.code) === 'family'
    if (family) return newPerson(door)
    if (door.kind === 'flat' && familyOf(story.code) === 'neighbour') return newPerson(neighbourFlat(rng, door))
    const pool = pools[door.kind].filter((p) => p !== reporter)
    return pool.length ? pick(rng, pool) : newPerson(randomDoor(rng, book, door.kind))
  }

  const addIncident = (story: Story, at: number, reporter: Person, door: Door, other: Person | undefined, extra: Partial<IncidentTruth> = {}): Incident => {
    const company = story.other === 'company' ? pick(rng, COMPANIES) : undefined
    const inc: Incident = {
      id: `I${pad(incidents.length + 1, 6)}`,
      code: story.code,
      micro: door.micro,
      at,
      persons: [reporter.id, ...(other ? [other.id] : [])],
      story,
      door,
      reporter,
      ...(other ? { other } : {}),
      ...(company ? { company } : {}),
      amount: int(rng, 3, 200) * 1000,
      count: int(rng, 2, 30),
      communityName: book.communityNames.get(door.community) ?? '',
      ...extra,
    }
    incidents.push(inc)
    // first report, then maybe the same dispute again through other channels within a day and a half
    const first = weighted(rng, story.channels)
    const channels: ChannelCode[] = [first]
    const others = story.channels.filter(([c]) => c !== first)
    if (others.length && chance(rng, 0.3)) channels.push(weighted(rng, others))
    const rest = others.filter(([c]) => !channels.includes(c))
    if (channels.length === 2 && rest.length && chance(rng, 0.25)) channels.push(weighted(rng, rest))
    let t = at
    channels.forEach((channel, i) => {
      if (i > 0) t += int(rng, 30, 36 * 60) * 60_000
      if (t >= end) return
      if (channelCategory(rng, channel, story.code) === null) return
      // a second report usually comes from the same person; channels that list both sides may come from the other
      const twoSided = channel === 'odr' || channel === 'mediation' || channel === 'window'
      const swap = i > 0 && twoSided && inc.other && chance(rng, 0.3)
      reports.push({
        channel,
        at: t,
        reporter: swap ? inc.other! : reporter,
        ...(swap ? { other: reporter } : inc.other ? { other: inc.other } : {}),
        ...(company ? { company } : {}),
        address: writeAddress(rng, book, door, i > 0 && chance(rng, 0.5)),
        incident: inc,
      })
    })
    return inc
  }

  const pickReporter = (story: Story): { reporter: Person; door: Door } => {
    const kind = weighted(rng, story.doors)
    if (kind === 'landmark') {
      const door = randomDoor(rng, book, 'landmark')
      return { reporter: pick(rng, people), door }
    }
    const pool = pools[kind]
    const reporter = pool.length && chance(rng, 0.85) ? pick(rng, pool) : newPerson(randomDoor(rng, book, kind))
    // a road dispute happens on some road, not necessarily where the reporter lives
    const door = kind === 'house' ? randomDoor(rng, book, 'house') : reporter.door
    return { reporter, door }
  }

  const storyWeights = STORIES.map((s) => [s, s.weight] as const)
  let guard = 0
  while (reports.length < target && guard++ < target * 10) {
    const story = weighted(rng, storyWeights)
    // incidents start before the last day (or the second half of a short window): their later reports still fit
    const at = start + Math.floor(rng() * Math.max(days - 1, days / 2) * DAY)
    const hour = weighted(rng, [
      [9, 3],
      [11, 3],
      [14, 3],
      [16, 2],
      [19, 3],
      [21, 2],
      [7, 1],
      [23, 1],
    ] as const)
    const dayStart = at - ((at + CHINA_OFFSET_MS) % DAY)
    const when = dayStart + hour * HOUR + int(rng, 0, 59) * 60_000
    if (when >= end - HOUR) continue
    const { reporter, door } = pickReporter(story)
    const inc = addIncident(story, when, reporter, door, partyFor(story, door, reporter))

    // repeats: the same people (or door) come back with a new incident some days later
    let prev = inc
    while (chance(rng, prev === inc ? 0.15 : 0.35)) {
      const gap = int(rng, 4, 20) * DAY + int(rng, 0, 12) * HOUR
      if (prev.at + gap >= end - HOUR) break
      const sameFamily = STORIES.filter((s) => familyOf(s.code) === familyOf(prev.code))
      const s2 = chance(rng, 0.7) ? prev.story : pick(rng, sameFamily)
      prev = addIncident(s2, prev.at + gap, prev.reporter, prev.door, prev.other, { repeatOf: prev.id })
    }
    // near miss 1: another household in the same building, a similar dispute within hours
    if (door.kind === 'flat' && chance(rng, 0.07)) {
      const flat = neighbourFlat(rng, door)
      const someone = newPerson(flat)
      addIncident(story, when + int(rng, 2, 40) * HOUR, someone, flat, partyFor(story, flat, someone), { nearMissOf: inc.id, nearMiss: 'building' })
    }
    // near miss 2: a different person with the same (common) name, elsewhere, the same kind of dispute
    if (chance(rng, 0.05)) {
      const namesake = newPerson(randomDoor(rng, book, reporter.door.kind === 'landmark' ? 'flat' : reporter.door.kind), reporter.name)
      const d = story.doors.some(([k]) => k === namesake.door.kind) ? namesake.door : randomDoor(rng, book, weighted(rng, story.doors))
      addIncident(story, when + int(rng, 1, 30) * HOUR, namesake, d, partyFor(story, d, namesake), { nearMissOf: inc.id, nearMiss: 'name' })
    }
  }

  const records: GeneratedRecord[] = []
  const truth: Record<string, RecordTruth> = {}
  reports.sort((a, b) => a.at - b.at)
  for (const r of reports) {
    const { sourceId, row } = renderRow(rng, r, next)
    const key = `${r.channel}:${sourceId}`
    records.push({ channel: r.channel, sourceId, key, row, at: r.at, version: 1, incident: r.incident.id })
    truth[key] = { incident: r.incident.id, micro: r.incident.micro, code: r.incident.code, vagueAddress: r.address.vague }
    // a source record updated later (110 adds how it was handled, 12345 its handling unit)
    if ((r.channel === '110' || r.channel === '12345') && chance(rng, 0.06)) {
      const later = r.at + int(rng, 1, 6) * HOUR
      if (later < end) {
        const updated: Record<string, string> = { ...row, 更新时间: channelTime('12345', later) }
        if (r.channel === '110') updated.处警情况 = '民警到场调解，双方同意由社区进一步调处'
        else updated.承办单位 = '古塘街道社治中心'
        records.push({ channel: r.channel, sourceId, key, row: updated, at: later, version: 2, incident: r.incident.id })
      }
    }
  }
  records.sort((a, b) => a.at - b.at || a.version - b.version)
  const strip = ({ story, door, reporter, other, company, amount, count, communityName, ...t }: Incident): IncidentTruth => t
  return { records, incidents: incidents.map(strip), truth, people: people.map(({ door, altPhone, ...p }) => p) }
}

function fill(line: string, r: Report): string {
  return line
    .replace(/\{a\}/g, r.reporter.name)
    .replace(/\{b\}/g, r.company ?? r.other?.name ?? '对方')
    .replace(/\{amount\}/g, String(r.incident.amount))
    .replace(/\{count\}/g, String(r.incident.count))
}

function renderRow(rng: Rng, r: Report, next: (key: string) => number): { sourceId: string; row: Record<string, string> } {
  const day = ymd(r.at)
  const inc = r.incident
  const text = `${pick(rng, VOICE[r.channel])}${fill(pick(rng, inc.story.lines), r)}`
  const phoneOf = (p: Person) => writePhone(rng, p.altPhone && chance(rng, 0.15) ? p.altPhone : p.phone)
  // an ID number occasionally mistyped (one digit off): cleaning must refuse it, not store it
  const idOf = (p: Person) => (p.idNo ? (chance(rng, 0.02) ? p.idNo.slice(0, 10) + ((Number(p.idNo[10]) + 1) % 10) + p.idNo.slice(11) : p.idNo) : '')
  const category = channelCategory(rng, r.channel, inc.code) ?? ''
  const time = channelTime(r.channel, r.at)
  const reporterName = chance(rng, 0.08) && r.channel !== 'odr' ? `${r.reporter.name[0]}${pick(rng, ['先生', '女士'])}` : r.reporter.name
  const other = r.company ?? r.other?.name ?? ''
  const address = r.address.text
  switch (r.channel) {
    case '110': {
      const id = `J330282${day}${pad(next(`110:${day}`), 6)}`
      return {
        sourceId: id,
        row: {
          警情编号: id,
          报警时间: time,
          报警人: reporterName,
          报警电话: phoneOf(r.reporter),
          发生地址: address,
          警情类别: category,
          简要警情: text,
          处警单位: '古塘派出所',
          处警情况: inc.story.police ? '民警到场处置' : '民警到场劝解，建议通过调解解决',
          是否非警务: inc.story.police ? '否' : '是',
        },
      }
    }
    case '12345': {
      const id = `NB${day}${pad(next(`12345:${day}`), 5)}`
      return {
        sourceId: id,
        row: {
          工单编号: id,
          来电时间: time,
          诉求人: reporterName,
          来电号码: phoneOf(r.reporter),
          诉求类型: category,
          诉求内容: text,
          事发地址: address,
          承办单位: '古塘街道',
          办理时限: channelTime('12345', r.at + 7 * DAY),
        },
      }
    }
    case 'zlf': {
      const id = `ZJ${day}${pad(next(`zlf:${day}`), 4)}`
      return {
        sourceId: id,
        row: {
          信访件编号: id,
          登记日期: time,
          信访人: r.reporter.name,
          证件号码: idOf(r.reporter),
          联系电话: phoneOf(r.reporter),
          住址: address,
          信访形式: pick(rng, ['网上信访', '来访', '来信']),
          问题属地: `古塘街道${inc.communityName}`,
          内容分类: category,
          诉求: text,
        },
      }
    }
    case '81890': {
      const id = `81890-${day}-${pad(next(`81890:${day}`), 4)}`
      return {
        sourceId: id,
        row: {
          服务单号: id,
          受理时间: time,
          求助人: reporterName,
          联系电话: phoneOf(r.reporter),
          服务类别: category,
          求助内容: text,
          地址: address,
          处理状态: '已转办',
        },
      }
    }
    case 'odr': {
      const id = `JF330282${day}${pad(next(`odr:${day}`), 5)}`
      return {
        sourceId: id,
        row: {
          案件编号: id,
          申请时间: time,
          申请人: r.reporter.name,
          申请人电话: phoneOf(r.reporter),
          申请人证件号: idOf(r.reporter),
          被申请人: other,
          被申请人电话: r.other ? phoneOf(r.other) : '',
          纠纷类型: category,
          纠纷地址: address,
          纠纷描述: text,
          调解机构: '古塘街道人民调解委员会',
          状态: '待受理',
        },
      }
    }
    case 'labour': {
      const id = `LD${day}${pad(next(`labour:${day}`), 3)}`
      return {
        sourceId: id,
        row: {
          投诉编号: id,
          投诉时间: time,
          投诉人: r.reporter.name,
          联系电话: phoneOf(r.reporter),
          身份证号: idOf(r.reporter),
          用人单位: other,
          单位地址: address,
          涉及人数: `${inc.count}人`,
          欠薪金额: chance(rng, 0.3) ? `${inc.amount / 10000}万元` : String(inc.amount),
          投诉内容: text,
          投诉类别: category,
        },
      }
    }
    case 'petition': {
      const id = `XF${day}${pad(next(`petition:${day}`), 5)}`
      return {
        sourceId: id,
        row: {
          信访编号: id,
          登记时间: time,
          信访人: r.reporter.name,
          联系电话: phoneOf(r.reporter),
          身份证号: idOf(r.reporter),
          信访方式: pick(rng, ['来访', '来信', '网上']),
          事项地址: address,
          问题类别: category,
          信访事项: text,
          责任单位: '古塘街道',
        },
      }
    }
    case 'mediation': {
      const year = day.slice(0, 4)
      const id = `TJ-GT-${year}-${pad(next(`mediation:${year}`), 4)}`
      const parties = [`${r.reporter.name}（申请人）`, ...(other ? [`${other}（被申请人）`] : [])].join(pick(rng, ['、', '，', ', ']))
      return {
        sourceId: id,
        row: {
          调解案件编号: id,
          受理日期: time,
          当事人: parties,
          联系电话: phoneOf(r.reporter),
          纠纷类型: category,
          纠纷地址: address,
          纠纷简况: text,
          调解组织: '古塘街道人民调解委员会',
          调解结果: '调解中',
        },
      }
    }
    default: {
      const id = `CK${day}-${pad(next(`window:${day}`), 4)}`
      return {
        sourceId: id,
        row: {
          登记编号: id,
          登记时间: time,
          来访方式: pick(rng, ['来访', '来电', '来信']),
          来访人: r.reporter.name,
          联系电话: phoneOf(r.reporter),
          证件号码: idOf(r.reporter),
          对方当事人: other,
          事发地址: address,
          事项类别: category,
          诉求内容: text,
          接待人: '赵燕',
          接待窗口: pick(rng, ['人民调解', '信访接待', '行政调解', '公共法律服务']),
        },
      }
    }
  }
}

/** The channels a generated month uses (every system channel plus 窗口登记). */
export const GENERATED_CHANNELS = CHANNELS.filter((c) => c.code !== 'grid' && c.code !== 'public').map((c) => c.code)
