import { recordKeysFor } from './search'

describe('recordKeysFor', () => {
  test.each([
    ['a case code typed in lower case with spaces', 'gz23 45 6789', 'public:GZ23456789'],
    ['a case code read out with dashes', 'GZ-2345-6789', 'public:GZ23456789'],
    ['a 110 警情编号 as printed', 'J33028220261120000001', '110:J33028220261120000001'],
    ['a 110 警情编号 typed in lower case', 'j33028220261120000001', '110:J33028220261120000001'],
    ['a 12345 工单编号 with a space', 'NB2026 112000001', '12345:NB2026112000001'],
    ['a whole key pasted', '12345:NB2026112000001', '12345:NB2026112000001'],
  ])('%s', (_, typed, key) => {
    expect(recordKeysFor(typed)).toContain(key)
  })

  test('a pasted key means only its channel', () => {
    expect(recordKeysFor('110:J1234').every((k) => k.startsWith('110:'))).toBe(true)
  })

  test.each([
    ['too short to be a number', 'ab'],
    ['empty', '   '],
    ['operator characters', 'a$ne:1'],
  ])('nothing for %s', (_, typed) => {
    expect(recordKeysFor(typed)).toEqual([])
  })
})
