import { figuresDiffer, figuresOf, knownTo, matterOf, mattersMeet, nameCore, organisationsIn, personsIn, sameName } from './linking-evidence'
import { buildTaxonomy, DEFAULT_TAXONOMY } from './taxonomy'

const tax = buildTaxonomy(DEFAULT_TAXONOMY)

describe('matterOf: the specific matters a text names', () => {
  const codes = (category: string, text: string) => {
    const m = matterOf(tax, category, text)
    return m ? (m.codes ?? [m.code]) : null
  }
  test.each<[string, string, string, string[] | null]>([
    ['110 files 邻里纠纷, the text says parking', 'neighbour.general', '报警人称因停车问题与邻居发生推搡', ['neighbour.general.parking']],
    ['a text below another kind of the same family', 'neighbour.general', '邻居装修从早到晚敲打，多次沟通无果', ['neighbour.noise.renovation']],
    ['the category already says it, the text agrees', 'neighbour.noise.renovation', '反映隔壁装修噪音扰民', ['neighbour.noise.renovation']],
    ['words of two matters: either', 'neighbour.general', '楼上漏水不修，还在楼道堆放杂物', ['neighbour.general.leak', 'neighbour.general.passage']],
    ['no words of any matter (夫妻 is the family’s word)', 'family.marriage', '夫妻因家庭琐事争吵，要求调解', null],
    ['no leaf named, but a kind’s own words: 离婚 is a marriage matter', 'family', '夫妻吵架，妻子要求离婚，男方情绪激动', ['family.marriage']],
    ['the family’s words (邻居) name no kind', 'neighbour.general', '与邻居发生争吵', null],
    ['the channel says one leaf, the text another: either', 'economic.consumer', '装修公司收了定金不开工', ['economic.contract', 'economic.consumer']],
    ['words of another family do not count', 'neighbour.general', '因停车问题争吵，对方开电动车撞了门', ['neighbour.general.parking']],
    ['two matters of one family', 'labour.wages', '拖欠工资，工人在工地受伤', ['labour.wages.migrant', 'labour.dispute.injury']],
    ['the category alone is no evidence', 'economic.debt', '借给韩桂芳125000元到期不还，多次催讨无果', null],
    ['unclassified records name no matter', 'other.general', '因停车问题与邻居发生推搡', null],
  ])('%s', (_name, category, text, want) => expect(codes(category, text)).toEqual(want))

  test.each<[string, string, string, string, string, boolean]>([
    ['离婚 and 继承: two matters', 'family.marriage', '妻子要求离婚', 'family.household.inheritance', '父亲去世后兄妹因老房继承发生纠纷', false],
    ['离婚 and 家暴 (a matter within marriage): one', 'family.marriage', '妻子要求离婚', 'family.marriage', '被丈夫打，家暴多次', true],
    ['装修定金 (合同 or 消费) and 借贷: two', 'economic.consumer', '装修公司收了定金不开工', 'economic.debt', '胡欣怡欠款131000元拒不归还', false],
    [
      '装修定金 and 预付卡退款 (both 消费 possibly): one',
      'economic.consumer',
      '装修公司收了定金不开工',
      'economic.consumer',
      '健身房预付卡跑路，要求退款',
      true,
    ],
  ])('%s', (_name, c1, t1, c2, t2, meet) => {
    const a = matterOf(tax, c1, t1)
    const b = matterOf(tax, c2, t2)
    expect(a && b && mattersMeet(a, b)).toBe(meet)
  })
})

describe('figuresOf: the sum and the head count a record states', () => {
  test.each<[string, Parameters<typeof figuresOf>[1], ReturnType<typeof figuresOf>]>([
    ['投诉人反映工地包工头拖欠农民工工资170000元', {}, { amount: 170000 }],
    ['来电人反映25名农民工讨薪，宁波远航五金厂以工程款未结为由拒付', {}, { count: 25 }],
    ['拖欠两个月工资共计1.1万元未发', {}, { amount: 11000 }],
    ['拖欠工资', { amount: 170000, count: 25 }, { amount: 170000, count: 25 }],
    // two different sums: none
    ['借了5000元，又借了8000元', {}, {}],
  ])('%s', (text, columns, want) => expect(figuresOf(text, columns)).toEqual(want))

  test('「17万元」 and 170000 are one sum; 11000 and 170000 are two', () => {
    expect(figuresDiffer(170000, 170000)).toBe(false)
    expect(figuresDiffer(11000, 170000)).toBe(true)
  })
})

describe('names: one party written two ways', () => {
  test.each<[string, string, boolean]>([
    ['冯海波', '冯海波', true],
    ['冯海波', '杨建国', false],
    ['王先生', '王建国', true],
    ['王先生', '李建国', false],
    ['慈溪市恒达电器有限公司', '恒达电器', true],
    ['慈溪市恒达电器有限公司', '慈溪市金帆家电配件厂', false],
    ['宁波远航五金厂', '宁波远航五金厂', true],
    ['王伟', '王伟民', false],
  ])('%s / %s', (a, b, want) => {
    expect(sameName(a, b)).toBe(want)
    expect(sameName(b, a)).toBe(want)
  })

  test('a company is compared without its region and legal form', () => {
    expect(nameCore('慈溪市恒达电器有限公司')).toBe('恒达电器')
    expect(nameCore('张伟')).toBe('张伟')
  })

  test('a name is known when it is a party or written in the text', () => {
    expect(knownTo('陆华', ['郑波'], '报警人称追尾事故后对方陆华不愿赔偿')).toBe(true)
    expect(knownTo('慈溪市明辉塑料制品厂', [], '反映慈溪市明辉塑料制品厂拖欠工资')).toBe(true)
    expect(knownTo('冯俊杰', ['郑波', '陆华'], '追尾事故后对方陆华不愿赔偿')).toBe(false)
    // 「王先生」 in a text is no evidence of 王建国
    expect(knownTo('王先生', [], '王建国反映')).toBe(false)
  })
})

describe('organisationsIn: the companies a summary names', () => {
  test.each<[string, string[]]>([
    ['劳动者投诉：工厂慈溪市恒达电器有限公司拖欠23名工人工资', ['慈溪市恒达电器有限公司']],
    ['来电人反映工厂宁波远航五金厂拖欠22名工人工资', ['宁波远航五金厂']],
    ['投诉人反映在慈溪市金帆家电配件厂上班时受伤', ['慈溪市金帆家电配件厂']],
    ['工伤赔偿与宁波正信物流有限公司谈不拢', ['宁波正信物流有限公司']],
    ['工地包工头拖欠农民工工资79000元', []],
    // a kind of company is not a company
    ['装修公司收了定金不开工，物业公司也不管', []],
  ])('%s', (text, want) => expect(organisationsIn(text)).toEqual(want))
})

describe('personsIn: the other side a summary names', () => {
  test.each<[string, string[]]>([
    ['报警人称邻居范玲在楼道长期堆放杂物', ['范玲']],
    ['因漏水问题与楼上邻居余海燕发生矛盾', ['余海燕']],
    ['车位被邻居刘雪梅长期占用，发生口角', ['刘雪梅']],
    ['门口停车挡道，与王文杰争吵', ['王文杰']],
    ['借给冯梦婷122000元到期不还', ['冯梦婷']],
    ['追尾事故后对方陆华不愿赔偿', ['陆华']],
    // a clause that opens with the one who refuses or owes
    ['楼上卫生间漏水渗到我家，胡娜不愿维修', ['胡娜']],
    ['民间借贷纠纷，胡欣怡欠款131000元拒不归还', ['胡欣怡']],
    // words for a party that are no names, and names written without a party word
    ['与物业发生冲突，与单位谈不拢，与邻居发生推搡', []],
    ['张伟反映家中被盗', []],
  ])('%s', (text, want) => expect(personsIn(text)).toEqual(want))
})
