/**
 * What the portable subset (docs/database.md#portable-subset) forbids, as patterns over our source.
 * FerretDB 1.24 either rejects these or — worse — silently does something else than MongoDB. Each rule
 * says why.
 */
export interface PortableRule {
  id: string
  pattern: RegExp
  why: string
}

export const PORTABLE_RULES: PortableRule[] = [
  {
    id: 'transactions',
    pattern: /\b(startSession|withTransaction|startTransaction|commitTransaction)\b|\.transaction\(/,
    why: 'no transactions or sessions on FerretDB 1.24',
  },
  { id: 'session-option', pattern: /\bsession\s*:\s*[a-zA-Z]/, why: 'no session option: there are no sessions' },
  { id: 'ttl-index', pattern: /\bexpires\s*:|expireAfterSeconds/, why: 'TTL indexes are not supported: delete expired rows in a periodic job' },
  { id: 'partial-index', pattern: /partialFilterExpression/, why: 'partial indexes are not supported' },
  {
    id: 'text-geo-index',
    pattern: /['"](text|2dsphere|2d|hashed)['"]\s*[}\]]|\$text\b|\$near\b|\$geoWithin\b/,
    why: 'text/geo/hashed indexes and queries are not supported',
  },
  { id: 'lookup', pattern: /\$lookup\b|\$graphLookup\b/, why: '$lookup is not supported: use populate or a second query' },
  { id: 'push-modifiers', pattern: /\$slice\b|\$position\b/, why: '$push with $slice/$position is silently ignored: trim in JS and $set' },
  { id: 'push-sort', pattern: /\$push\s*:\s*\{[^}]*\$sort/, why: '$push with $sort is silently ignored' },
  { id: 'conditional-pull', pattern: /\$pull\s*:\s*\{[^}]*:\s*\{/, why: '$pull with a condition silently does nothing: reassign the array' },
  { id: 'subdoc-pull', pattern: /\.pull\(/, why: 'mongoose subdoc.pull() becomes a conditional $pull: reassign the array' },
  { id: 'positional-update', pattern: /['"][\w.]*\.\$(\[[^\]]*\])?(\.|['"])/, why: 'positional $ / $[] updates are not supported' },
  { id: 'array-filters', pattern: /arrayFilters/, why: 'arrayFilters are not supported' },
  {
    id: 'find-and-modify-projection',
    pattern: /findOneAnd(Update|Delete|Replace)\([^)]*projection/,
    why: 'findAndModify with a projection is rejected (code 238)',
  },
  { id: 'select-false', pattern: /select\s*:\s*false/, why: 'select:false paths make mongoose send a projection with findOneAndX (rejected)' },
  { id: 'collation', pattern: /\bcollation\b/, why: 'collation is not supported: store a normalised field' },
  { id: 'expr-where', pattern: /\$expr\b|\$where\b|\$jsonSchema\b/, why: '$expr/$where/$jsonSchema are not supported' },
  { id: 'change-streams', pattern: /\.watch\(/, why: 'change streams are not supported' },
  { id: 'decimal128', pattern: /Decimal128/, why: 'Decimal128 is not supported: store integer minor units' },
]

/** Lines of `source` that break a rule (comments are skipped: they may explain the rule). */
export function findPortabilityViolations(source: string): Array<{ line: number; rule: PortableRule; text: string }> {
  const hits: Array<{ line: number; rule: PortableRule; text: string }> = []
  source.split('\n').forEach((text, i) => {
    const trimmed = text.trim()
    if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return
    for (const rule of PORTABLE_RULES) if (rule.pattern.test(text)) hits.push({ line: i + 1, rule, text: trimmed })
  })
  return hits
}
