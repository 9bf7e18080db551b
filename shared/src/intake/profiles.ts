/**
 * A channel profile: the configuration that turns one channel's records into ours. Which of its
 * columns fill which of our fields (several header spellings allowed: real exports differ), how its
 * categories map onto our taxonomy, how it writes 警务/非警务, and the area code of its local phone
 * numbers. The defaults below follow the contract in channels.ts; admins replace a channel's profile
 * in the app (versioned) when a system's export differs, without a code change.
 */
import { z } from 'zod'
import { CHANNEL_CODES, CHANNELS, type ChannelCode } from './channels'
import { INTAKE_FIELDS, type IntakeField } from './fields'

export interface ColumnMapping {
  field: IntakeField
  /** header spellings, tried in order; the first one present in the record fills the field */
  headers: string[]
}

export interface CategoryMapping {
  /** the channel's category as it writes it (after trimming) */
  value: string
  /** our taxonomy code */
  code: string
}

export interface ChannelProfile {
  channel: ChannelCode
  columns: ColumnMapping[]
  categoryTable: CategoryMapping[]
  /** how the channel writes the 警务 flag, when it has one */
  policeFlag?: { police: string[]; nonPolice: string[] }
  /** area code assumed for a local (7–8 digit) phone number */
  defaultAreaCode: string
}

/** Other spellings of a contract column seen in real exports. */
const ALIASES: Partial<Record<ChannelCode, Record<string, string[]>>> = {
  '110': {
    警情编号: ['警情号', '接警编号'],
    报警时间: ['接警时间'],
    报警电话: ['联系电话', '报警人电话'],
    发生地址: ['事发地址', '案发地址'],
    简要警情: ['警情内容', '报警内容'],
  },
  '12345': {
    工单编号: ['工单号'],
    来电时间: ['受理时间'],
    诉求人: ['来电人', '联系人'],
    来电号码: ['联系电话', '来电电话'],
    诉求内容: ['工单内容'],
    诉求类型: ['诉求分类'],
  },
  zlf: { 信访件编号: ['信访件号', '件号'], 登记日期: ['登记时间'], 证件号码: ['身份证号'], 诉求: ['诉求内容', '信访诉求'] },
  '81890': { 服务单号: ['单号'], 受理时间: ['来电时间'], 地址: ['求助地址', '服务地址'] },
  odr: { 案件编号: ['解纷码', '案号'], 申请时间: ['登记时间'], 纠纷描述: ['案情简介'] },
  labour: { 投诉编号: ['案件编号'], 投诉时间: ['登记时间'], 投诉内容: ['投诉事项'] },
  petition: { 信访编号: ['信访件编号'], 事项地址: ['问题发生地'], 信访事项: ['诉求内容'] },
  mediation: { 调解案件编号: ['案件编号'], 受理日期: ['受理时间'], 纠纷简况: ['案情简介'] },
}

const CATEGORY_TABLES: Record<ChannelCode, Array<[string, string]>> = {
  '110': [
    ['纠纷-邻里纠纷', 'neighbour.general'],
    ['纠纷-家庭纠纷', 'family.household'],
    ['纠纷-婚恋纠纷', 'family.marriage'],
    ['纠纷-家庭暴力', 'family.marriage.violence'],
    ['纠纷-经济纠纷', 'economic.debt'],
    ['纠纷-劳资纠纷', 'labour.wages'],
    ['纠纷-土地纠纷', 'land.homestead'],
    ['纠纷-物业纠纷', 'property.service'],
    ['纠纷-消费纠纷', 'economic.consumer'],
    ['纠纷-交通纠纷', 'traffic.accident'],
    ['纠纷-其他纠纷', 'other.general'],
    ['求助-噪音扰民', 'neighbour.noise'],
    ['求助-其他求助', 'other.help'],
    ['举报-违章搭建', 'urban.building'],
    ['举报-占道经营', 'urban.vending'],
    ['治安-打架斗殴', 'public_order.fight'],
    ['治安-治安隐患', 'public_order.hazard'],
    ['治安-盗窃', 'public_order.theft'],
  ],
  '12345': [
    ['劳动保障-拖欠工资', 'labour.wages'],
    ['劳动保障-劳动合同', 'labour.dispute'],
    ['城市管理-违章建筑', 'urban.building'],
    ['城市管理-占道经营', 'urban.vending'],
    ['城市管理-噪音扰民', 'neighbour.noise'],
    ['住房保障-物业管理', 'property.service'],
    ['市场监管-消费维权', 'economic.consumer'],
    ['社会治理-邻里纠纷', 'neighbour.general'],
    ['社会治理-家庭矛盾', 'family.household'],
    ['环境保护-油烟污染', 'urban.environment'],
    ['国土资源-土地纠纷', 'land.homestead'],
    ['交通运输-交通事故', 'traffic.accident'],
  ],
  zlf: [
    ['农村农业-宅基地', 'land.homestead'],
    ['城乡建设-征地拆迁', 'land.requisition'],
    ['劳动社保-拖欠工资', 'labour.wages'],
    ['劳动社保-劳动争议', 'labour.dispute'],
    ['城乡建设-物业管理', 'property.service'],
    ['政法-邻里矛盾', 'neighbour.general'],
    ['政法-婚姻家庭', 'family.household'],
    ['其他', 'petition.general'],
  ],
  '81890': [
    ['物业服务', 'property.service'],
    ['邻里矛盾', 'neighbour.general'],
    ['噪音投诉', 'neighbour.noise'],
    ['家政维修', 'other.help'],
    ['消费投诉', 'economic.consumer'],
    ['求助', 'other.help'],
  ],
  odr: [
    ['民间借贷纠纷', 'economic.debt'],
    ['婚姻家庭纠纷', 'family.marriage'],
    ['邻里纠纷', 'neighbour.general'],
    ['劳动争议纠纷', 'labour.dispute'],
    ['劳务报酬纠纷', 'labour.wages'],
    ['物业纠纷', 'property.service'],
    ['消费纠纷', 'economic.consumer'],
    ['道路交通事故纠纷', 'traffic.accident'],
    ['合同纠纷', 'economic.contract'],
    ['土地承包纠纷', 'land.contract'],
  ],
  labour: [
    ['拖欠工资', 'labour.wages'],
    ['农民工欠薪', 'labour.wages.migrant'],
    ['未签劳动合同', 'labour.dispute'],
    ['社会保险', 'labour.dispute'],
    ['工伤待遇', 'labour.dispute.injury'],
  ],
  petition: [
    ['征地拆迁', 'land.requisition'],
    ['宅基地', 'land.homestead'],
    ['劳动社保', 'labour.dispute'],
    ['涉法涉诉', 'petition.general'],
    ['邻里纠纷', 'neighbour.general'],
    ['婚姻家庭', 'family.household'],
    ['城建管理', 'urban.building'],
  ],
  mediation: [
    ['邻里纠纷', 'neighbour.general'],
    ['婚姻家庭纠纷', 'family.marriage'],
    ['赡养纠纷', 'family.household.support'],
    ['继承纠纷', 'family.household.inheritance'],
    ['损害赔偿纠纷', 'other.general'],
    ['劳务纠纷', 'labour.wages'],
    ['债务纠纷', 'economic.debt'],
    ['物业纠纷', 'property.service'],
    ['宅基地纠纷', 'land.homestead'],
    ['交通事故纠纷', 'traffic.accident'],
  ],
  // our own forms send our codes (taxonomy codes, or task categories from 网格上报): no table needed
  window: [],
  grid: [],
  public: [],
}

export function defaultProfile(channel: ChannelCode): ChannelProfile {
  const spec = CHANNELS.find((c) => c.code === channel)!
  const aliases = ALIASES[channel] ?? {}
  return {
    channel,
    columns: spec.fields.map((f) => ({ field: f.field, headers: [f.column, ...(aliases[f.column] ?? [])] })),
    categoryTable: CATEGORY_TABLES[channel].map(([value, code]) => ({ value, code })),
    ...(channel === '110' ? { policeFlag: { police: ['否', '警务', '涉警'], nonPolice: ['是', '非警务'] } } : {}),
    defaultAreaCode: '0574',
  }
}

export const DEFAULT_PROFILES: ChannelProfile[] = CHANNEL_CODES.map(defaultProfile)

/** The fields a record of this channel must have (from the contract). */
export function requiredFields(channel: ChannelCode): IntakeField[] {
  return CHANNELS.find((c) => c.code === channel)!
    .fields.filter((f) => f.required)
    .map((f) => f.field)
}

const header = z.string().trim().min(1, '列名不能为空').max(40, '列名不能超过 40 个字')

/** `PUT /api/intake/profiles/:channel` — a new version of a channel's profile (admin). */
export const channelProfileBody = z
  .object({
    baseVersion: z.number().int().min(0),
    columns: z
      .array(z.object({ field: z.enum(INTAKE_FIELDS), headers: z.array(header).min(1).max(8) }).strict())
      .min(1)
      .max(INTAKE_FIELDS.length),
    categoryTable: z
      .array(z.object({ value: z.string().trim().min(1).max(60), code: z.string().regex(/^[a-z_]+(\.[a-z_0-9]+){0,2}$/, '分类编码格式不正确') }).strict())
      .max(500),
    policeFlag: z
      .object({ police: z.array(z.string().trim().min(1).max(20)).max(10), nonPolice: z.array(z.string().trim().min(1).max(20)).max(10) })
      .strict()
      .optional(),
    defaultAreaCode: z.string().regex(/^0\d{2,3}$/, '区号格式如 0574'),
    note: z.string().trim().max(200).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<string>()
    b.columns.forEach((c, i) => {
      if (seen.has(c.field)) ctx.addIssue({ code: 'custom', path: ['columns', i, 'field'], message: `字段 ${c.field} 重复配置` })
      seen.add(c.field)
    })
    for (const need of ['sourceId', 'reportedAt'] as const) {
      if (!seen.has(need)) ctx.addIssue({ code: 'custom', path: ['columns'], message: `必须配置字段 ${need}` })
    }
  })
export type ChannelProfileBody = z.infer<typeof channelProfileBody>
