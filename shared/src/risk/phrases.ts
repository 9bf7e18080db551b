/**
 * Finding risk phrases in free text, the way a person reads it: 「扬言要拼命」 is a threat, 「没有扬言」
 * is not, 「拼命工作」 is not (an exception the admin lists with the phrase), 「不是没有打架」 is
 * (two negations cancel).
 *
 * A phrase is negated when a negation word ends right before it — directly, or with at most two
 * filler words between them (「没有人受伤」, 「并未出现打架」, 「没说要报复」). Anything else between
 * them breaks the link (「未赔偿扬言报复」 is a threat: 「赔偿」 is not a filler), and so does
 * punctuation (「他没有动手，但扬言要拼命」: 动手 is negated, 扬言 and 拼命 are not).
 */
import type { PhraseRule } from './rules'

/** Words that may stand between a negation and the phrase it negates (not admin-edited: grammar, not policy). */
export const NEGATION_FILLERS = [
  '出现',
  '发生',
  '任何',
  '曾经',
  '真的',
  '当场',
  '打算',
  '有',
  '再',
  '曾',
  '要',
  '说',
  '人',
  '过',
  '被',
  '会',
  '想',
  '敢',
  '能',
  '去',
  '又',
]

/** The same few texts are read for every phrase of the rules: normalise each once (bounded, cleared when full). */
const normalised = new Map<string, string>()

/** Full-width letters and digits to plain ones, spaces dropped: 「３　幢」 and 「3幢」 read the same. */
export function normaliseText(text: string): string {
  const known = normalised.get(text)
  if (known !== undefined) return known
  if (normalised.size > 20_000) normalised.clear()
  const out = normaliseUncached(text)
  normalised.set(text, out)
  return out
}

function normaliseUncached(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => (/[０-９Ａ-Ｚａ-ｚ]/.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0xfee0) : c)).replace(/[ \t\u3000]+/g, '')
}

/** Index where the longest word of `words` ending exactly at `end` starts, or -1. */
function wordEndingAt(text: string, end: number, words: readonly string[]): number {
  let best = -1
  for (const w of words) {
    if (w && end - w.length >= 0 && text.startsWith(w, end - w.length) && (best === -1 || end - w.length < best)) best = end - w.length
  }
  return best
}

/** Skips filler words backwards from `end` (at most two), staying inside the clause. */
function skipFillers(text: string, end: number): number[] {
  const stops = [end]
  let at = end
  for (let i = 0; i < 2; i++) {
    const start = wordEndingAt(text, at, NEGATION_FILLERS)
    if (start < 0) break
    at = start
    stops.push(at)
  }
  return stops
}

/** Is the phrase starting at `index` negated (an odd number of negations chained right before it)? */
export function isNegated(text: string, index: number, negations: readonly string[]): boolean {
  for (const stop of skipFillers(text, index)) {
    const start = wordEndingAt(text, stop, negations)
    if (start < 0) continue
    // 「不是没有」: a negation right before the negation cancels it
    const outer = wordEndingAt(text, start, negations)
    return outer < 0
  }
  return false
}

/** Does the occurrence of `rule.phrase` at `index` sit inside one of its harmless expressions? */
function insideException(text: string, index: number, rule: Pick<PhraseRule, 'phrase' | 'except'>): boolean {
  for (const e of rule.except) {
    const offset = e.indexOf(rule.phrase)
    if (offset >= 0 && text.startsWith(e, index - offset)) return true
  }
  return false
}

/** The first occurrence of the phrase that counts (not negated, not an exception), or -1. */
export function findPhrase(text: string, rule: Pick<PhraseRule, 'phrase' | 'except'>, negations: readonly string[]): number {
  const t = normaliseText(text)
  let from = 0
  for (;;) {
    const i = t.indexOf(rule.phrase, from)
    if (i < 0) return -1
    if (!insideException(t, i, rule) && !isNegated(t, i, negations)) return i
    from = i + 1
  }
}

/** Does any of `words` occur in `text`, not negated? Answers the word found. */
export function findWord(text: string, words: readonly string[], negations: readonly string[]): string | null {
  for (const w of words) if (findPhrase(text, { phrase: w, except: [] }, negations) >= 0) return w
  return null
}
