import { findPhrase, findWord, isNegated, normaliseText } from './phrases'
import { DEFAULT_RISK_RULES } from './rules'

const NEG = DEFAULT_RISK_RULES.negations
const rule = (phrase: string) => DEFAULT_RISK_RULES.phrases.find((p) => p.phrase === phrase) ?? { phrase, except: [] }
const counts = (text: string, phrase: string) => findPhrase(text, rule(phrase), NEG) >= 0

describe('a phrase counts where a person reading the text would see it', () => {
  it.each([
    ['一方扬言要拼命', '扬言', true],
    ['一方扬言要拼命', '拼命', true],
    ['当事人没有扬言', '扬言', false],
    ['当事人并没有扬言报复', '扬言', false],
    ['当事人并没有扬言报复', '报复', true],
    ['并未扬言', '扬言', false],
    ['否认曾经扬言', '扬言', false],
    ['没有再扬言', '扬言', false],
    ['没说要报复', '报复', false],
    ['他说要报复', '报复', true],
    ['他没有动手，但扬言要拼命', '动手', false],
    ['他没有动手，但扬言要拼命', '扬言', true],
    ['他没有动手，但扬言要拼命', '拼命', true],
    ['没有人受伤', '受伤', false],
    ['无人受伤', '受伤', false],
    ['并未出现打架', '打架', false],
    ['表示以后不会再动手', '动手', false],
    ['未成年人受伤', '受伤', true],
    ['对方未赔偿扬言报复', '扬言', true],
    ['不是没有打架，是打得很凶', '打架', true],
    ['他每天拼命工作还不起债', '拼命', false],
    ['他拼命工作，后来又说要拼命', '拼命', true],
    ['双方情绪激动', '情绪激动', true],
    ['对处理结果不满意', '不满意', true],
    ['对处理结果没有不满意', '不满意', false],
    ['', '扬言', false],
  ])('「%s」 → 「%s」 counts: %s', (text, phrase, expected) => {
    expect(counts(text, phrase)).toBe(expected)
  })

  it('full-width digits and spaces do not hide a phrase', () => {
    expect(normaliseText('３ 幢　４０２')).toBe('3幢402')
    expect(counts('扬 言要拼命', '扬言')).toBe(true)
  })

  it('negation is read from where the phrase starts', () => {
    expect(isNegated('没有扬言', 2, NEG)).toBe(true)
    expect(isNegated('没有扬言', 0, NEG)).toBe(false)
    expect(isNegated('不是没有扬言', 4, NEG)).toBe(false)
  })

  it('an admin-listed exception only excuses the phrase inside it', () => {
    expect(findPhrase('拼命赚钱', { phrase: '拼命', except: ['拼命赚钱'] }, NEG)).toBe(-1)
    expect(findPhrase('拼命赚钱，还说要拼命', { phrase: '拼命', except: ['拼命赚钱'] }, NEG)).toBe(8)
  })

  it('findWord answers the first listed word that counts', () => {
    expect(findWord('七旬老人独居', ['老人', '七旬'], NEG)).toBe('老人')
    expect(findWord('没有老人', ['老人'], NEG)).toBeNull()
  })
})
