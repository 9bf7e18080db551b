/**
 * The risk rule set (三色预警规则) an admin configures: weights, phrase lists with their exceptions,
 * negation words, time windows and the colour thresholds. Versioned and effective-dated like the
 * points rules (a published version is never changed; the one in force at a moment scores it). The
 * schema's messages are what the admin reads when a value is wrong.
 */
import { z } from 'zod'
import { TASK_CATEGORY_CODES } from '../tasks/constants'
import { departmentCode } from '../tasks/schemas'
import { PHRASE_GROUPS, type PhraseGroup } from './constants'

/** Channel records of the same person or door within this many hours count as one incident (rule versions saved before it existed). */
export const DEFAULT_SAME_INCIDENT_HOURS = 24

const points = (label: string, max = 100) =>
  z
    .number({ error: `${label}请填写数字` })
    .int(`${label}须为整数`)
    .min(0, `${label}不能为负数`)
    .max(max, `${label}不能超过 ${max}`)
const days = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}请填写数字` })
    .int(`${label}须为整数`)
    .min(min, `${label}不能少于 ${min}`)
    .max(max, `${label}不能超过 ${max}`)
const word = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine((s) => !/[\s，。,.;；、]/.test(s), `${label}不能含空格或标点`)

/** A repeat window: the n-th case in `days` days scores (n − 1) × perRepeat, at most `max`. */
const repeatWindow = (label: string) =>
  z.object({ days: days(`${label}统计天数`, 1, 730), perRepeat: points(`${label}每次加分`), max: points(`${label}最多加分`) }).strict()

/** A count (退回, 驳回 …): each one `per` points, at most `max`. */
const perCount = (label: string) => z.object({ per: points(`${label}每次加分`), max: points(`${label}最多加分`) }).strict()

export const phraseRuleSchema = z
  .object({
    phrase: word('关键词', 12),
    group: z.enum(PHRASE_GROUPS, { error: '请选择关键词类别' }),
    points: points('关键词分值'),
    /** a hit makes the case red whatever its score */
    forceRed: z.boolean({ error: '请选择是否直接红色' }),
    /** longer expressions that contain the phrase but mean something harmless (「拼命工作」) */
    except: z.array(word('例外说法', 20)).max(20, '例外说法最多 20 个').default([]),
  })
  .strict()
export type PhraseRule = z.infer<typeof phraseRuleSchema>

export const riskRuleSetSchema = z
  .object({
    thresholds: z.object({ yellow: points('黄色预警分数线', 500), red: points('红色预警分数线', 500) }).strict(),
    repeats: z
      .object({
        /** 同一当事人 (same phone or ID number) — short, middle and long window */
        party: z.array(repeatWindow('同一当事人重复')).length(3, '同一当事人重复须设 3 个时间段'),
        /** 同一地址 */
        address: z.array(repeatWindow('同一地址重复')).length(3, '同一地址重复须设 3 个时间段'),
        /** records of the same person or door this close in time are one incident (until leads say so) */
        sameIncidentHours: days('同一事件合并小时数', 1, 168).default(DEFAULT_SAME_INCIDENT_HOURS),
      })
      .strict(),
    /** 110 calls about the case (and cases linked to it) within a few hours: each call after the first */
    calls110: z
      .object({ hours: days('110 密集报警统计小时数', 1, 168), perCall: points('110 每多报警一次加分'), max: points('110 密集报警最多加分') })
      .strict(),
    /** 纠纷类型 severity */
    categories: z.partialRecord(z.enum(TASK_CATEGORY_CODES, { error: '纠纷类型不存在' }), points('类型分值')).default({}),
    phrases: z.array(phraseRuleSchema).max(200, '关键词最多 200 个'),
    /** words that, right before a phrase, say it did not happen (「没有扬言」) */
    negations: z.array(word('否定词', 6)).max(50, '否定词最多 50 个'),
    /** at most this many points from phrases per case */
    phraseCap: points('关键词合计最多加分', 300),
    /** phrases in the cases linked to this one (same people or address) within `days` count this percent */
    linked: z.object({ days: days('关联案件统计天数', 1, 730), percent: points('关联案件关键词计分比例', 100) }).strict(),
    vulnerable: z
      .object({
        elderly: points('涉及老人加分'),
        minor: points('涉及未成年人加分'),
        disabled: points('涉及残疾人加分'),
        pregnant: points('涉及孕妇加分'),
      })
      .strict(),
    /** words in the description that show a vulnerable party when nobody flagged one */
    vulnerableWords: z
      .object({
        elderly: z.array(word('提示词', 8)).max(20),
        minor: z.array(word('提示词', 8)).max(20),
        disabled: z.array(word('提示词', 8)).max(20),
        pregnant: z.array(word('提示词', 8)).max(20),
      })
      .strict(),
    /** an open case older than `fromDays` days: perDay per day from then, at most max */
    age: z.object({ fromDays: days('未办结计分起始天数', 1, 365), perDay: points('未办结每天加分'), max: points('未办结最多加分') }).strict(),
    overdue: z.object({ perDay: points('超期每天加分'), max: points('超期最多加分') }).strict(),
    bounces: perCount('部门退回'),
    returns: perCount('验收驳回'),
    reopens: perCount('重新打开'),
    escalations: perCount('上报社治中心'),
    failedMediations: perCount('调解不成'),
    unhappyFeedback: perCount('回访不满意'),
    /** 达成调解协议 lowers the score by this much */
    agreement: points('达成调解协议减分'),
    /** a red case must be acted on within this many hours, else the warning goes a level up */
    followUpHours: days('红色预警跟进时限（小时）', 1, 168),
    /** the 派出所: its leads get every red warning; its people and the centre keep the watch list */
    dutyDepartment: departmentCode,
    /** the level above: its leads get the escalation of a red warning nobody acted on */
    escalationDepartment: departmentCode,
    /** 重点关注: who is listed by themselves, and when they may be taken off */
    watch: z
      .object({
        days: days('重点关注统计天数', 7, 730),
        minCases: days('重点关注最少案件数', 1, 50),
        quietDays: days('销号前须平稳天数', 0, 365),
      })
      .strict(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.thresholds.red <= r.thresholds.yellow) ctx.addIssue({ code: 'custom', path: ['thresholds', 'red'], message: '红色预警分数线须高于黄色预警分数线' })
    for (const key of ['party', 'address'] as const) {
      const w = r.repeats[key]
      for (let i = 1; i < w.length; i++) {
        if (w[i].days <= w[i - 1].days)
          ctx.addIssue({ code: 'custom', path: ['repeats', key, i, 'days'], message: '重复报警的时间段须由短到长（例如 30、90、365 天）' })
      }
    }
    const seen = new Set<string>()
    r.phrases.forEach((p, i) => {
      if (seen.has(p.phrase)) ctx.addIssue({ code: 'custom', path: ['phrases', i, 'phrase'], message: `关键词「${p.phrase}」重复了` })
      seen.add(p.phrase)
      p.except.forEach((e, j) => {
        if (!e.includes(p.phrase)) ctx.addIssue({ code: 'custom', path: ['phrases', i, 'except', j], message: `例外说法「${e}」须包含关键词「${p.phrase}」` })
      })
    })
  })

export type RiskRuleSet = z.infer<typeof riskRuleSetSchema>

const phrase = (p: string, group: PhraseGroup, pts: number, except: string[] = [], forceRed = false): PhraseRule => ({
  phrase: p,
  group,
  points: pts,
  forceRed,
  except,
})

/**
 * Version 1, shipped. Weighted after the cases that turn criminal: threats and violence weigh most
 * (黄岩's 「拼命」 trigger), then repeats by the same people within a month, then 婚恋家庭, 债务,
 * 劳资 and 土地 disputes (黄岩 collects exactly these), then time and escalations. Yellow at 30, red
 * at 60: a family dispute (10) with a threat (扬言 25 + 拼命 30) is red on its own; three calls by
 * the same caller in a month (30) are yellow.
 */
export const DEFAULT_RISK_RULES: RiskRuleSet = {
  thresholds: { yellow: 30, red: 60 },
  repeats: {
    party: [
      { days: 30, perRepeat: 15, max: 45 },
      { days: 90, perRepeat: 8, max: 32 },
      { days: 365, perRepeat: 4, max: 20 },
    ],
    address: [
      { days: 30, perRepeat: 10, max: 30 },
      { days: 90, perRepeat: 5, max: 20 },
      { days: 365, perRepeat: 2, max: 10 },
    ],
    sameIncidentHours: DEFAULT_SAME_INCIDENT_HOURS,
  },
  calls110: { hours: 24, perCall: 10, max: 30 },
  categories: { family: 10, debt: 8, labour: 8, wages: 8, land: 8, neighbour: 5, property: 3, traffic: 3, public_order: 5, petition: 5 },
  phrases: [
    phrase('扬言', 'threat', 25),
    phrase('拼命', 'threat', 30, ['拼命工作', '拼命干活', '拼命赚钱', '拼命挣钱', '拼命学习']),
    phrase('报复', 'threat', 25),
    phrase('同归于尽', 'threat', 40, [], true),
    phrase('弄死', 'threat', 30),
    phrase('杀了', 'threat', 30, ['杀了鸡', '杀了猪']),
    phrase('砍死', 'threat', 35, [], true),
    phrase('要你命', 'threat', 35),
    phrase('放火', 'threat', 35, [], true),
    phrase('持刀', 'threat', 35, [], true),
    phrase('拿刀', 'threat', 25),
    phrase('威胁', 'threat', 15),
    phrase('家暴', 'violence', 30),
    phrase('殴打', 'violence', 25),
    phrase('打伤', 'violence', 25),
    phrase('动手', 'violence', 20),
    phrase('打架', 'violence', 20),
    phrase('受伤', 'violence', 20),
    phrase('推搡', 'violence', 15),
    phrase('流血', 'violence', 20),
    phrase('轻生', 'self_harm', 30),
    phrase('自杀', 'self_harm', 35, [], true),
    phrase('跳楼', 'self_harm', 30),
    phrase('喝农药', 'self_harm', 35, [], true),
    phrase('不想活', 'self_harm', 25),
    phrase('调解不成', 'mediation', 10),
    phrase('调解未果', 'mediation', 10),
    phrase('拒绝调解', 'mediation', 10),
    phrase('不接受调解', 'mediation', 10),
    phrase('不满意', 'discontent', 8),
    phrase('越级上访', 'discontent', 12),
    phrase('继续上访', 'discontent', 10),
    phrase('围堵', 'discontent', 12),
    phrase('闹事', 'discontent', 12),
    phrase('情绪激动', 'discontent', 5),
  ],
  negations: ['没有', '并没有', '没', '未', '并未', '未曾', '从未', '不会', '不再', '无', '否认', '不存在', '不是', '并非'],
  phraseCap: 80,
  linked: { days: 90, percent: 50 },
  vulnerable: { elderly: 8, minor: 10, disabled: 8, pregnant: 10 },
  vulnerableWords: {
    elderly: ['老人', '七旬', '八旬', '九旬', '老伯', '老太', '高龄'],
    minor: ['未成年', '孩子', '小孩', '学生', '幼儿'],
    disabled: ['残疾', '残障', '智障'],
    pregnant: ['孕妇', '怀孕', '身孕'],
  },
  age: { fromDays: 7, perDay: 1, max: 10 },
  overdue: { perDay: 2, max: 20 },
  bounces: { per: 3, max: 12 },
  returns: { per: 2, max: 8 },
  reopens: { per: 8, max: 16 },
  escalations: { per: 5, max: 10 },
  failedMediations: { per: 8, max: 24 },
  unhappyFeedback: { per: 10, max: 20 },
  agreement: 15,
  followUpHours: 24,
  dutyDepartment: 'PCS',
  escalationDepartment: 'SZZX',
  watch: { days: 90, minCases: 3, quietDays: 30 },
}

/** Version 1 is in force from this day (before any demo data). */
export const DEFAULT_RISK_RULES_EFFECTIVE_FROM = Date.UTC(2024, 0, 1) - 8 * 3_600_000

/** A published, immutable version. Times are epoch ms. */
export interface RiskRuleVersion {
  version: number
  effectiveFrom: number
  rules: RiskRuleSet
  publishedAt: number
  publishedBy: { id: string; name: string }
  note?: string
}
