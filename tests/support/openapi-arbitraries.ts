/**
 * fast-check arbitraries from the BFF's OpenAPI document (the JSON Schema subset zod emits): values that follow a
 * schema, and values that break it in the ways clients do — a wrong type, a missing or extra key, keys that
 * look like query operators, huge or deeply nested values, strings full of odd characters.
 */
import fc from 'fast-check'

export type Schema = {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: boolean | Schema
  propertyNames?: Schema
  items?: Schema
  minItems?: number
  maxItems?: number
  enum?: unknown[]
  const?: unknown
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  default?: unknown
}

export type Components = Record<string, Schema>

const resolve = (s: Schema, components: Components): Schema => {
  if (!s.$ref) return s
  const name = s.$ref.replace('#/components/schemas/', '')
  const target = components[name]
  if (!target) throw new Error(`unknown $ref ${s.$ref}`)
  return resolve(target, components)
}

/** Odd but printable text: Chinese, emoji, quotes, control-ish characters, operators. */
const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '$where',
    'a.b',
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\u0000',
    '😀',
    '邻里纠纷',
    "' OR 1=1 --",
    '{"$gt":""}',
  ),
)

function stringFor(s: Schema): fc.Arbitrary<string> {
  if (s.enum) return fc.constantFrom(...(s.enum as string[]))
  if (s.format === 'uuid') return fc.uuid()
  if (s.format === 'date-time') return fc.date({ min: new Date('2024-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
  if (s.pattern) {
    const re = new RegExp(s.pattern)
    return fc.stringMatching(re).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? 10_000))
  }
  return fc.string({ unit: 'grapheme', minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 60, 80) }).filter((v) => v.length >= (s.minLength ?? 0))
}

function numberFor(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-6) : -1e6)
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-6) : 1e6)
  return integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
}

/** Values that follow `schema`. */
export function valid(schema: Schema, components: Components, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, components)
  if (s.const !== undefined) return fc.constant(s.const)
  if (s.enum) return fc.constantFrom(...s.enum)
  const alternatives = s.anyOf ?? s.oneOf
  if (alternatives) return fc.oneof(...alternatives.map((a) => valid(a, components, depth + 1)))
  if (s.allOf?.length) return valid(s.allOf[0], components, depth + 1)
  const type = Array.isArray(s.type) ? s.type[0] : s.type
  switch (type) {
    case 'string':
      return stringFor(s)
    case 'integer':
      return numberFor(s, true)
    case 'number':
      return numberFor(s, false)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(depth > 4 ? fc.constant(null) : valid(s.items ?? {}, components, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, 6),
      })
    case 'object': {
      if (!s.properties) {
        const values = typeof s.additionalProperties === 'object' ? valid(s.additionalProperties, components, depth + 1) : fc.jsonValue({ maxDepth: 1 })
        const keys = s.propertyNames ? (valid(s.propertyNames, components, depth + 1) as fc.Arbitrary<string>) : fc.string({ minLength: 1, maxLength: 12 })
        return fc.dictionary(keys, values, { maxKeys: 4 })
      }
      const required = new Set(s.required ?? [])
      const shape: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, v] of Object.entries(s.properties)) shape[k] = depth > 5 ? fc.constant(undefined) : valid(v, components, depth + 1)
      return fc.record(shape, { requiredKeys: [...required].filter((k) => k in shape) })
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

/** Values that break `schema` one way or another (and sometimes whole nonsense). */
export function invalid(schema: Schema, components: Components): fc.Arbitrary<unknown> {
  const s = resolve(schema, components)
  const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), oddText, fc.array(fc.integer(), { maxLength: 3 }), fc.double())
  const nonsense = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom({ $where: '1' }, { 'a.b': 1 }, JSON.parse('{"__proto__":{"admin":true}}'), [], '', 0, null, 'x'.repeat(70_000)),
    fc.integer({ min: 1, max: 3000 }).map((n) => JSON.parse(`${'['.repeat(n)}${']'.repeat(n)}`)),
  )
  if (s.type !== 'object' || !s.properties) return fc.oneof(wrongType, nonsense)
  const keys = Object.keys(s.properties)
  if (!keys.length) return fc.oneof(wrongType, nonsense, fc.constant({ unexpectedKey: 1 }))
  const base = valid(s, components) as fc.Arbitrary<Record<string, unknown>>
  const mutated = fc
    .tuple(base, fc.constantFrom(...keys), wrongType, fc.constantFrom('drop', 'retype', 'extra', 'operator', 'huge'))
    .map(([obj, key, bad, how]) => {
      const o = { ...(obj ?? {}) }
      if (how === 'drop') delete o[key]
      else if (how === 'retype') o[key] = bad
      else if (how === 'extra') o.unexpectedKey = bad
      else if (how === 'operator') o[key] = { $gt: '' }
      else o[key] = '长'.repeat(20_000)
      return o
    })
  return fc.oneof({ arbitrary: mutated, weight: 3 }, { arbitrary: wrongType, weight: 1 }, { arbitrary: nonsense, weight: 1 })
}
