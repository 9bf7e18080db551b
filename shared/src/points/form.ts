/**
 * The rule set as people see it: every field with its Chinese label, unit and help, grouped in the
 * sections of the admin form. The mini-app renders the form from this list, the version history
 * describes changes with it, and the rules page explains the rules to grid workers with it.
 */
import { TASK_CATEGORY_LABELS, TASK_TIER_LABELS, TASK_TIERS, type TaskCategory } from '../tasks/constants'
import { PERIOD_KIND_LABELS } from './constants'
import type { RuleSet } from './rules'

export type RuleFieldType = 'number' | 'nullableNumber' | 'boolean' | 'choice'

export interface RuleField {
  /** dot path into the rule set, e.g. `timeliness.overduePerDay`, `quality.multipliers.4` */
  path: string
  label: string
  type: RuleFieldType
  unit?: string
  /** one line under the field */
  help?: string
  min?: number
  max?: number
  step?: number
  /** `choice`: the allowed values and their labels */
  options?: Array<{ value: string; label: string }>
  /** `nullableNumber`: what null means */
  nullLabel?: string
}

export interface RuleSection {
  key: string
  title: string
  help?: string
  fields: RuleField[]
}

const pts = (path: string, label: string, max: number, help?: string): RuleField => ({ path, label, type: 'number', unit: '分', min: 0, max, step: 0.5, help })
const dayField = (path: string, label: string, max: number, help?: string): RuleField => ({
  path,
  label,
  type: 'number',
  unit: '天',
  min: 0,
  max,
  step: 1,
  help,
})

export const RULE_SECTIONS: RuleSection[] = [
  {
    key: 'period',
    title: '考核周期',
    fields: [
      {
        path: 'period',
        label: '考核周期',
        type: 'choice',
        options: Object.entries(PERIOD_KIND_LABELS).map(([value, label]) => ({ value, label })),
        help: '排行榜、考核表和加分封顶都按此周期计算',
      },
      pts('startingScore', '期初基础分', 1000, '每人、每个网格/社区、每个部门每期从此分数起算'),
    ],
  },
  {
    key: 'base',
    title: '办结基础分',
    help: '工单验收通过后，按复杂程度给每位办理人计基础分',
    fields: [
      ...TASK_TIERS.map((t) => pts(`base.byTier.${t}`, `${TASK_TIER_LABELS[t]}工单`, 100)),
      { path: 'base.useTaskReward', label: '发布时设置了悬赏积分的工单，按悬赏积分计', type: 'boolean' },
      {
        path: 'base.team',
        label: '攻坚小组计分',
        type: 'choice',
        options: [
          { value: 'each', label: '每位成员各得全额' },
          { value: 'split', label: '成员平分' },
        ],
      },
    ],
  },
  {
    key: 'timeliness',
    title: '时效',
    help: '以提交验收的时间对比截止时间',
    fields: [
      pts('timeliness.onTimeBonus', '按时办结加分', 20),
      pts('timeliness.earlyBonusPerDay', '提前办结每天加分', 20, '每提前一整天加分'),
      dayField('timeliness.earlyMaxDays', '提前加分最多计', 30),
      pts('timeliness.overduePerDay', '超期每天扣分', 20, '超期不足一天按一天计'),
      dayField('timeliness.overdueMaxDays', '超期扣分最多计', 60),
    ],
  },
  {
    key: 'quality',
    title: '验收评分系数',
    help: '基础分 × 系数；高于 1 的部分计为加分，低于 1 的部分从基础分中扣减',
    fields: [1, 2, 3, 4, 5].map((star) => ({
      path: `quality.multipliers.${star - 1}`,
      label: `${star} 星`,
      type: 'number' as const,
      unit: '倍',
      min: 0,
      max: 3,
      step: 0.1,
    })),
  },
  {
    key: 'penalties',
    title: '扣分',
    fields: [
      pts('penalties.released', '认领后放弃', 50),
      pts('penalties.claimExpired', '认领超时未处置（系统收回）', 50),
      pts('penalties.returned', '每次验收被驳回（每位办理人）', 50),
      pts('penalties.bounceUnjustified', '部门退回不成立', 50, '部门退回的工单被社治中心重新分拨回该部门时，扣该部门'),
    ],
  },
  {
    key: 'caps',
    title: '加分封顶',
    fields: [
      { path: 'caps.perTaskBonus', label: '单件工单加分上限', type: 'nullableNumber', unit: '分', min: 0, max: 100, step: 0.5, nullLabel: '不封顶' },
      {
        path: 'caps.periodBonus',
        label: '每人每期加分上限',
        type: 'nullableNumber',
        unit: '分',
        min: 0,
        max: 1000,
        step: 0.5,
        nullLabel: '不封顶',
        help: '超出部分不计入总分，并在积分明细中说明',
      },
    ],
  },
  {
    key: 'territory',
    title: '网格/社区考核',
    fields: [
      { path: 'territory.includeMembers', label: '网格员积分计入所在网格和社区', type: 'boolean' },
      pts('territory.onTime', '辖区工单按时办结，网格加分', 20),
      pts('territory.overdue', '辖区工单超期办结，网格扣分', 20),
    ],
  },
  {
    key: 'department',
    title: '部门考核',
    fields: [
      { path: 'department.includeMembers', label: '部门人员积分计入部门', type: 'boolean' },
      pts('department.onTime', '部门工单按时办结，部门加分', 20),
      pts('department.overdue', '部门工单超期办结，部门扣分', 20),
    ],
  },
]

export const RULE_FIELDS: RuleField[] = RULE_SECTIONS.flatMap((s) => s.fields)

/** Reads a dot path (`quality.multipliers.4`). */
export function getRulePath(obj: unknown, path: string): unknown {
  let cur: unknown = obj
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

/** A copy of `obj` with the dot path set (arrays stay arrays). */
export function setRulePath<T>(obj: T, path: string, value: unknown): T {
  const [key, ...rest] = path.split('.')
  const container = (Array.isArray(obj) ? [...obj] : { ...(obj as object) }) as Record<string, unknown>
  container[key] = rest.length === 0 ? value : setRulePath(container[key] ?? {}, rest.join('.'), value)
  return container as T
}

/** A field's value in words (`5 分`, `不封顶`, `是`). */
export function formatRuleValue(field: RuleField, value: unknown): string {
  if (value === null || value === undefined) return field.nullLabel ?? '—'
  if (field.type === 'boolean') return value ? '是' : '否'
  if (field.type === 'choice') return field.options?.find((o) => o.value === value)?.label ?? String(value)
  return `${value}${field.unit ? ` ${field.unit}` : ''}`
}

export interface RuleChange {
  path: string
  label: string
  from: string
  to: string
}

const categoryPath = (c: string, t: string) => `base.byCategory.${c}.${t}`

/** What changed between two rule sets, in words (the version history shows this). */
export function diffRuleSets(from: RuleSet, to: RuleSet): RuleChange[] {
  const changes: RuleChange[] = []
  for (const section of RULE_SECTIONS) {
    for (const field of section.fields) {
      const a = getRulePath(from, field.path)
      const b = getRulePath(to, field.path)
      if (a !== b)
        changes.push({ path: field.path, label: `${section.title} · ${field.label}`, from: formatRuleValue(field, a), to: formatRuleValue(field, b) })
    }
  }
  const categories = new Set([...Object.keys(from.base.byCategory), ...Object.keys(to.base.byCategory)]) as Set<TaskCategory>
  for (const c of categories) {
    for (const t of TASK_TIERS) {
      const a = from.base.byCategory[c]?.[t]
      const b = to.base.byCategory[c]?.[t]
      if (a === b) continue
      const fmt = (v: number | undefined) => (v === undefined ? '按通用标准' : `${v} 分`)
      changes.push({ path: categoryPath(c, t), label: `办结基础分 · ${TASK_CATEGORY_LABELS[c]}（${TASK_TIER_LABELS[t]}）`, from: fmt(a), to: fmt(b) })
    }
  }
  return changes
}

/** The rule set in plain sentences, for the 考核规则 page every worker can read. */
export function describeRuleSet(r: RuleSet): string[] {
  const tiers = TASK_TIERS.map((t) => `${TASK_TIER_LABELS[t]} ${r.base.byTier[t]} 分`).join('、')
  const lines = [`考核周期：${PERIOD_KIND_LABELS[r.period]}，每期从 ${r.startingScore} 分起算。`, `工单验收通过后，每位办理人得办结基础分：${tiers}。`]
  for (const [c, v] of Object.entries(r.base.byCategory)) {
    if (v) lines.push(`${TASK_CATEGORY_LABELS[c as TaskCategory]}：${TASK_TIERS.map((t) => `${TASK_TIER_LABELS[t]} ${v[t]} 分`).join('、')}。`)
  }
  if (r.base.useTaskReward) lines.push('发布时设置了悬赏积分的工单，按悬赏积分计基础分。')
  lines.push(r.base.team === 'each' ? '攻坚小组每位成员各得全额。' : '攻坚小组成员平分。')
  lines.push(
    `按时办结加 ${r.timeliness.onTimeBonus} 分；每提前一天再加 ${r.timeliness.earlyBonusPerDay} 分（最多 ${r.timeliness.earlyMaxDays} 天）；` +
      `超期每天扣 ${r.timeliness.overduePerDay} 分（最多 ${r.timeliness.overdueMaxDays} 天）。`,
  )
  lines.push(`验收评分 1–5 星，基础分分别乘以 ${r.quality.multipliers.join('、')}。`)
  lines.push(
    `认领后放弃扣 ${r.penalties.released} 分；认领超时被收回扣 ${r.penalties.claimExpired} 分；每次被驳回扣 ${r.penalties.returned} 分；` +
      `部门退回不成立扣部门 ${r.penalties.bounceUnjustified} 分。`,
  )
  lines.push(
    `单件工单加分${r.caps.perTaskBonus === null ? '不封顶' : `最多 ${r.caps.perTaskBonus} 分`}；每人每期加分${r.caps.periodBonus === null ? '不封顶' : `最多 ${r.caps.periodBonus} 分，超出不计`}。`,
  )
  lines.push(
    `网格：辖区工单按时办结加 ${r.territory.onTime} 分，超期扣 ${r.territory.overdue} 分${r.territory.includeMembers ? '，网格员积分计入所在网格和社区' : ''}。`,
  )
  lines.push(
    `部门：部门工单按时办结加 ${r.department.onTime} 分，超期扣 ${r.department.overdue} 分${r.department.includeMembers ? '，部门人员积分计入部门' : ''}。`,
  )
  return lines
}

/**
 * What is wrong with one value of the form, in the words the server would use (the mini-app checks
 * as the admin types, without shipping the schema library; the server checks again with the schema).
 */
export function checkRuleValue(field: RuleField, value: unknown): string | null {
  if (field.type === 'boolean') return typeof value === 'boolean' ? null : `请选择${field.label}`
  if (field.type === 'choice') return field.options?.some((o) => o.value === value) ? null : `请选择${field.label}`
  if (value === null && field.type === 'nullableNumber') return null
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${field.label}请填写数字`
  if (field.min !== undefined && value < field.min) return `${field.label}不能为负数`
  if (field.max !== undefined && value > field.max) return `${field.label}不能超过 ${field.max}`
  if (field.unit === '天' && !Number.isInteger(value)) return `${field.label}须为整数天`
  const places = field.unit === '倍' ? 100 : 10
  if (!Number.isInteger(Math.round(value * places * 1e4) / 1e4)) return `${field.label}最多保留${places === 100 ? '两' : '一'}位小数`
  return null
}

/** Every problem of a rule set, by dot path (empty when it can be saved). */
export function checkRuleSet(rules: RuleSet): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const field of RULE_FIELDS) {
    const problem = checkRuleValue(field, getRulePath(rules, field.path))
    if (problem) errors[field.path] = problem
  }
  const m = rules.quality.multipliers
  if (!errors['quality.multipliers.4'] && m.some((v, i) => i > 0 && v < m[i - 1])) errors['quality.multipliers.4'] = '评分越高，系数不能越低'
  for (const [c, tiers] of Object.entries(rules.base.byCategory)) {
    for (const t of TASK_TIERS) {
      const label = `${TASK_CATEGORY_LABELS[c as TaskCategory] ?? c}（${TASK_TIER_LABELS[t]}）`
      const problem = checkRuleValue(pts(`base.byCategory.${c}.${t}`, label, 100), tiers?.[t])
      if (problem) errors[`base.byCategory.${c}.${t}`] = problem
    }
  }
  return errors
}
