import { normalisePhone } from './phone'

describe('phone numbers are normalised by libphonenumber-js', () => {
  test.each([
    ['13805740101', '13805740101', 'mobile'],
    ['138 0574 0101', '13805740101', 'mobile'],
    ['138-0574-0101', '13805740101', 'mobile'],
    ['+86 13805740101', '13805740101', 'mobile'],
    ['+8613805740101', '13805740101', 'mobile'],
    ['8613805740101', '13805740101', 'mobile'],
    ['１３８０５７４０１０１', '13805740101', 'mobile'],
    ['0574-63012345', '057463012345', 'landline'],
    ['057463012345', '057463012345', 'landline'],
    ['(0574)63012345', '057463012345', 'landline'],
    ['+86 574 63012345', '057463012345', 'landline'],
    ['0086-574-63012345', '057463012345', 'landline'],
  ])('%s → %s (%s)', (raw, national, kind) => {
    const r = normalisePhone(raw)
    expect(r).toMatchObject({ ok: true, national, kind })
  })

  test('a local 8-digit number gets the area code, and says so', () => {
    expect(normalisePhone('63012345')).toMatchObject({ ok: true, national: '057463012345', note: expect.stringContaining('0574') })
    expect(normalisePhone('63012345', '0571')).toMatchObject({ ok: true, national: '057163012345' })
  })

  test('the first of several numbers counts; the others are noted', () => {
    expect(normalisePhone('13805740101/0574-63012345')).toMatchObject({ ok: true, national: '13805740101', note: expect.stringContaining('0574-63012345') })
  })

  test.each([
    ['1380574010', '不是有效的电话号码'],
    ['110', '服务号码'],
    ['12345', '服务号码'],
    ['abc', '不是有效的电话号码'],
    ['', '号码为空'],
    ['+1 415 555 0100', '不是有效的电话号码'],
  ])('%s is refused: %s', (raw, reason) => {
    const r = normalisePhone(raw)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain(reason)
  })
})
