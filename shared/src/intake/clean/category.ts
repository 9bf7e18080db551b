/**
 * A channel's category → our taxonomy: first the channel's own table (profile), then our codes and
 * labels (our forms send codes), then keywords in the category and the text as a fallback. The
 * answer always says how it was found and how sure it is; a guess from keywords is shown as a guess.
 */
import { TASK_CATEGORY_CODES, type TaskCategory } from '../../tasks/constants'
import type { CategoryMapping } from '../profiles'
import { familyOf, TASK_CATEGORY_KINDS, type Taxonomy, type TaxonomyNode } from '../taxonomy'
import { cleanLine } from './text'

export const CATEGORY_CONFIDENT = 0.8

export interface CategoryResult {
  /** the channel's own words */
  raw: string
  code: string
  confidence: number
  confident: boolean
  via: 'table' | 'code' | 'label' | 'keyword' | 'none'
  /** keywords that decided a fallback */
  keywords?: string[]
}

/** The kind a task category stands for when a form sends a task category (网格上报). */
export function nodeForTaskCategory(tax: Taxonomy, category: TaskCategory): string {
  const code = TASK_CATEGORY_KINDS[category]
  return tax.byCode.has(code) ? code : 'other.general'
}

const unify = (s: string) =>
  cleanLine(s, 80)
    .replace(/\s+/g, '')
    .replace(/[－—–/／>＞|_]+/g, '-')
const lastSegment = (s: string) => s.split('-').filter(Boolean).at(-1) ?? s

function result(raw: string, code: string, confidence: number, via: CategoryResult['via'], keywords?: string[]): CategoryResult {
  return { raw, code, confidence, confident: confidence >= CATEGORY_CONFIDENT, via, ...(keywords?.length ? { keywords } : {}) }
}

export function classifyCategory(tax: Taxonomy, table: readonly CategoryMapping[], rawCategory: unknown, text: string): CategoryResult {
  const raw = cleanLine(rawCategory, 80)
  const key = unify(raw)
  if (key) {
    const exact = table.find((t) => unify(t.value) === key && tax.byCode.has(t.code))
    if (exact) return result(raw, exact.code, 1, 'table')
    // a task category (网格上报) first: several are also family codes, and the kind is the better answer
    if ((TASK_CATEGORY_CODES as readonly string[]).includes(raw)) return result(raw, nodeForTaskCategory(tax, raw as TaskCategory), 1, 'code')
    if (tax.byCode.has(raw)) return result(raw, raw, 1, 'code')
    // the same words with another first level (「劳资纠纷」 for 「纠纷-劳资纠纷」)
    const tail = lastSegment(key)
    const partial = table.filter((t) => lastSegment(unify(t.value)) === tail && tax.byCode.has(t.code))
    if (partial.length && new Set(partial.map((p) => p.code)).size === 1) return result(raw, partial[0].code, 0.9, 'table')
    const byLabel = tax.nodes.find((n) => n.label === tail)
    if (byLabel) return result(raw, byLabel.code, 0.9, 'label')
  }
  return classifyByKeywords(tax, raw, text)
}

/**
 * Keywords decide the family first (the one whose words occur most; words in the category count
 * twice as much as words in the text), then the deepest kind and item below it that have words of
 * their own in the text.
 */
export function classifyByKeywords(tax: Taxonomy, raw: string, text: string): CategoryResult {
  const haystack = cleanLine(text, 2000)
  const hitsOf = (node: TaxonomyNode) => node.keywords.filter((k) => raw.includes(k) || haystack.includes(k))
  const weightOf = (words: string[]) => words.reduce((s, k) => s + (raw.includes(k) ? 2 : 1), 0)
  const byFamily = new Map<string, Set<string>>()
  for (const node of tax.nodes) {
    const hits = hitsOf(node)
    if (hits.length) byFamily.set(familyOf(node.code), new Set([...(byFamily.get(familyOf(node.code)) ?? []), ...hits]))
  }
  let family: string | null = null
  let familyWeight = 0
  for (const [code, words] of byFamily) {
    const w = weightOf([...words])
    if (w > familyWeight) {
      family = code
      familyWeight = w
    }
  }
  if (!family || !tax.byCode.has(family)) return result(raw, 'other.general', 0.3, 'none')
  let code = family
  for (;;) {
    let best: { node: TaxonomyNode; weight: number } | null = null
    for (const child of tax.nodes.filter((n) => n.parent === code)) {
      const weight = weightOf(hitsOf(child))
      if (weight && (!best || weight > best.weight)) best = { node: child, weight }
    }
    if (!best) break
    code = best.node.code
  }
  const words = [...(byFamily.get(family) ?? [])]
  const confidence = Math.min(0.75, 0.45 + 0.1 * words.length)
  return result(raw, code, Math.round(confidence * 100) / 100, 'keyword', words)
}

export { familyOf }
