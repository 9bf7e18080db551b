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
  /** a leaf of the taxonomy (停车纠纷, 装修噪音, 工伤纠纷 …) */
  code: string
  label: string
}

/**
 * The one specific matter a record's text names: the single leaf of the taxonomy (a node without
 * children: 停车纠纷, 装修噪音, 工伤纠纷 …) in its category's family whose own words occur in the text —
 * 110 files 「邻里纠纷」, the summary says 「因停车问题」. None when no leaf's words occur, when the words
 * of two leaves do (「漏水还堵了楼道」 is not evidence of either alone), or when the record's category is
 * itself another leaf (the channel and the text disagree: neither is evidence).
 */
export function matterOf(tax: Taxonomy, category: string, text: string): Matter | undefined {
  const family = familyOf(category)
  if (!text || family === 'other' || !tax.byCode.has(category)) return undefined
  const parents = new Set(tax.nodes.map((n) => n.parent).filter(Boolean))
  const hits = tax.nodes.filter((n) => n.parent && familyOf(n.code) === family && !parents.has(n.code) && n.keywords.some((k) => k && text.includes(k)))
  if (hits.length !== 1) return undefined
  if (!parents.has(category) && hits[0].code !== category) return undefined
  return { code: hits[0].code, label: hits[0].label }
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
const NOT_PERSONS = new Set(['单位', '物业', '老板', '社区', '村里', '商家', '房东', '公司', '对方', '邻居', '丈夫', '妻子'])

/**
 * The people a summary names as the other side: a surname and one or two characters right after a
 * word for a party (「邻居范玲在楼道…」「与王文杰争吵」「借给冯梦婷…」) and before the sentence goes on.
 * A pattern, not a name recogniser: a name written any other way is simply not found (no evidence).
 */
export function personsIn(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(PERSON)) if (!NOT_PERSONS.has(m[1]) && !out.includes(m[1])) out.push(m[1])
  return out
}

/** Whether a name is one of `names` or written in `text` (the 110 summary 「与邻居范玲争吵」). */
export function knownTo(name: string, names: readonly string[], text: string): boolean {
  const core = nameCore(name)
  if (core.length >= 2 && !HONORIFIC.test(core) && text.includes(core)) return true
  return names.some((n) => sameName(name, n))
}
