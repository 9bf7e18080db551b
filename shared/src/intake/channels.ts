/**
 * The channels that feed 统一归口 and the record shape each one sends — the contract. A system
 * pushing to us, or a person importing a channel's export, sends records with these columns; the
 * channel's profile (profiles.ts) maps them onto our fields, so an export whose columns are named
 * differently is a configuration change, not code. docs/intake.md shows these tables (a test keeps
 * the two equal).
 */
import type { IntakeField } from './fields'

export const CHANNEL_CODES = ['110', '12345', 'zlf', '81890', 'odr', 'labour', 'petition', 'mediation', 'window', 'grid', 'public'] as const
export type ChannelCode = (typeof CHANNEL_CODES)[number]

export interface ContractField {
  /** the column name as the channel's system exports it */
  column: string
  /** which of our fields it fills */
  field: IntakeField
  /** what it means */
  meaning: string
  example: string
  required?: boolean
}

export interface ChannelSpec {
  code: ChannelCode
  /** what people call it */
  label: string
  /** the system it comes from */
  system: string
  /** the name of its source id, as the channel says it (警情编号, 工单编号 …) */
  sourceIdLabel: string
  /** its records are police incidents unless flagged otherwise (110) */
  policeByDefault: boolean
  /** push API available (systems); 窗口登记 and 网格上报 come from our own forms */
  push: boolean
  /** feedback (办理情况回告) goes back to this channel when its lead or task moves (issue 非警务警情流转闭环) */
  feedback: boolean
  fields: ContractField[]
}

export const CHANNELS: ChannelSpec[] = [
  {
    code: '110',
    label: '110 接处警',
    system: '公安 110 接处警系统（非警务警情分流）',
    sourceIdLabel: '警情编号',
    policeByDefault: true,
    push: true,
    feedback: true,
    fields: [
      { column: '警情编号', field: 'sourceId', meaning: '接警系统的警情号，唯一', example: 'J33028220261203000123', required: true },
      { column: '报警时间', field: 'reportedAt', meaning: '接警时间', example: '2026/12/3 14:05', required: true },
      { column: '报警人', field: 'reporterName', meaning: '报警人姓名（可为“王先生”）', example: '王建国' },
      { column: '报警电话', field: 'reporterPhone', meaning: '主叫号码，手机或固话', example: '138 0574 0101' },
      { column: '发生地址', field: 'address', meaning: '事发地址（接警员记录，自由文本）', example: '古塘街道新城花苑5幢2单元', required: true },
      { column: '警情类别', field: 'category', meaning: '接警类别，一级-二级', example: '纠纷-邻里纠纷', required: true },
      { column: '简要警情', field: 'content', meaning: '报警内容摘要', example: '楼上装修噪音大，双方发生争吵', required: true },
      { column: '处警单位', field: 'handlingUnit', meaning: '出警的派出所/警务队', example: '古塘派出所' },
      { column: '处警情况', field: 'handlingNote', meaning: '民警到场处置情况', example: '民警到场劝解，双方情绪平稳，建议社区调解' },
      { column: '是否非警务', field: 'policeFlag', meaning: '接警员判定：是 = 非警务，可分流', example: '是' },
      { column: '更新时间', field: 'sourceUpdatedAt', meaning: '该警情在接警系统中最后修改的时间（版本）', example: '2026-12-03 15:20:00' },
    ],
  },
  {
    code: '12345',
    label: '12345 政务热线',
    system: '12345 政务服务便民热线工单系统',
    sourceIdLabel: '工单编号',
    policeByDefault: false,
    push: true,
    feedback: true,
    fields: [
      { column: '工单编号', field: 'sourceId', meaning: '热线工单号，唯一', example: 'NB2026120300123', required: true },
      { column: '来电时间', field: 'reportedAt', meaning: '市民来电时间', example: '2026-12-03 15:10', required: true },
      { column: '诉求人', field: 'reporterName', meaning: '来电人姓名', example: '李女士' },
      { column: '来电号码', field: 'reporterPhone', meaning: '来电号码', example: '+86 139 5748 2211' },
      { column: '诉求类型', field: 'category', meaning: '热线的诉求分类（大类-小类）', example: '劳动保障-拖欠工资', required: true },
      { column: '诉求内容', field: 'content', meaning: '话务员记录的诉求', example: '反映某电器厂拖欠三个月工资', required: true },
      { column: '事发地址', field: 'address', meaning: '诉求涉及的地址', example: '古塘工业园区兴业路18号', required: true },
      { column: '承办单位', field: 'handlingUnit', meaning: '热线派往的承办单位', example: '古塘街道' },
      { column: '办理时限', field: 'dueAt', meaning: '热线要求的办结时间', example: '2026-12-10 17:00' },
      { column: '更新时间', field: 'sourceUpdatedAt', meaning: '工单最后修改时间（版本）', example: '2026-12-03 16:00' },
    ],
  },
  {
    code: 'zlf',
    label: '浙里访',
    system: '浙江省网上信访信息系统（浙里访）',
    sourceIdLabel: '信访件编号',
    policeByDefault: false,
    push: true,
    feedback: false,
    fields: [
      { column: '信访件编号', field: 'sourceId', meaning: '信访件编号，唯一', example: 'ZJ202612030045', required: true },
      { column: '登记日期', field: 'reportedAt', meaning: '信访件登记日期（可只有日期）', example: '2026-12-03', required: true },
      { column: '信访人', field: 'reporterName', meaning: '信访人姓名', example: '张秀英' },
      { column: '证件号码', field: 'reporterIdNo', meaning: '信访人居民身份证号', example: '330282196502143626' },
      { column: '联系电话', field: 'reporterPhone', meaning: '信访人电话', example: '0574-63012345' },
      { column: '住址', field: 'address', meaning: '信访人住址或问题发生地', example: '慈溪市古塘街道丰园村5组', required: true },
      { column: '信访形式', field: 'form', meaning: '网上信访 / 来访 / 来信', example: '网上信访' },
      { column: '问题属地', field: 'place', meaning: '问题所在的镇街/村社', example: '古塘街道丰园村' },
      { column: '内容分类', field: 'category', meaning: '信访内容分类', example: '农村农业-宅基地', required: true },
      { column: '诉求', field: 'content', meaning: '信访诉求', example: '邻居建房占用我家宅基地', required: true },
    ],
  },
  {
    code: '81890',
    label: '81890 求助服务',
    system: '宁波 81890 市民求助服务中心',
    sourceIdLabel: '服务单号',
    policeByDefault: false,
    push: true,
    feedback: false,
    fields: [
      { column: '服务单号', field: 'sourceId', meaning: '服务单号，唯一', example: '81890-20261203-0456', required: true },
      { column: '受理时间', field: 'reportedAt', meaning: '受理时间', example: '2026年12月3日 09:30', required: true },
      { column: '求助人', field: 'reporterName', meaning: '求助人姓名', example: '陈先生' },
      { column: '联系电话', field: 'reporterPhone', meaning: '求助人电话', example: '13957482211' },
      { column: '服务类别', field: 'category', meaning: '81890 服务类别', example: '物业服务', required: true },
      { column: '求助内容', field: 'content', meaning: '求助内容', example: '小区电梯长期故障，物业不处理', required: true },
      { column: '地址', field: 'address', meaning: '求助地址', example: '金山社区金山公寓3号楼', required: true },
      { column: '处理状态', field: 'status', meaning: '81890 的处理状态', example: '已转办' },
    ],
  },
  {
    code: 'odr',
    label: 'ODR / 解纷码',
    system: '浙江在线矛盾纠纷多元化解平台（ODR，浙江解纷码）',
    sourceIdLabel: '案件编号（解纷码）',
    policeByDefault: false,
    push: true,
    feedback: false,
    fields: [
      { column: '案件编号', field: 'sourceId', meaning: '解纷码，一案一码', example: 'JF3302822026120300012', required: true },
      { column: '申请时间', field: 'reportedAt', meaning: '当事人提交申请的时间', example: '2026-12-03T10:12:00+08:00', required: true },
      { column: '申请人', field: 'reporterName', meaning: '申请人姓名', example: '周海波' },
      { column: '申请人电话', field: 'reporterPhone', meaning: '申请人电话', example: '13805741234' },
      { column: '申请人证件号', field: 'reporterIdNo', meaning: '申请人身份证号', example: '330282198003052112' },
      { column: '被申请人', field: 'otherPartyName', meaning: '被申请人（个人或单位）', example: '孙立新' },
      { column: '被申请人电话', field: 'otherPartyPhone', meaning: '被申请人电话', example: '13605748899' },
      { column: '纠纷类型', field: 'category', meaning: 'ODR 纠纷类型', example: '民间借贷纠纷', required: true },
      { column: '纠纷地址', field: 'address', meaning: '纠纷发生地', example: '古塘街道孙塘路88号', required: true },
      { column: '纠纷描述', field: 'content', meaning: '申请人陈述', example: '借款5万元到期未还', required: true },
      { column: '调解机构', field: 'handlingUnit', meaning: '平台分派的调解组织', example: '古塘街道人民调解委员会' },
      { column: '状态', field: 'status', meaning: '案件状态', example: '待受理' },
    ],
  },
  {
    code: 'labour',
    label: '劳动保障',
    system: '劳动保障监察投诉举报系统',
    sourceIdLabel: '投诉编号',
    policeByDefault: false,
    push: true,
    feedback: false,
    fields: [
      { column: '投诉编号', field: 'sourceId', meaning: '投诉编号，唯一', example: 'LD20261203007', required: true },
      { column: '投诉时间', field: 'reportedAt', meaning: '投诉登记时间', example: '2026-12-03 11:00', required: true },
      { column: '投诉人', field: 'reporterName', meaning: '投诉人姓名（代表）', example: '刘德明' },
      { column: '联系电话', field: 'reporterPhone', meaning: '投诉人电话', example: '15888741234' },
      { column: '身份证号', field: 'reporterIdNo', meaning: '投诉人身份证号', example: '511321199001019871' },
      { column: '用人单位', field: 'otherPartyName', meaning: '被投诉的用人单位', example: '慈溪市恒达电器有限公司' },
      { column: '单位地址', field: 'address', meaning: '用人单位地址', example: '古塘工业园区兴业路18号', required: true },
      { column: '涉及人数', field: 'peopleCount', meaning: '涉及劳动者人数', example: '12' },
      { column: '欠薪金额', field: 'amount', meaning: '欠薪总额（元）', example: '86000' },
      { column: '投诉内容', field: 'content', meaning: '投诉事项', example: '拖欠12名工人10-11月工资', required: true },
      { column: '投诉类别', field: 'category', meaning: '投诉类别', example: '拖欠工资' },
    ],
  },
  {
    code: 'petition',
    label: '信访综合',
    system: '信访综合业务系统（来信来访登记）',
    sourceIdLabel: '信访编号',
    policeByDefault: false,
    push: true,
    feedback: false,
    fields: [
      { column: '信访编号', field: 'sourceId', meaning: '信访编号，唯一', example: 'XF2026120300031', required: true },
      { column: '登记时间', field: 'reportedAt', meaning: '登记时间', example: '2026-12-03 09:00', required: true },
      { column: '信访人', field: 'reporterName', meaning: '信访人姓名', example: '徐桂芳' },
      { column: '联系电话', field: 'reporterPhone', meaning: '信访人电话', example: '13736012345' },
      { column: '身份证号', field: 'reporterIdNo', meaning: '信访人身份证号', example: '330282195811203325' },
      { column: '信访方式', field: 'form', meaning: '来信 / 来访 / 网上', example: '来访' },
      { column: '事项地址', field: 'address', meaning: '信访事项所在地', example: '西门外村3组', required: true },
      { column: '问题类别', field: 'category', meaning: '问题类别', example: '征地拆迁', required: true },
      { column: '信访事项', field: 'content', meaning: '信访事项', example: '对征地补偿标准有异议，第三次来访', required: true },
      { column: '责任单位', field: 'handlingUnit', meaning: '交办的责任单位', example: '古塘街道' },
    ],
  },
  {
    code: 'mediation',
    label: '人民调解',
    system: '人民调解信息系统',
    sourceIdLabel: '调解案件编号',
    policeByDefault: false,
    push: true,
    feedback: false,
    fields: [
      { column: '调解案件编号', field: 'sourceId', meaning: '调解案件编号，唯一', example: 'TJ-GT-2026-0312', required: true },
      { column: '受理日期', field: 'reportedAt', meaning: '受理日期', example: '2026/12/3', required: true },
      { column: '当事人', field: 'partiesText', meaning: '全部当事人，顿号或逗号分隔，可带（申请人）等', example: '张伟（申请人）、李强（被申请人）' },
      { column: '联系电话', field: 'reporterPhone', meaning: '第一位当事人的电话', example: '13805746677' },
      { column: '纠纷类型', field: 'category', meaning: '人民调解纠纷类型', example: '邻里纠纷', required: true },
      { column: '纠纷地址', field: 'address', meaning: '纠纷发生地', example: '天九街社区天九苑12幢', required: true },
      { column: '纠纷简况', field: 'content', meaning: '纠纷简要情况', example: '因漏水引发邻里矛盾', required: true },
      { column: '调解组织', field: 'handlingUnit', meaning: '受理的调解委员会', example: '天九街社区人民调解委员会' },
      { column: '调解结果', field: 'status', meaning: '调解中 / 调解成功 / 调解不成功', example: '调解中' },
    ],
  },
  {
    code: 'window',
    label: '窗口登记',
    system: '社治中心一站式接待窗口（本系统登记表）',
    sourceIdLabel: '登记编号',
    policeByDefault: false,
    push: false,
    feedback: false,
    fields: [
      { column: '登记编号', field: 'sourceId', meaning: '本系统生成的登记编号', example: 'CK-7F3A9C2E01', required: true },
      { column: '登记时间', field: 'reportedAt', meaning: '接待时间', example: '2026-12-03 10:20', required: true },
      { column: '事发时间', field: 'occurredAt', meaning: '来访人说的事发时间', example: '2026-12-02 20:00' },
      { column: '来访方式', field: 'form', meaning: '来访 / 来电 / 来信', example: '来访' },
      { column: '来访人', field: 'reporterName', meaning: '来访人姓名', example: '吴美华' },
      { column: '联系电话', field: 'reporterPhone', meaning: '来访人电话', example: '13905741122' },
      { column: '证件号码', field: 'reporterIdNo', meaning: '来访人身份证号', example: '33028219710405602X' },
      { column: '对方当事人', field: 'otherPartyName', meaning: '对方当事人', example: '吴建军' },
      { column: '事发地址', field: 'address', meaning: '事发地址', example: '南门社区南门小区7幢', required: true },
      { column: '事项类别', field: 'category', meaning: '纠纷类型（本系统分类）', example: 'family.household', required: true },
      { column: '诉求内容', field: 'content', meaning: '诉求', example: '兄弟因赡养母亲发生争执', required: true },
      { column: '接待人', field: 'receiver', meaning: '接待的工作人员', example: '赵燕' },
      { column: '接待窗口', field: 'handlingUnit', meaning: '信访接待 / 行政调解 / 人民调解 / 劳动争议调解 / 公共法律服务', example: '人民调解' },
    ],
  },
  {
    code: 'grid',
    label: '网格上报',
    system: '本系统网格员直接上报',
    sourceIdLabel: '工单编号',
    policeByDefault: false,
    push: false,
    feedback: false,
    fields: [
      { column: '工单编号', field: 'sourceId', meaning: '上报生成的工单编号', example: 'JQ20261203-0004', required: true },
      { column: '上报时间', field: 'reportedAt', meaning: '上报时间', example: '2026-12-03T08:40:00+08:00', required: true },
      { column: '上报人', field: 'receiver', meaning: '上报的网格员', example: '王丽' },
      { column: '当事人', field: 'reporterName', meaning: '第一位当事人', example: '赵大伯' },
      { column: '联系电话', field: 'reporterPhone', meaning: '当事人电话', example: '13805748888' },
      { column: '事件类型', field: 'category', meaning: '工单分类', example: 'neighbour', required: true },
      { column: '事件描述', field: 'content', meaning: '上报描述', example: '两户因公共通道堆物争吵', required: true },
      { column: '事发地点', field: 'address', meaning: '事发地点', example: '新城社区新城花苑3幢', required: true },
    ],
  },
  {
    code: 'public',
    label: '公众上报',
    system: '本系统公众端（群众用手机号登录后自行提交）',
    sourceIdLabel: '案件码',
    policeByDefault: false,
    push: false,
    feedback: false,
    fields: [
      { column: '案件码', field: 'sourceId', meaning: '提交时生成的一案一码', example: 'GZ7K3MX9QA', required: true },
      { column: '提交时间', field: 'reportedAt', meaning: '群众提交的时间', example: '2026-12-03T09:15:00+08:00', required: true },
      { column: '事发时间', field: 'occurredAt', meaning: '群众说的事发时间', example: '2026-12-02T20:00:00+08:00' },
      { column: '反映人', field: 'reporterName', meaning: '群众留的称呼（可不填）', example: '王女士' },
      { column: '手机号', field: 'reporterPhone', meaning: '登录用的手机号', example: '13905741122' },
      { column: '对方当事人', field: 'otherPartyName', meaning: '对方（可不填）', example: '楼上住户' },
      { column: '事项类别', field: 'category', meaning: '群众选的类别（本系统分类）', example: 'neighbour.general', required: true },
      { column: '诉求内容', field: 'content', meaning: '发生了什么', example: '楼上卫生间漏水到我家，沟通多次未处理', required: true },
      { column: '事发地址', field: 'address', meaning: '地址选择器选的村社、小区/道路、门牌，或群众自己写的', example: '新城社区新城花苑5幢', required: true },
    ],
  },
]

export const CHANNEL_LABELS = Object.fromEntries(CHANNELS.map((c) => [c.code, c.label])) as Record<ChannelCode, string>

export function channelSpec(code: ChannelCode): ChannelSpec {
  const spec = CHANNELS.find((c) => c.code === code)
  if (!spec) throw new Error(`unknown channel ${code}`)
  return spec
}

export const isChannelCode = (v: unknown): v is ChannelCode => typeof v === 'string' && (CHANNEL_CODES as readonly string[]).includes(v)

/** The contract of every channel as markdown tables (docs/intake.md carries exactly this text). */
export function contractMarkdown(): string {
  const out: string[] = []
  for (const c of CHANNELS) {
    out.push(`#### ${c.label} (\`${c.code}\`)`, '', `${c.system}. Source id: ${c.sourceIdLabel}.`, '')
    out.push('| 列名 column | 我方字段 field | 含义 meaning | 示例 example | 必填 |', '|---|---|---|---|---|')
    for (const f of c.fields) out.push(`| ${f.column} | \`${f.field}\` | ${f.meaning} | ${f.example} | ${f.required ? '是' : ''} |`)
    out.push('')
  }
  return out.join('\n')
}
