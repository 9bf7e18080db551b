/**
 * What the disputes of the demo month are about: per kind of dispute, the kind of place it happens,
 * how often, which channels people use for it, and a few sentences each channel's operator would
 * write. `{a}` is the reporter, `{b}` the other party.
 */
import type { ChannelCode } from '../channels'
import type { Door } from './doors'

export interface Story {
  /** taxonomy code */
  code: string
  weight: number
  doors: ReadonlyArray<readonly [Door['kind'], number]>
  channels: ReadonlyArray<readonly [ChannelCode, number]>
  /** the other party is a person (or, for wages, a company) */
  other: 'person' | 'company' | 'none'
  lines: string[]
  /** 110 records it as a police matter */
  police?: boolean
}

export const STORIES: Story[] = [
  {
    code: 'neighbour.noise.renovation',
    weight: 8,
    doors: [['flat', 1]],
    channels: [
      ['110', 5],
      ['12345', 3],
      ['81890', 1],
      ['window', 1],
    ],
    other: 'person',
    lines: ['楼上{b}家装修噪音大，晚上十点后还在电钻敲打', '邻居装修从早到晚敲打，多次沟通无果', '反映隔壁装修噪音扰民，双方发生争吵'],
  },
  {
    code: 'neighbour.general.leak',
    weight: 7,
    doors: [['flat', 1]],
    channels: [
      ['110', 3],
      ['12345', 2],
      ['mediation', 2],
      ['81890', 2],
    ],
    other: 'person',
    lines: ['楼上卫生间漏水渗到我家，{b}不愿维修', '因漏水问题与楼上邻居{b}发生矛盾', '家中天花板渗水，楼上住户{b}拒绝配合检查'],
  },
  {
    code: 'neighbour.general.passage',
    weight: 5,
    doors: [
      ['flat', 2],
      ['village', 1],
    ],
    channels: [
      ['110', 3],
      ['12345', 2],
      ['mediation', 2],
      ['window', 1],
    ],
    other: 'person',
    lines: ['邻居{b}在楼道长期堆放杂物，堵塞通道', '公共通道被邻居堆物占用，双方争吵', '{b}家在过道堆放纸板，劝说无效'],
  },
  {
    code: 'neighbour.general.parking',
    weight: 4,
    doors: [
      ['flat', 2],
      ['house', 1],
    ],
    channels: [
      ['110', 4],
      ['12345', 2],
    ],
    other: 'person',
    lines: ['车位被邻居{b}长期占用，发生口角', '门口停车挡道，与{b}争吵', '因停车问题与邻居发生推搡'],
  },
  {
    code: 'neighbour.general.pets',
    weight: 2,
    doors: [
      ['flat', 1],
      ['village', 1],
    ],
    channels: [
      ['110', 2],
      ['12345', 2],
      ['mediation', 1],
    ],
    other: 'person',
    lines: ['邻居{b}家的狗夜里狂吠并咬伤我家小孩', '{b}养的犬只不拴绳，多次吓到老人'],
  },
  {
    code: 'family.marriage',
    weight: 5,
    doors: [
      ['flat', 1],
      ['village', 1],
    ],
    channels: [
      ['110', 5],
      ['mediation', 2],
      ['odr', 1],
      ['window', 1],
    ],
    other: 'person',
    lines: ['与丈夫{b}因离婚财产分割发生激烈争吵', '夫妻吵架，妻子要求离婚，男方情绪激动', '夫妻因家庭琐事争吵，要求调解'],
  },
  {
    code: 'family.household.support',
    weight: 4,
    doors: [
      ['village', 2],
      ['flat', 1],
    ],
    channels: [
      ['window', 2],
      ['mediation', 3],
      ['110', 1],
      ['zlf', 1],
    ],
    other: 'person',
    lines: ['兄弟{b}不承担母亲赡养费，老人生活困难', '子女之间因赡养老人问题争执不下', '老人反映儿子{b}不给生活费'],
  },
  {
    code: 'family.household.inheritance',
    weight: 2,
    doors: [
      ['village', 2],
      ['flat', 1],
    ],
    channels: [
      ['mediation', 3],
      ['odr', 2],
      ['window', 1],
    ],
    other: 'person',
    lines: ['父亲去世后兄妹因老房继承发生纠纷', '与{b}因遗产分配意见不一'],
  },
  {
    code: 'labour.wages',
    weight: 6,
    doors: [
      ['house', 3],
      ['landmark', 1],
    ],
    channels: [
      ['labour', 4],
      ['12345', 4],
      ['110', 1],
    ],
    other: 'company',
    lines: ['{b}拖欠两个月工资共计{amount}元未发', '反映{b}拖欠工资，老板联系不上', '工厂{b}拖欠{count}名工人工资'],
  },
  {
    code: 'labour.wages.migrant',
    weight: 3,
    doors: [['house', 1]],
    channels: [
      ['labour', 3],
      ['12345', 2],
      ['petition', 1],
    ],
    other: 'company',
    lines: ['工地包工头拖欠农民工工资{amount}元', '{count}名农民工讨薪，{b}以工程款未结为由拒付'],
  },
  {
    code: 'labour.dispute.injury',
    weight: 2,
    doors: [['house', 1]],
    channels: [
      ['labour', 2],
      ['odr', 1],
      ['12345', 1],
    ],
    other: 'company',
    lines: ['在{b}上班时受伤，单位不认工伤不给赔偿', '工伤赔偿与{b}谈不拢'],
  },
  {
    code: 'economic.debt',
    weight: 5,
    doors: [
      ['flat', 1],
      ['village', 1],
      ['house', 1],
    ],
    channels: [
      ['odr', 4],
      ['110', 2],
      ['mediation', 2],
    ],
    other: 'person',
    lines: ['借给{b}{amount}元到期不还，多次催讨无果', '民间借贷纠纷，{b}欠款{amount}元拒不归还', '{b}借钱后失联，要求调解'],
  },
  {
    code: 'economic.consumer',
    weight: 3,
    doors: [
      ['house', 2],
      ['landmark', 1],
    ],
    channels: [
      ['12345', 4],
      ['81890', 2],
      ['110', 1],
    ],
    other: 'none',
    lines: ['在商铺购买的家电质量有问题，商家拒绝退货', '健身房预付卡跑路，要求退款', '装修公司收了定金不开工'],
  },
  {
    code: 'property.service',
    weight: 4,
    doors: [['flat', 1]],
    channels: [
      ['81890', 3],
      ['12345', 3],
      ['window', 1],
    ],
    other: 'none',
    lines: ['小区电梯长期故障，物业不处理', '物业费上涨业主不满，与物业发生冲突', '小区保安与业主发生争执'],
  },
  {
    code: 'land.homestead',
    weight: 4,
    doors: [['village', 1]],
    channels: [
      ['zlf', 3],
      ['petition', 2],
      ['mediation', 2],
      ['window', 1],
    ],
    other: 'person',
    lines: ['邻居{b}建房占用我家宅基地', '两户因宅基地界址争执，多次到村里反映', '{b}家新建围墙越过地界'],
  },
  {
    code: 'land.requisition',
    weight: 2,
    doors: [['village', 1]],
    channels: [
      ['petition', 3],
      ['zlf', 3],
    ],
    other: 'none',
    lines: ['对征地补偿标准有异议，要求重新评估', '拆迁安置房迟迟未分配', '征地补偿款被村里扣留'],
  },
  {
    code: 'urban.building',
    weight: 3,
    doors: [
      ['flat', 1],
      ['village', 1],
    ],
    channels: [
      ['12345', 4],
      ['110', 1],
      ['81890', 1],
    ],
    other: 'person',
    lines: ['楼顶{b}家违章加盖阳光房', '邻居违建影响采光，要求执法拆除'],
  },
  {
    code: 'urban.vending',
    weight: 2,
    doors: [
      ['house', 1],
      ['landmark', 1],
    ],
    channels: [
      ['12345', 3],
      ['110', 1],
    ],
    other: 'none',
    lines: ['路口流动摊贩占道经营，堵塞交通', '夜市摊位占道，油烟扰民'],
  },
  {
    code: 'traffic.accident',
    weight: 3,
    doors: [
      ['house', 3],
      ['landmark', 1],
    ],
    channels: [
      ['110', 4],
      ['odr', 1],
      ['mediation', 1],
    ],
    other: 'person',
    lines: ['电动车与{b}的轿车剐蹭，双方对赔偿有争议', '追尾事故后对方{b}不愿赔偿', '小孩被电动车撞伤，赔偿谈不拢'],
  },
  {
    code: 'public_order.fight',
    weight: 2,
    doors: [
      ['house', 1],
      ['landmark', 1],
    ],
    channels: [['110', 1]],
    other: 'person',
    police: true,
    lines: ['饭店门口两伙人因口角打架', '与{b}发生肢体冲突，对方动手打人'],
  },
  {
    code: 'petition.repeat',
    weight: 1,
    doors: [
      ['village', 1],
      ['flat', 1],
    ],
    channels: [
      ['petition', 3],
      ['zlf', 2],
      ['window', 1],
    ],
    other: 'none',
    lines: ['对之前的处理结果不满意，再次来访反映', '多次反映的问题仍未解决'],
  },
]

/** How each channel's operator opens the sentence. */
export const VOICE: Record<ChannelCode, string[]> = {
  '110': ['报警称', '报警人称', '来电报警：'],
  '12345': ['市民来电反映：', '来电人反映', '诉求人称'],
  zlf: ['信访人反映', '网上信访：'],
  '81890': ['求助人反映', '来电求助：'],
  odr: ['申请人称', ''],
  labour: ['投诉人反映', '劳动者投诉：'],
  petition: ['来访人反映', '信访人诉称'],
  mediation: ['', '当事人反映'],
  window: ['来访人反映', ''],
  grid: ['网格员上报：'],
  public: ['群众反映：'],
}

export const COMPANIES = [
  '慈溪市恒达电器有限公司',
  '宁波远航五金厂',
  '慈溪市明辉塑料制品厂',
  '古塘鑫源建筑劳务队',
  '慈溪市华泰纺织有限公司',
  '宁波正信物流有限公司',
  '慈溪市金帆家电配件厂',
]
