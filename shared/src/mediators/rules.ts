/**
 * Composition rules (攻坚小组构成规则): which kinds of mediator a team for a dispute needs, chosen by the
 * dispute's category and risk colour. Admins edit the table (a new version each save); the engine
 * (propose.ts) fills each slot by score. The most specific row wins: category + colour, then category
 * with any colour, then any category with the colour, then the fallback row (any, any), which must exist.
 */
import { z } from 'zod'
import { RISK_COLOURS, type RiskColour, TASK_CATEGORY_CODES, type TaskCategory } from '../tasks/constants'
import { DEFAULT_LOAD_CAP, MAX_LOAD_CAP, MEDIATOR_TYPES, type MediatorType } from './constants'
import { describeRule, slotLabel } from './labels'

export { describeRule, slotLabel }

export const ANY = 'any' as const

export interface CompositionSlot {
  type: MediatorType
  /** how many of this kind (1–3) */
  count: number
  /** 须为当事人所在村社: only people whose home is the parties' village/community (e.g. their village cadre) */
  local?: boolean
  /** 回避当事人所在村社: nobody whose home is the parties' village/community (e.g. land disputes with the village) */
  avoidLocal?: boolean
}

export interface CompositionRule {
  id: string
  category: TaskCategory | typeof ANY
  colour: RiskColour | typeof ANY
  slots: CompositionSlot[]
  note?: string
}

export interface CompositionRuleSet {
  /** active memberships a mediator may hold at once, unless their profile sets their own cap */
  loadCap: number
  rules: CompositionRule[]
}

export const MAX_TEAM_SIZE = 8

const slotSchema = z
  .object({
    type: z.enum(MEDIATOR_TYPES, { error: '人员类型不在可选列表中' }),
    count: z.number({ error: '人数请填写数字' }).int('人数须为整数').min(1, '每类至少 1 人').max(3, '每类最多 3 人'),
    local: z.boolean().optional(),
    avoidLocal: z.boolean().optional(),
  })
  .strict()
  .refine((s) => !(s.local && s.avoidLocal), { message: '同一类人员不能既“须为本村社”又“回避本村社”' })

const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]{1,40}$/, '规则编号只能包含小写字母、数字、_ 和 -'),
    category: z.enum([ANY, ...TASK_CATEGORY_CODES], { error: '纠纷类型不在可选列表中' }),
    colour: z.enum([ANY, ...RISK_COLOURS], { error: '预警颜色只能是红、黄、绿或不限' }),
    slots: z.array(slotSchema).min(1, '每条规则至少需要一类人员').max(6, '每条规则最多 6 类人员'),
    note: z.string().trim().max(100, '说明最多 100 个字').optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const size = r.slots.reduce((n, s) => n + s.count, 0)
    if (size < 2) ctx.addIssue({ code: 'custom', path: ['slots'], message: '攻坚小组至少需要 2 人' })
    if (size > MAX_TEAM_SIZE) ctx.addIssue({ code: 'custom', path: ['slots'], message: `攻坚小组最多 ${MAX_TEAM_SIZE} 人` })
    const types = r.slots.map((s) => `${s.type}:${!!s.local}`)
    if (new Set(types).size !== types.length) ctx.addIssue({ code: 'custom', path: ['slots'], message: '同一类人员请合并为一行，填写人数' })
  })

export const compositionRuleSetSchema = z
  .object({
    loadCap: z.number({ error: '在办上限请填写数字' }).int('在办上限须为整数').min(1, '在办上限至少为 1').max(MAX_LOAD_CAP, `在办上限最多 ${MAX_LOAD_CAP}`),
    rules: z.array(ruleSchema).min(1, '至少需要一条规则').max(60, '最多 60 条规则'),
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Map<string, number>()
    set.rules.forEach((r, i) => {
      const key = `${r.category}|${r.colour}`
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rules', i], message: `与第 ${(seen.get(key) ?? 0) + 1} 条规则的纠纷类型和预警颜色相同` })
      seen.set(key, i)
    })
    const ids = set.rules.map((r) => r.id)
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['rules'], message: '规则编号不能重复' })
    if (!seen.has(`${ANY}|${ANY}`)) ctx.addIssue({ code: 'custom', path: ['rules'], message: '须保留一条“不限类型、不限颜色”的兜底规则' })
  })

/** The defaults (version 0): what the seed and a fresh database use until an admin saves a version. */
export const DEFAULT_COMPOSITION_RULES: CompositionRuleSet = {
  loadCap: DEFAULT_LOAD_CAP,
  rules: [
    {
      id: 'family-red',
      category: 'family',
      colour: 'red',
      slots: [
        { type: 'police', count: 1 },
        { type: 'judicial', count: 1 },
        { type: 'professional', count: 1 },
        { type: 'cadre', count: 1, local: true },
      ],
      note: '婚恋家庭红色预警：民警稳控，司法所把关协议，专职调解员主调，本村社干部熟悉家庭情况',
    },
    {
      id: 'family',
      category: 'family',
      colour: ANY,
      slots: [
        { type: 'professional', count: 1 },
        { type: 'cadre', count: 1, local: true },
      ],
    },
    {
      id: 'labour',
      category: 'labour',
      colour: ANY,
      slots: [
        { type: 'labour', count: 1 },
        { type: 'legal_aid', count: 1 },
      ],
      note: '劳资纠纷：劳动保障所 + 法援律师',
    },
    {
      id: 'wages',
      category: 'wages',
      colour: ANY,
      slots: [
        { type: 'labour', count: 1 },
        { type: 'legal_aid', count: 1 },
      ],
    },
    {
      id: 'neighbour',
      category: 'neighbour',
      colour: ANY,
      slots: [
        { type: 'notable', count: 1 },
        { type: 'grid', count: 1, local: true },
      ],
    },
    {
      id: 'land',
      category: 'land',
      colour: ANY,
      slots: [
        { type: 'judicial', count: 1 },
        { type: 'notable', count: 1, avoidLocal: true },
      ],
      note: '土地纠纷常涉及村集体：乡贤须回避当事人所在村',
    },
    {
      id: 'traffic',
      category: 'traffic',
      colour: ANY,
      slots: [
        { type: 'police', count: 1 },
        { type: 'legal_aid', count: 1 },
      ],
    },
    {
      id: 'any-red',
      category: ANY,
      colour: 'red',
      slots: [
        { type: 'police', count: 1 },
        { type: 'professional', count: 1 },
        { type: 'cadre', count: 1, local: true },
      ],
    },
    {
      id: 'fallback',
      category: ANY,
      colour: ANY,
      slots: [
        { type: 'professional', count: 1 },
        { type: 'cadre', count: 1, local: true },
      ],
    },
  ],
}

/** The row for a dispute: the most specific match (see the file comment). */
export function ruleFor(set: CompositionRuleSet, category: TaskCategory, colour: RiskColour): CompositionRule {
  const find = (c: string, k: string) => set.rules.find((r) => r.category === c && r.colour === k)
  const rule = find(category, colour) ?? find(category, ANY) ?? find(ANY, colour) ?? find(ANY, ANY)
  if (!rule) throw new Error('composition rules without a fallback row')
  return rule
}

export const teamSize = (rule: CompositionRule) => rule.slots.reduce((n, s) => n + s.count, 0)
