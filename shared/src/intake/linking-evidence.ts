/**
 * What a record says about *which* incident it is, beyond who called and where: the specific matter
 * its text is about (停车 / 装修噪音 / 漏水 …) and the other side it names. Linking (linking.ts) uses
 * them as evidence against joining: the same caller about another matter, or against another person,
 * within the same-incident window, is a new incident — a repeat, not the same lead.
 *
 * Both are read conservatively: no matter when the text names none or several; no other side unless
 * the channel has a column for it (对方当事人, 被申请人, 用人单位). Without evidence nothing changes.
 */
import { familyOf, type Taxonomy } from './taxonomy'

/** The name cleaning gives a party who left none (a phone only). */
export const UNNAMED = '未留姓名'

/** The roles a cleaned record gives the other side (clean/record.ts ROLES and 「（被申请人）」 lists). */
export const COUNTERPART_ROLES: readonly string[] = ['对方当事人', '被申请人', '用人单位']

export interface Matter {
  /** a node of the taxonomy below the family (停车纠纷, 装修噪音, 婚姻纠纷 …) */
  code: string
  label: string
  /**
   * Every matter the record could be about, when more than one: the text names two (「漏水还堵了楼道」),
   * or the channel's category is another specific matter than the text's (消费维权, 「装修公司收了定金」).
   */
  codes?: string[]
}

/** The words of a node that its family and kind do not already have (邻里纠纷's 「邻居」 is the family's word). */
function ownWords(tax: Taxonomy, code: string): string[] {
  const inherited = new Set<string>()
  for (let p = tax.byCode.get(code)?.parent; p; p = tax.byCode.get(p)?.parent) for (const k of tax.byCode.get(p)?.keywords ?? []) inherited.add(k)
  return (tax.byCode.get(code)?.keywords ?? []).filter((k) => k && !inherited.has(k))
}

/** One matter within the other (婚姻纠纷 and 家庭暴力) or the same: not two matters. */
export const sameMatter = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)

/** Whether two records' matters can be one: some matter of one is, or lies within, some matter of the other. */
export function mattersMeet(a: Matter, b: Matter): boolean {
  const xs = a.codes ?? [a.code]
  const ys = b.codes ?? [b.code]
  return xs.some((x) => ys.some((y) => sameMatter(x, y)))
}

/**
 * The specific matter a record's text names: the leaves of the taxonomy (a node without children:
 * 停车纠纷, 装修噪音, 工伤纠纷 …) in its category's family whose own words occur in the text — 110
 * files 「邻里纠纷」, the summary says 「因停车问题」; when no leaf's words occur, the kinds (婚姻纠纷,
 * 拖欠工资 …) whose own words do (「要求离婚」). Words the family already has (「邻居」「夫妻」) name
 * no matter. When the record's category is itself a leaf the text does not name, that is a
 * possibility too (`codes`). None when the text names nothing: the category alone is not evidence.
 */
export function matterOf(tax: Taxonomy, category: string, text: string): Matter | undefined {
  const family = familyOf(category)
  if (!text || family === 'other' || !tax.byCode.has(category)) return undefined
  const parents = new Set(tax.nodes.map((n) => n.parent).filter(Boolean))
  const inFamily = tax.nodes.filter((n) => n.parent && familyOf(n.code) === family)
  const named = (n: { code: string }) => ownWords(tax, n.code).some((k) => text.includes(k))
  let hits = inFamily.filter((n) => !parents.has(n.code) && named(n))
  if (!hits.length) hits = inFamily.filter((n) => parents.has(n.code) && named(n))
  if (!hits.length) return undefined
  const all = [...hits]
  // a category that is itself a specific matter (消费纠纷) the text does not name: that may be it too
  const cat = tax.byCode.get(category)
  if (cat?.parent && !parents.has(cat.code) && !hits.some((h) => sameMatter(h.code, category))) all.push(cat)
  return {
    code: all[0].code,
    label: all.map((n) => n.label).join('或'),
    ...(all.length > 1 ? { codes: all.map((n) => n.code) } : {}),
  }
}

const HONORIFIC = /^(.)(先生|女士|小姐|师傅|阿姨|大爷|某某?)$/
const REGION = /^(浙江省)?(宁波市)?(慈溪市)?/
const LEGAL = /(股份)?(有限责任公司|有限公司|公司|厂|劳务队|工作室|经营部|商行|店)$/

/** A name as compared: a company without its region and legal form (恒达电器), a person as written. */
export function nameCore(name: string): string {
  const s = name.replace(/\s+/g, '')
  const company = s.replace(REGION, '').replace(LEGAL, '')
  return company.length >= 2 && company !== s ? company : s
}

/** Two ways of naming one party: equal, 「王先生」 for 王建国, or one company name inside the other. */
export function sameName(a: string, b: string): boolean {
  const x = nameCore(a)
  const y = nameCore(b)
  if (x.length < 2 || y.length < 2) return false
  if (x === y) return true
  const hx = x.match(HONORIFIC)
  const hy = y.match(HONORIFIC)
  if (hx && !hy) return y.startsWith(hx[1])
  if (hy && !hx) return x.startsWith(hy[1])
  // company names: 「恒达电器」 inside 「慈溪恒达电器」; person names of 2–3 characters must be equal
  return (x.length >= 4 || y.length >= 4) && (x.includes(y) || y.includes(x))
}

const GENERIC_WORKS = /工厂|厂家|厂里|厂房|厂区|公司里/g
const ORGANISATION = /[\u4e00-\u9fa5]{2,30}?(?:有限责任公司|有限公司|公司|劳务队|厂)/g
// the words before a name in an operator's sentence: 「反映」「投诉」「在…上班」「与…谈不拢」
const LEAD_IN = /^.*(?:反映|投诉|诉称|报警称|称|在|与|被|向|到|是)/

/**
 * The companies a text names (「反映慈溪市明辉塑料制品厂拖欠工资」 → 慈溪市明辉塑料制品厂): a run of
 * characters ending in a legal form, without the sentence's lead-in words, with at least four of its
 * own besides region and legal form. A 110 or 12345 summary
 * has no column for the employer; the text is where it is written.
 */
export function organisationsIn(text: string): string[] {
  const out: string[] = []
  for (const m of text.replace(GENERIC_WORKS, '，').matchAll(ORGANISATION)) {
    const name = m[0].replace(LEAD_IN, '')
    // 「装修公司」「物业公司」 say what kind, not which one
    if (nameCore(name).length >= 4 && !out.some((o) => sameName(o, name))) out.push(name)
  }
  return out
}

// the commonest surnames (enough for the names a summary writes after 「邻居」「对方」「与」)
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤傅'
const PARTY_WORD = '(?:邻居|住户|对方|借给|与|丈夫|妻子|儿子|女儿|兄弟|姐妹|楼上|楼下|隔壁|楼顶)'
const AFTER_NAME = '(?=家|发生|争吵|长期|拒绝|不|欠款|借钱|建房|在|的|养|因|之间|新建|[，。、；,.;0-9])'
const PERSON = new RegExp(`${PARTY_WORD}([${SURNAMES}][\\u4e00-\\u9fa5]{1,2}?)${AFTER_NAME}`, 'g')
// the subject of a clause that refuses or owes (「渗到我家，胡娜不愿维修」「纠纷，杨欣怡欠款98000元」): the other side
const REFUSER = new RegExp(`(?:^|[，。；,;：:])([${SURNAMES}][\\u4e00-\\u9fa5]{1,2}?)(?=不愿|拒绝|拒不|欠款|欠钱|借钱后|不肯|不还)`, 'g')
const NOT_PERSONS = new Set(['单位', '物业', '老板', '社区', '村里', '商家', '房东', '公司', '对方', '邻居', '丈夫', '妻子'])

/**
 * The people a summary names as the other side: a surname and one or two characters right after a
 * word for a party (「邻居范玲在楼道…」「与王文杰争吵」「借给冯梦婷…」) and before the sentence goes on,
 * or opening a clause that refuses or owes (「…渗到我家，胡娜不愿维修」「…纠纷，杨欣怡欠款…」).
 * A pattern, not a name recogniser: a name written any other way is simply not found (no evidence).
 */
export function personsIn(text: string): string[] {
  const out: string[] = []
  for (const re of [PERSON, REFUSER]) for (const m of text.matchAll(re)) if (!NOT_PERSONS.has(m[1]) && !out.includes(m[1])) out.push(m[1])
  return out
}

/** Whether a name is one of `names` or written in `text` (the 110 summary 「与邻居范玲争吵」). */
export function knownTo(name: string, names: readonly string[], text: string): boolean {
  const core = nameCore(name)
  if (core.length >= 2 && !HONORIFIC.test(core) && text.includes(core)) return true
  return names.some((n) => sameName(name, n))
}

/** What a record says in figures: the sum in dispute (yuan) and how many people are involved. */
export interface Figures {
  amount?: number
  count?: number
}

const AMOUNT = /(\d+(?:\.\d+)?)\s*(万)?元/g
const COUNT = /(\d{1,5})\s*(?:名|个|位)(?=[\u4e00-\u9fa5]{0,3}(?:工人|农民工|员工|职工|人))|(\d{1,5})\s*人/g

/**
 * The figures of a record: its own columns (欠薪金额, 涉及人数) where it has them, else the single
 * sum and the single head count its text writes (「拖欠农民工工资170000元」「27名农民工讨薪」). A text
 * with two different sums or counts gives none of that kind (no evidence).
 */
export function figuresOf(text: string, columns: Figures = {}): Figures {
  const single = (xs: number[]) => (xs.length && xs.every((x) => x === xs[0]) ? xs[0] : undefined)
  const amount = columns.amount ?? single([...text.matchAll(AMOUNT)].map((m) => Math.round(Number(m[1]) * (m[2] ? 10_000 : 1))))
  const count = columns.count ?? single([...text.matchAll(COUNT)].map((m) => Number(m[1] ?? m[2])))
  return { ...(amount ? { amount } : {}), ...(count ? { count } : {}) }
}

/** Two sums (or counts) that cannot be the same one written twice: more than 5 % apart. */
export const figuresDiffer = (a: number, b: number) => Math.abs(a - b) > 0.05 * Math.max(a, b)
