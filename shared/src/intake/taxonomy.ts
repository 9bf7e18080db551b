/**
 * The dispute taxonomy (纠纷分类) every channel's categories are mapped onto: families (一级), kinds
 * (二级) and, where it helps, items (三级) — in the spirit of 嵊州's 4/65/31 classification of non-police
 * incidents. Every node names the task category (shared/src/tasks/constants.ts) a task made from it
 * gets, so a lead converts into a task without a second mapping. Admins add nodes (kinds or items
 * under an existing node) in the app; the codes below are stable and never reused.
 *
 * Codes are paths joined by '.', e.g. `labour.wages.migrant`; the first segment is the family, which
 * linking compares ("same category family").
 */
import type { TaskCategory } from '../tasks/constants'

export interface TaxonomyNode {
  code: string
  label: string
  /** absent for families */
  parent?: string
  /** the task category of tasks made from this kind (inherited by children unless set) */
  taskCategory: TaskCategory
  /** words in a record's text that suggest this node (the fallback after the channel's table) */
  keywords: string[]
  /** usually a police matter (警务) rather than a dispute to hand to the street */
  police?: boolean
  /** added by an admin (not part of the shipped taxonomy) */
  custom?: boolean
}

const n = (code: string, label: string, taskCategory: TaskCategory, keywords: string[], police?: boolean): TaxonomyNode => {
  const dot = code.lastIndexOf('.')
  return { code, label, ...(dot > 0 ? { parent: code.slice(0, dot) } : {}), taskCategory, keywords, ...(police ? { police } : {}) }
}

export const DEFAULT_TAXONOMY: TaxonomyNode[] = [
  n('family', '婚恋家庭', 'family', ['家庭', '夫妻', '婚姻']),
  n('family.marriage', '婚姻纠纷', 'family', ['离婚', '老公', '老婆', '丈夫', '妻子', '夫妻']),
  n('family.marriage.betrothal', '彩礼纠纷', 'family', ['彩礼', '退婚', '订婚']),
  n('family.marriage.violence', '家庭暴力', 'family', ['家暴', '殴打妻子', '被丈夫打'], true),
  n('family.household', '家庭纠纷', 'family', ['兄弟', '姐妹', '婆媳', '分家', '父子', '母子']),
  n('family.household.support', '赡养抚养', 'family', ['赡养', '抚养', '养老', '不管老人', '生活费']),
  n('family.household.inheritance', '继承纠纷', 'family', ['继承', '遗产', '遗嘱']),
  n('neighbour', '邻里', 'neighbour', ['邻居', '邻里', '楼上', '楼下', '隔壁']),
  n('neighbour.general', '邻里纠纷', 'neighbour', ['邻居', '邻里', '楼上', '楼下', '隔壁', '对门']),
  n('neighbour.general.leak', '漏水渗水', 'neighbour', ['漏水', '渗水', '水管']),
  n('neighbour.general.passage', '通道堆物', 'neighbour', ['通道', '堆物', '楼道', '过道', '堆放']),
  n('neighbour.general.parking', '停车纠纷', 'neighbour', ['停车', '车位', '挡道']),
  n('neighbour.general.pets', '宠物纠纷', 'neighbour', ['狗', '宠物', '猫', '犬']),
  n('neighbour.noise', '噪音扰民', 'noise', ['噪音', '吵闹', '扰民', '广场舞', '装修声']),
  n('neighbour.noise.renovation', '装修噪音', 'noise', ['装修', '电钻', '敲打']),
  n('labour', '劳动', 'labour', ['工资', '工人', '老板', '劳动']),
  n('labour.wages', '拖欠工资', 'wages', ['欠薪', '拖欠工资', '工资', '讨薪', '工钱']),
  n('labour.wages.migrant', '农民工欠薪', 'wages', ['农民工', '工地', '包工头']),
  n('labour.dispute', '劳动争议', 'labour', ['劳动合同', '辞退', '开除', '社保', '加班']),
  n('labour.dispute.injury', '工伤纠纷', 'labour', ['工伤', '受伤', '赔偿']),
  n('economic', '经济', 'debt', ['钱', '款']),
  n('economic.debt', '债务纠纷', 'debt', ['借款', '欠款', '借钱', '还钱', '债务', '借贷']),
  n('economic.contract', '合同纠纷', 'debt', ['合同', '定金', '违约', '租金', '房租']),
  n('economic.consumer', '消费纠纷', 'consumer', ['消费', '退款', '商家', '质量', '退货', '预付卡']),
  n('property', '物业', 'property', ['物业', '业委会']),
  n('property.service', '物业纠纷', 'property', ['物业费', '物业', '电梯', '维修基金', '保安']),
  n('land', '土地资源', 'land', ['土地', '宅基地']),
  n('land.homestead', '宅基地纠纷', 'land', ['宅基地', '建房', '界址', '地界']),
  n('land.requisition', '征地拆迁', 'land', ['征地', '拆迁', '补偿款', '安置']),
  n('land.contract', '土地承包', 'land', ['承包地', '流转', '承包']),
  n('urban', '城市管理', 'building', ['违建', '执法']),
  n('urban.building', '违章搭建', 'building', ['违章', '违建', '搭建', '加盖']),
  n('urban.vending', '占道经营', 'vending', ['占道', '摆摊', '流动摊贩']),
  n('urban.environment', '环境卫生', 'other', ['垃圾', '污水', '异味', '油烟']),
  n('traffic', '交通', 'traffic', ['车', '交通']),
  n('traffic.accident', '交通事故纠纷', 'traffic', ['剐蹭', '追尾', '交通事故', '撞', '电动车']),
  n('public_order', '治安', 'public_order', ['治安']),
  n('public_order.hazard', '治安隐患', 'public_order', ['隐患', '可疑', '聚集']),
  n('public_order.fight', '打架斗殴', 'public_order', ['打架', '斗殴', '动手', '持刀', '砍', '打人'], true),
  n('public_order.theft', '盗窃诈骗', 'public_order', ['被盗', '偷', '诈骗', '骗'], true),
  n('petition', '信访', 'petition', ['信访', '上访']),
  n('petition.general', '信访诉求', 'petition', ['信访', '上访', '反映', '诉求']),
  n('petition.repeat', '重复信访', 'petition', ['重复访', '多次反映', '再次来访']),
  n('other', '其他', 'other', []),
  n('other.general', '其他纠纷', 'other', []),
  n('other.help', '求助咨询', 'other', ['咨询', '求助', '开锁', '找人']),
]

/** The kind a task category stands for (网格上报 sends task categories). */
export const TASK_CATEGORY_KINDS: Record<TaskCategory, string> = {
  neighbour: 'neighbour.general',
  family: 'family.household',
  labour: 'labour.dispute',
  wages: 'labour.wages',
  debt: 'economic.debt',
  land: 'land.homestead',
  property: 'property.service',
  consumer: 'economic.consumer',
  traffic: 'traffic.accident',
  noise: 'neighbour.noise',
  building: 'urban.building',
  vending: 'urban.vending',
  public_order: 'public_order.hazard',
  petition: 'petition.general',
  other: 'other.general',
}

/** Depth of a code: 1 family, 2 kind, 3 item. */
export const taxonomyLevel = (code: string) => code.split('.').length

/** The family (一级) of a code — what linking means by "category family". */
export const familyOf = (code: string) => code.split('.')[0]

export const TAXONOMY_FAMILY_LABELS = Object.fromEntries(DEFAULT_TAXONOMY.filter((t) => !t.parent).map((t) => [t.code, t.label])) as Record<string, string>

/** A node and the chain above it, for lookups by code. */
export interface Taxonomy {
  nodes: TaxonomyNode[]
  byCode: Map<string, TaxonomyNode>
}

export function buildTaxonomy(nodes: readonly TaxonomyNode[]): Taxonomy {
  const byCode = new Map<string, TaxonomyNode>()
  for (const node of nodes) byCode.set(node.code, node)
  return { nodes: [...nodes], byCode }
}

/** 「劳动 / 拖欠工资 / 农民工欠薪」 */
export function taxonomyPath(tax: Taxonomy, code: string): string {
  const parts = code.split('.')
  return parts.map((_, i) => tax.byCode.get(parts.slice(0, i + 1).join('.'))?.label ?? parts[i]).join(' / ')
}

/** The kind (二级) a code belongs to, or the family itself when the code is a family. */
export const kindOf = (code: string) => code.split('.').slice(0, 2).join('.')

/**
 * Checks a node an admin wants to add: a fresh code under an existing node, at most three levels,
 * and a task category. Returns the reason it is refused, or null.
 */
export function checkNewNode(tax: Taxonomy, node: Pick<TaxonomyNode, 'code' | 'parent'>): string | null {
  if (tax.byCode.has(node.code)) return `分类编码 ${node.code} 已存在`
  if (!node.parent) return '只能在已有分类下增加子类'
  if (!tax.byCode.has(node.parent)) return `上级分类 ${node.parent} 不存在`
  if (!node.code.startsWith(`${node.parent}.`) || node.code.slice(node.parent.length + 1).includes('.')) return '分类编码须为“上级编码.新编码”'
  if (taxonomyLevel(node.code) > 3) return '分类最多三级'
  return null
}
