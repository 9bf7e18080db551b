/**
 * The rule set (积分/考核规则) an admin configures: its schema (with messages a non-programmer can act
 * on), the default published version 1, and which version is in force at a given time.
 */
import { z } from 'zod'
import { TASK_CATEGORY_CODES, type TaskCategory, type TaskTier } from '../tasks/constants'
import { PERIOD_KINDS } from './constants'

/** Points are whole or one decimal place (0.5 is fine, 0.25 is not). */
function points(label: string, max = 100) {
  return z
    .number({ error: `${label}请填写数字` })
    .min(0, `${label}不能为负数`)
    .max(max, `${label}不能超过 ${max}`)
    .refine((v) => Number.isInteger(Math.round(v * 1e6) / 1e5), `${label}最多保留一位小数`)
}
function days(label: string, max: number) {
  return z
    .number({ error: `${label}请填写数字` })
    .int(`${label}须为整数天`)
    .min(0, `${label}不能为负数`)
    .max(max, `${label}不能超过 ${max} 天`)
}
const tierPoints = (label: string) =>
  z.object({ simple: points(`${label}（简单）`), general: points(`${label}（一般）`), complex: points(`${label}（复杂）`) }).strict()

export const ruleSetSchema = z
  .object({
    /** 考核周期: totals, leaderboards, the export and the bonus cap run per month or per quarter */
    period: z.enum(PERIOD_KINDS, { error: '考核周期只能是按月或按季度' }),
    /** 期初基础分: every assessed person, grid, community and department starts each period here (贺村镇: 100) */
    startingScore: points('期初基础分', 1000),
    base: z
      .object({
        /** 基础分 per complexity tier, paid to each doer when a task is accepted */
        byTier: tierPoints('基础分'),
        /** per-category overrides of byTier (e.g. 婚恋家庭纠纷 pays more) */
        byCategory: z.partialRecord(z.enum(TASK_CATEGORY_CODES, { error: '纠纷类型不存在' }), tierPoints('类别基础分')).default({}),
        /** a task published with 悬赏积分 > 0 pays that instead of the table */
        useTaskReward: z.boolean({ error: '请选择是否采用悬赏积分' }),
        /** 攻坚小组: every member gets the full points (`each`) or they share them (`split`) */
        team: z.enum(['each', 'split'], { error: '请选择攻坚小组的计分方式' }),
      })
      .strict(),
    timeliness: z
      .object({
        /** 按时办结 (submitted by the due date) */
        onTimeBonus: points('按时办结加分', 20),
        /** 提前办结: per whole day before the due date, up to earlyMaxDays days */
        earlyBonusPerDay: points('提前办结每天加分', 20),
        earlyMaxDays: days('提前办结最多计', 30),
        /** 超期办结: per started day after the due date, up to overdueMaxDays days */
        overduePerDay: points('超期每天扣分', 20),
        overdueMaxDays: days('超期扣分最多计', 60),
      })
      .strict(),
    quality: z
      .object({
        /** 评分系数 for ratings 1–5 stars: the base points are multiplied by it */
        multipliers: z
          .array(z.number({ error: '评分系数请填写数字' }).min(0, '评分系数不能为负数').max(3, '评分系数不能超过 3'), { error: '评分系数须填写 5 项' })
          .length(5, '评分系数须为 1–5 星各填一项')
          .refine((m) => m.every((v, i) => i === 0 || v >= m[i - 1]), '评分越高，系数不能越低')
          .refine((m) => m.every((v) => Number.isInteger(Math.round(v * 1e6) / 1e4)), '评分系数最多保留两位小数'),
      })
      .strict(),
    penalties: z
      .object({
        /** 放弃认领 (release after claim) */
        released: points('放弃认领扣分', 50),
        /** 认领超时 (the claim lapsed without handling) */
        claimExpired: points('认领超时扣分', 50),
        /** 被驳回, per return, to every doer */
        returned: points('每次驳回扣分', 50),
        /** 退回不成立: the centre routed the task back to the department that bounced it — to the department */
        bounceUnjustified: points('退回不成立扣分（部门）', 50),
      })
      .strict(),
    caps: z
      .object({
        /** 单件工单加分上限: bonus points one person may earn from one accepted task; null: no cap */
        perTaskBonus: points('单件工单加分上限', 100).nullable(),
        /** 每期加分上限 (贺村镇: 10): bonus points counted per person per period; null: no cap */
        periodBonus: points('每期加分上限', 1000).nullable(),
      })
      .strict(),
    territory: z
      .object({
        /** members' points count towards their grid and community */
        includeMembers: z.boolean({ error: '请选择网格成员积分是否计入网格' }),
        /** to the grid (or community) a task lies in, when it is accepted on time */
        onTime: points('辖区工单按时办结加分', 20),
        /** from the grid a task lies in, when it is accepted late */
        overdue: points('辖区工单超期扣分', 20),
      })
      .strict(),
    department: z
      .object({
        includeMembers: z.boolean({ error: '请选择部门人员积分是否计入部门' }),
        onTime: points('部门工单按时办结加分', 20),
        overdue: points('部门工单超期扣分', 20),
      })
      .strict(),
  })
  .strict()

export type RuleSet = z.infer<typeof ruleSetSchema>

/**
 * Version 1, seeded with the demo: a 100-point monthly scheme with bonuses capped at +10, as in the
 * 江山 贺村镇 网格考核细则; tasks pay by tier, and 婚恋家庭纠纷 (the disputes that most often turn
 * criminal) pay more.
 */
export const DEFAULT_RULE_SET: RuleSet = {
  period: 'month',
  startingScore: 100,
  base: {
    byTier: { simple: 2, general: 5, complex: 10 },
    byCategory: { family: { simple: 3, general: 6, complex: 12 } },
    useTaskReward: true,
    team: 'each',
  },
  timeliness: { onTimeBonus: 1, earlyBonusPerDay: 1, earlyMaxDays: 3, overduePerDay: 1, overdueMaxDays: 5 },
  quality: { multipliers: [0, 0.5, 0.8, 1, 1.2] },
  penalties: { released: 2, claimExpired: 3, returned: 1, bounceUnjustified: 2 },
  caps: { perTaskBonus: 5, periodBonus: 10 },
  territory: { includeMembers: true, onTime: 1, overdue: 1 },
  department: { includeMembers: true, onTime: 1, overdue: 1 },
}

/** Version 1 is in force from this day (before any demo data). */
export const DEFAULT_RULES_EFFECTIVE_FROM = Date.UTC(2024, 0, 1) - 8 * 3_600_000

/** A published, immutable version. Times are epoch ms. */
export interface RuleSetVersion {
  version: number
  /** events at or after this instant are scored by this version (unless a later version is in force) */
  effectiveFrom: number
  rules: RuleSet
  publishedAt: number
  publishedBy: { id: string; name: string }
  note?: string
}

/**
 * The version in force at `at`: of the versions already effective then, the one published last
 * (highest number). A later publication therefore supersedes an earlier one that was dated ahead.
 */
export function versionInForce<V extends Pick<RuleSetVersion, 'version' | 'effectiveFrom'>>(versions: readonly V[], at: number): V | null {
  let best: V | null = null
  for (const v of versions) if (v.effectiveFrom <= at && (!best || v.version > best.version)) best = v
  return best
}

/**
 * What the rules page shows as current: the version in force at `at` (the first one while none is
 * yet, as scoring and the boards do) and the latest published one, which may be scheduled for a
 * later day. `versions` oldest first, never empty (version 1 is published before anything reads).
 */
export function currentVersions<V extends Pick<RuleSetVersion, 'version' | 'effectiveFrom'>>(versions: readonly V[], at: number): { inForce: V; latest: V } {
  const latest = versions.at(-1)
  if (!latest) throw new Error('no rule version')
  return { inForce: versionInForce(versions, at) ?? versions[0], latest }
}

/**
 * Is the saved draft still the one to edit, or has a publication since superseded it (typically:
 * it was published)? A draft edited from the latest version is current whatever the clocks say; one
 * edited from an older version is superseded, unless it was saved after the latest publication —
 * an admin saving while another published keeps their edit, shown against the new version.
 */
export function isDraftCurrent(draft: { basedOnVersion: number; savedAt: number }, latest: Pick<RuleSetVersion, 'version' | 'publishedAt'>): boolean {
  return draft.basedOnVersion >= latest.version || draft.savedAt > latest.publishedAt
}

/** Base points of a task of this category and tier. */
export function basePointsFor(rules: RuleSet, category: TaskCategory, tier: TaskTier): number {
  return rules.base.byCategory[category]?.[tier] ?? rules.base.byTier[tier]
}
