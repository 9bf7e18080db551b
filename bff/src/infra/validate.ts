import type { z } from 'zod'
import { AppError } from './errors'

/** Keys starting with `$` or containing `.` never reach a query: they are how operator injection starts. */
function findUnsafeKey(value: unknown, path: string[] = []): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnsafeKey(value[i], [...path, String(i)])
      if (hit) return hit
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$') || k.includes('.')) return [...path, k].join('/')
      const hit = findUnsafeKey(v, [...path, k])
      if (hit) return hit
    }
  }
  return null
}

/** Parse input at the edge. Failures become 400 VALIDATION_FAILED with the fields that were wrong. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const unsafe = findUnsafeKey(input)
  if (unsafe) throw new AppError('VALIDATION_FAILED', `字段名不合法：${unsafe}`, { fields: [{ path: unsafe, message: 'key not allowed' }] })
  const result = schema.safeParse(input)
  if (!result.success) {
    const fields = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    const first = fields[0]
    throw new AppError('VALIDATION_FAILED', `请求参数有误：${first.path ? `${first.path} ` : ''}${first.message}`, { fields })
  }
  return result.data
}
