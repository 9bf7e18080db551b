/**
 * Random but plausible people for the demo month: Chinese names (with the common ones common, so
 * two different 王伟 turn up), mobile and landline numbers, valid 慈溪 身份证 numbers.
 */
import { idCheckChar } from '../clean/id-number'

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same month. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Rng = () => number
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]
export const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1))
export const chance = (rng: Rng, p: number) => rng() < p

/** Weighted pick: [[value, weight], …]. */
export function weighted<T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0)
  let r = rng() * total
  for (const [v, w] of items) {
    r -= w
    if (r < 0) return v
  }
  return items[items.length - 1][0]
}

// surnames roughly by frequency: the first ones come up much more often
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢傅钟姜崔陆范汪金方邵俞孔施毛岑胡陶戚'.split('')
const GIVEN_ONE = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲红斌波辉鹏宇浩凯健俊帆'.split('')
const GIVEN_TWO = [
  '建国',
  '秀英',
  '桂芳',
  '海波',
  '立新',
  '德明',
  '美华',
  '建军',
  '海燕',
  '志强',
  '晓东',
  '国平',
  '春燕',
  '丽萍',
  '金龙',
  '永康',
  '雪梅',
  '伟民',
  '文杰',
  '佳怡',
  '子涵',
  '浩然',
  '欣怡',
  '一鸣',
  '俊杰',
  '梦婷',
  '国庆',
  '卫东',
  '红梅',
  '玉兰',
  '宝根',
  '阿大',
  '菊芬',
  '根娣',
  '小军',
  '国芳',
]
/** Names so common that two different people in one street share them (the near misses linking must keep apart). */
export const COMMON_NAMES = ['王伟', '李娜', '张敏', '刘洋', '陈静', '王芳']

export interface DemoPerson {
  id: string
  name: string
  /** the form the numbering plan gives: 13805740101 or 057463012345 */
  phone: string
  idNo?: string
}

export function chineseName(rng: Rng): string {
  if (chance(rng, 0.06)) return pick(rng, COMMON_NAMES)
  const s = SURNAMES[Math.floor(SURNAMES.length * rng() ** 1.6)]
  return s + (chance(rng, 0.3) ? pick(rng, GIVEN_ONE) : pick(rng, GIVEN_TWO))
}

const MOBILE_PREFIXES = [
  '138',
  '139',
  '137',
  '135',
  '136',
  '150',
  '151',
  '158',
  '159',
  '182',
  '187',
  '188',
  '130',
  '131',
  '132',
  '155',
  '156',
  '186',
  '133',
  '153',
  '180',
  '189',
  '177',
]

export function mobile(rng: Rng): string {
  return `${pick(rng, MOBILE_PREFIXES)}${String(int(rng, 0, 9999)).padStart(4, '0')}${String(int(rng, 0, 9999)).padStart(4, '0')}`
}

/** 慈溪 landlines: 0574-63xxxxxx / 0574-58xxxxxx */
export function landline(rng: Rng): string {
  return `0574${pick(rng, ['63', '58', '63', '65'])}${String(int(rng, 0, 999999)).padStart(6, '0')}`
}

/** A valid 18-digit number of someone born in 慈溪 (330282) between 1945 and 2003. */
export function idNumber(rng: Rng): string {
  const y = int(rng, 1945, 2003)
  const m = int(rng, 1, 12)
  const d = int(rng, 1, 28)
  const first17 = `330282${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(int(rng, 0, 999)).padStart(3, '0')}`
  return first17 + idCheckChar(first17)
}

/** The ways people and operators write a number down. */
export function writePhone(rng: Rng, phone: string): string {
  if (phone.startsWith('0')) {
    const area = phone.slice(0, 4)
    const local = phone.slice(4)
    return weighted(rng, [
      [`${area}-${local}`, 4],
      [phone, 2],
      [`(${area})${local}`, 1],
      [local, 2],
      [`+86 ${area.slice(1)} ${local}`, 1],
    ])
  }
  return weighted(rng, [
    [phone, 8],
    [`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`, 2],
    [`${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`, 1],
    [`+86 ${phone}`, 1],
    [`+86${phone}`, 1],
    [`86${phone}`, 1],
    [phone.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), 1],
  ])
}
