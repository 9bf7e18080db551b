import type { z } from 'zod'
import { AppError } from './errors'

/** No request body of ours nests deeper than this; deeper input is refused before anything walks it. */
const MAX_DEPTH = 32

/**
 * Keys starting with `$` or containing `.` never reach a query: they are how operator injection starts.
 * Walks iteratively with a depth cap, so a hostile 100 000-level body is a 400, not a stack overflow.
 */
function findUnsafeInput(input: unknown): { path: string; message: string } | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: input, path: [] }]
  while (stack.length) {
    const { value, path } = stack.pop() as { value: unknown; path: string[] }
    if (!value || typeof value !== 'object') continue
    if (path.length > MAX_DEPTH) return { path: path.slice(0, 3).join('/'), message: `请求内容嵌套超过 ${MAX_DEPTH} 层` }
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value)
    for (const [k, v] of entries) {
      if (!Array.isArray(value) && (k.startsWith('$') || k.includes('.')))
        return { path: [...path, k].join('/'), message: `字段名不合法：${[...path, k].join('/')}` }
      stack.push({ value: v, path: [...path, k] })
    }
  }
  return null
}

/** Parse input at the edge. Failures become 400 VALIDATION_FAILED with the fields that were wrong. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const unsafe = findUnsafeInput(input)
  if (unsafe) throw new AppError('VALIDATION_FAILED', unsafe.message, { fields: [{ path: unsafe.path, message: 'not allowed' }] })
  const result = schema.safeParse(input)
  if (!result.success) {
    const fields = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    const first = fields[0]
    throw new AppError('VALIDATION_FAILED', `请求参数有误：${first.path ? `${first.path} ` : ''}${first.message}`, { fields })
  }
  return result.data
}
