import { chineseNumber, cleanName, cleanText, parseAmount, parseCount, splitParties } from './text'

describe('text cleaning', () => {
  test('invisible characters, full-width digits and runs of spaces go; punctuation runs shrink', () => {
    expect(cleanText('  楼上\u200b装修   噪音大！！！ 　２３点还在敲\r\n\r\n')).toBe('楼上装修 噪音大！ 23点还在敲')
  })

  test.each([
    ['王 建 国', { name: '王建国' }],
    ['  李女士（报警人）', { name: '李女士', note: '报警人' }],
    ['张伟13805740101', { name: '张伟', phone: '13805740101' }],
    ['John  Smith', { name: 'John Smith' }],
    ['、赵燕，', { name: '赵燕' }],
  ])('name %s', (raw, expected) => {
    expect(cleanName(raw)).toEqual(expected)
  })

  test('a list of parties keeps their roles', () => {
    expect(splitParties('张伟（申请人）、李强（被申请人）')).toEqual([
      { name: '张伟', role: '申请人' },
      { name: '李强', role: '被申请人' },
    ])
    expect(splitParties('王芳, 陈静；刘洋')).toEqual([{ name: '王芳' }, { name: '陈静' }, { name: '刘洋' }])
  })

  test.each([
    ['86000', 86000],
    ['8.6万元', 86000],
    ['86,000元', 86000],
    ['￥86000.00', 86000],
    ['很多', null],
  ])('amount %s', (raw, v) => expect(parseAmount(raw)).toBe(v))

  test.each([
    ['12人', 12],
    ['12', 12],
    ['十几个', null],
  ])('count %s', (raw, v) => expect(parseCount(raw)).toBe(v))

  test.each([
    ['三', 3],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十一', 21],
    ['一百零五', 105],
    ['两', 2],
    ['三北', null],
  ])('Chinese numeral %s', (s, v) => expect(chineseNumber(s)).toBe(v))
})
