import { idCheckChar, maskIdNumber, validateIdNumber } from './id-number'

const now = new Date('2026-12-01T00:00:00Z')

describe('居民身份证 numbers are validated by their check character', () => {
  test('the published example has check character X', () => {
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(validateIdNumber('11010519491231002X', now)).toMatchObject({ ok: true, value: '11010519491231002X', birth: '19491231', sex: 'female' })
  })

  test.each([
    ['330282196502143626', true],
    ['33028219710405602x', true],
    [' 3302 8219 6502 1436 26 ', true],
    ['330282196502143622', false],
    ['330282196502303626', false],
    ['930282196502143626', false],
    ['33028219650214362', false],
    ['330282202701013626', false],
  ])('%s valid: %s', (raw, valid) => {
    const r = validateIdNumber(raw, now)
    expect(r.ok).toBe(valid)
  })

  test('a wrong check character names the right one', () => {
    const r = validateIdNumber('330282196502143622', now)
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('校验位不符（应为 6）') })
  })

  test('a 15-digit number is converted to 18 digits and noted', () => {
    const r = validateIdNumber('330282650214362', now)
    expect(r).toMatchObject({ ok: true, value: `33028219650214362${idCheckChar('33028219650214362')}`, note: expect.stringContaining('15 位') })
  })

  test('masking keeps the first and last four', () => {
    expect(maskIdNumber('330282196502143626')).toBe('3302**********3626')
  })
})
