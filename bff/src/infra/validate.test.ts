import { z } from 'zod'
import { AppError } from './errors'
import { parse } from './validate'

const schema = z.object({ name: z.string(), tags: z.array(z.string()).optional() }).strict()

function refusal(input: unknown): AppError {
  try {
    parse(schema, input)
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

describe('parse: input is checked at the edge', () => {
  it('passes valid input through', () => {
    expect(parse(schema, { name: '王丽', tags: ['调解'] })).toEqual({ name: '王丽', tags: ['调解'] })
  })

  it.each([
    [{ name: 'x', $where: '1' }, '$where'],
    [{ name: 'x', tags: [{ $gt: '' }] }, 'tags/0/$gt'],
    [{ name: 'x', 'a.b': 1 }, 'a.b'],
  ])('refuses operator-like keys anywhere (%j)', (input, path) => {
    const e = refusal(input)
    expect(e.code).toBe('VALIDATION_FAILED')
    expect(e.details).toEqual({ fields: [{ path, message: 'not allowed' }] })
  })

  it('refuses unknown keys and wrong types with the field named', () => {
    const e = refusal({ name: 1 })
    expect(e.code).toBe('VALIDATION_FAILED')
    expect(e.message).toMatch(/name/)
  })

  it('a hostile 100 000-level body is a 400, not a stack overflow', () => {
    let deep: unknown = 'x'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const e = refusal({ name: 'x', tags: deep })
    expect(e.code).toBe('VALIDATION_FAILED')
    expect(e.message).toMatch(/嵌套超过 32 层/)
  })
})
