/**
 * The risk rule set as the admin's form: sections of labelled fields in Chinese (numbers, word
 * lists, departments), the checks the mini-app runs as the admin types (the server checks again
 * with the schema), what changed between two versions in words, and the rules in plain sentences.
 */
import { getRulePath } from '../points/form'
import { TASK_CATEGORIES, TASK_CATEGORY_LABELS, type TaskCategory, VULNERABLE_FLAG_LABELS, VULNERABLE_FLAGS } from '../tasks/constants'
import { PHRASE_GROUP_LABELS } from './constants'
import { DEFAULT_SAME_INCIDENT_HOURS, type PhraseRule, type RiskRuleSet } from './rules'

export type RiskFieldType = 'number' | 'words' | 'department'

export interface RiskField {
  path: string
  label: string
  type: RiskFieldType
  unit?: string
  help?: string
  min?: number
  max?: number
}

export interface RiskSection {
  key: string
  title: string
  help?: string
  fields: RiskField[]
  /** rendered by a dedicated editor as well (the phrase list) */
  editor?: 'phrases'
}

const num = (path: string, label: string, unit: string, max: number, help?: string, min = 0): RiskField => ({
  path,
  label,
  type: 'number',
  unit,
  min,
  max,
  help,
})
const pts = (path: string, label: string, max = 100, help?: string) => num(path, label, '分', max, help)
const WINDOW_NAMES = ['短期', '中期', '长期']

const repeatFields = (key: 'party' | 'address', who: string): RiskField[] =>
  [0, 1, 2].flatMap((i) => [
    num(`repeats.${key}.${i}.days`, `${who}·${WINDOW_NAMES[i]}统计`, '天', 730, undefined, 1),
    pts(`repeats.${key}.${i}.perRepeat`, `${who}·${WINDOW_NAMES[i]}每多一次`),
    pts(`repeats.${key}.${i}.max`, `${who}·${WINDOW_NAMES[i]}最多`),
  ])

export const RISK_SECTIONS: RiskSection[] = [
  {
    key: 'thresholds',
    title: '预警分数线',
    help: '各项得分相加：达到黄线为黄色预警，达到红线为红色预警',
    fields: [pts('thresholds.yellow', '黄色预警分数线', 500), pts('thresholds.red', '红色预警分数线', 500)],
  },
  {
    key: 'repeats',
    title: '重复报警',
    help: '同一当事人（号码相同）或同一地址在一段时间内的报警、来电、来访，跨渠道合并计算；取得分最高的时间段',
    fields: [
      ...repeatFields('party', '同一当事人'),
      ...repeatFields('address', '同一地址'),
      num(
        'repeats.sameIncidentHours',
        '同一事件合并',
        '小时',
        168,
        '同一当事人或地址在这段时间内的多条渠道记录（如 110 报警后又打 12345）算同一件事，只计一次',
        1,
      ),
    ],
  },
  {
    key: 'calls110',
    title: '110 密集报警',
    help: '同一纠纷（含关联案件）短时间内多次拨打 110',
    fields: [num('calls110.hours', '统计时长', '小时', 168, undefined, 1), pts('calls110.perCall', '每多报警一次'), pts('calls110.max', '最多')],
  },
  {
    key: 'categories',
    title: '纠纷类型',
    help: '婚恋家庭、债务、劳资、土地等易激化的纠纷类型加分；不加分填 0',
    fields: TASK_CATEGORIES.map((c) => pts(`categories.${c.code}`, c.label)),
  },
  {
    key: 'phrases',
    title: '关键词',
    help: '案件的报警内容、描述、进展记录、回访意见等文字中出现即加分；前面有否定词（如「没有扬言」）不计',
    fields: [
      pts('phraseCap', '关键词合计最多', 300),
      num('linked.days', '关联案件统计', '天', 730, '同一当事人或地址的其他案件中出现的关键词', 1),
      num('linked.percent', '关联案件关键词按', '%', 100, '按原分值的百分比计'),
      { path: 'negations', label: '否定词', type: 'words', help: '紧挨在关键词前（中间最多隔「有、再、要、说、人、出现」等两个字词）表示否定' },
    ],
    editor: 'phrases',
  },
  {
    key: 'vulnerable',
    title: '弱势当事人',
    help: '当事人标注为老人、未成年人、残疾人、孕妇，或描述中提到',
    fields: VULNERABLE_FLAGS.flatMap((f) => [
      pts(`vulnerable.${f}`, `涉及${VULNERABLE_FLAG_LABELS[f]}`),
      { path: `vulnerableWords.${f}`, label: `描述中提示${VULNERABLE_FLAG_LABELS[f]}的词`, type: 'words' as const },
    ]),
  },
  {
    key: 'time',
    title: '办理时长',
    fields: [
      num('age.fromDays', '未办结满', '天', 365, '从这一天起开始计分', 1),
      pts('age.perDay', '此后每天'),
      pts('age.max', '未办结最多'),
      pts('overdue.perDay', '超期每天'),
      pts('overdue.max', '超期最多'),
    ],
  },
  {
    key: 'history',
    title: '办理经过',
    fields: [
      pts('bounces.per', '部门退回每次'),
      pts('bounces.max', '部门退回最多'),
      pts('returns.per', '验收驳回每次'),
      pts('returns.max', '验收驳回最多'),
      pts('reopens.per', '办结后重新打开每次'),
      pts('reopens.max', '重新打开最多'),
      pts('escalations.per', '上报社治中心每次'),
      pts('escalations.max', '上报最多'),
      pts('failedMediations.per', '调解不成每次'),
      pts('failedMediations.max', '调解不成最多'),
      pts('unhappyFeedback.per', '回访不满意每次'),
      pts('unhappyFeedback.max', '回访不满意最多'),
      pts('agreement', '达成调解协议减', 100, '达成调解协议的案件减去此分'),
    ],
  },
  {
    key: 'red',
    title: '红色预警处置',
    help: '转为红色时立即通知派出所负责人、社治中心和承办人；时限内无人处置，向上一级督办',
    fields: [
      num('followUpHours', '跟进时限', '小时', 168, undefined, 1),
      { path: 'dutyDepartment', label: '接收红色预警的派出所', type: 'department', help: '其负责人接收红色预警；其人员与社治中心管理重点关注名单' },
      { path: 'escalationDepartment', label: '超时督办的上一级', type: 'department', help: '其负责人接收超时未处置的督办通知' },
    ],
  },
  {
    key: 'watch',
    title: '重点关注（民转刑）',
    fields: [
      num('watch.days', '统计近', '天', 730, undefined, 7),
      num('watch.minCases', '重复报警满', '次自动列入', 50, '有红色或黄色预警案件的当事人和地址直接列入', 1),
      num('watch.quietDays', '销号前须平稳', '天', 365, '这些天内没有新的报警才能销号'),
    ],
  },
]

export const RISK_FIELDS: RiskField[] = RISK_SECTIONS.flatMap((s) => s.fields)

/** A field's value in words. */
export function formatRiskValue(field: RiskField, value: unknown): string {
  if (value === undefined || value === null) return field.type === 'number' ? `0 ${field.unit ?? ''}`.trim() : '—'
  if (field.type === 'words') return (value as string[]).length ? (value as string[]).join('、') : '（无）'
  if (field.type === 'department') return String(value)
  return `${value}${field.unit ? ` ${field.unit}` : ''}`
}

const WORD_PATTERN = /[\s，。,.;；、]/

/** What is wrong with one value, in the server's words (null: fine). */
export function checkRiskValue(field: RiskField, value: unknown): string | null {
  if (field.type === 'words') {
    const words = value as string[]
    if (!Array.isArray(words)) return `请填写${field.label}`
    const bad = words.find((w) => !w.trim() || WORD_PATTERN.test(w) || w.length > 12)
    if (bad !== undefined) return `「${bad}」不能为空、含空格或标点，且不超过 12 个字`
    if (new Set(words).size !== words.length) return `${field.label}有重复`
    return null
  }
  if (field.type === 'department') return typeof value === 'string' && /^[A-Z0-9_]{1,16}$/.test(value) ? null : `请选择${field.label}`
  if (value === undefined && field.path.startsWith('categories.')) return null
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${field.label}请填写数字`
  if (!Number.isInteger(value)) return `${field.label}须为整数`
  if (field.min !== undefined && value < field.min) return field.min === 0 ? `${field.label}不能为负数` : `${field.label}不能少于 ${field.min}`
  if (field.max !== undefined && value > field.max) return `${field.label}不能超过 ${field.max}`
  return null
}

/** What is wrong with one phrase line. */
export function checkPhrase(p: PhraseRule, all: readonly PhraseRule[]): string | null {
  if (!p.phrase.trim()) return '请填写关键词'
  if (WORD_PATTERN.test(p.phrase) || p.phrase.length > 12) return '关键词不能含空格或标点，且不超过 12 个字'
  if (all.filter((q) => q.phrase === p.phrase).length > 1) return `关键词「${p.phrase}」重复了`
  if (!Number.isInteger(p.points) || p.points < 0 || p.points > 100) return '关键词分值须为 0–100 的整数'
  const bad = p.except.find((e) => !e.includes(p.phrase))
  if (bad !== undefined) return `例外说法「${bad}」须包含关键词「${p.phrase}」`
  return null
}

/** Every problem of a rule set, by dot path (empty: it can be saved). */
export function checkRiskRules(rules: RiskRuleSet): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const field of RISK_FIELDS) {
    const problem = checkRiskValue(field, getRulePath(rules, field.path))
    if (problem) errors[field.path] = problem
  }
  if (!errors['thresholds.red'] && rules.thresholds.red <= rules.thresholds.yellow) errors['thresholds.red'] = '红色预警分数线须高于黄色预警分数线'
  for (const key of ['party', 'address'] as const) {
    for (let i = 1; i < 3; i++) {
      const path = `repeats.${key}.${i}.days`
      if (!errors[path] && rules.repeats[key][i].days <= rules.repeats[key][i - 1].days) errors[path] = '重复报警的时间段须由短到长（例如 30、90、365 天）'
    }
  }
  rules.phrases.forEach((p, i) => {
    const problem = checkPhrase(p, rules.phrases)
    if (problem) errors[`phrases.${i}`] = problem
  })
  return errors
}

export interface RiskRuleChange {
  path: string
  label: string
  from: string
  to: string
}

const phraseWords = (p: PhraseRule) =>
  `${PHRASE_GROUP_LABELS[p.group]} ${p.points} 分${p.forceRed ? '，直接红色' : ''}${p.except.length ? `，例外：${p.except.join('、')}` : ''}`

/** What changed between two rule sets, in words (the version history and the publish sheet show this). */
export function diffRiskRules(from: RiskRuleSet, to: RiskRuleSet): RiskRuleChange[] {
  const changes: RiskRuleChange[] = []
  for (const section of RISK_SECTIONS) {
    for (const field of section.fields) {
      const a = formatRiskValue(field, getRulePath(from, field.path))
      const b = formatRiskValue(field, getRulePath(to, field.path))
      if (a !== b) changes.push({ path: field.path, label: `${section.title} · ${field.label}`, from: a, to: b })
    }
  }
  const before = new Map(from.phrases.map((p) => [p.phrase, p]))
  const after = new Map(to.phrases.map((p) => [p.phrase, p]))
  for (const [w, p] of after) {
    const old = before.get(w)
    if (!old) changes.push({ path: `phrases.${w}`, label: `关键词 · 「${w}」`, from: '（无）', to: phraseWords(p) })
    else if (phraseWords(old) !== phraseWords(p)) changes.push({ path: `phrases.${w}`, label: `关键词 · 「${w}」`, from: phraseWords(old), to: phraseWords(p) })
  }
  for (const [w, p] of before) if (!after.has(w)) changes.push({ path: `phrases.${w}`, label: `关键词 · 「${w}」`, from: phraseWords(p), to: '（删除）' })
  return changes
}

/** The rule set in plain sentences (for everyone who asks why a case is red). */
export function describeRiskRules(r: RiskRuleSet): string[] {
  const cats = Object.entries(r.categories)
    .filter(([, v]) => (v ?? 0) > 0)
    .map(([c, v]) => `${TASK_CATEGORY_LABELS[c as TaskCategory]} ${v} 分`)
  const [p0, p1, p2] = r.repeats.party
  return [
    `得分达到 ${r.thresholds.yellow} 分为黄色预警，达到 ${r.thresholds.red} 分为红色预警；标为「直接红色」的关键词一出现即为红色。`,
    `同一当事人重复报警：近 ${p0.days} 天每多一次 ${p0.perRepeat} 分（最多 ${p0.max}），近 ${p1.days} 天每多一次 ${p1.perRepeat} 分，近 ${p2.days} 天每多一次 ${p2.perRepeat} 分；同一地址类似；110、12345、浙里访等各渠道的记录合并计算，${r.repeats.sameIncidentHours ?? DEFAULT_SAME_INCIDENT_HOURS} 小时内同一人或同一地址的多条记录算一件事。`,
    `${r.calls110.hours} 小时内多次拨打 110：每多一次 ${r.calls110.perCall} 分（最多 ${r.calls110.max}）。`,
    cats.length ? `纠纷类型：${cats.join('、')}。` : '纠纷类型不加分。',
    `关键词 ${r.phrases.length} 个（如${r.phrases
      .slice(0, 4)
      .map((p) => `「${p.phrase}」${p.points} 分`)
      .join('、')}），合计最多 ${r.phraseCap} 分；前有否定词不计。`,
    `未办结满 ${r.age.fromDays} 天起每天 ${r.age.perDay} 分（最多 ${r.age.max}）；超期每天 ${r.overdue.perDay} 分（最多 ${r.overdue.max}）。`,
    `红色预警须在 ${r.followUpHours} 小时内跟进处置，否则向上一级督办。`,
  ]
}
