/**
 * The citizen's side (公众侧): the pure rules both the BFF and the public app use — categories in plain
 * words, the case code, the public milestones and their wording, the login limits, 回访 answers.
 */
import type { TaskCategory } from '../tasks/constants'

/** What a citizen picks: plain words, each standing for a taxonomy kind and a task category. */
export const PUBLIC_CATEGORIES = [
  { code: 'neighbour', label: '邻居之间的矛盾', hint: '漏水、堆物、停车、宠物', taxonomy: 'neighbour.general', task: 'neighbour' },
  { code: 'noise', label: '噪音扰民', hint: '装修、广场舞、夜间吵闹', taxonomy: 'neighbour.noise', task: 'noise' },
  { code: 'family', label: '家里的事', hint: '婚姻、赡养老人、分家、继承', taxonomy: 'family.household', task: 'family' },
  { code: 'wages', label: '工资被拖欠', hint: '老板、包工头不给工钱', taxonomy: 'labour.wages', task: 'wages' },
  { code: 'labour', label: '工作上的纠纷', hint: '辞退、工伤、社保、加班', taxonomy: 'labour.dispute', task: 'labour' },
  { code: 'debt', label: '借钱、欠款、合同', hint: '借了不还、房租、定金', taxonomy: 'economic.debt', task: 'debt' },
  { code: 'consumer', label: '买东西、消费', hint: '退款、质量、预付卡', taxonomy: 'economic.consumer', task: 'consumer' },
  { code: 'property', label: '物业、小区管理', hint: '物业费、电梯、维修', taxonomy: 'property.service', task: 'property' },
  { code: 'land', label: '土地、宅基地、拆迁', hint: '建房、地界、补偿', taxonomy: 'land.homestead', task: 'land' },
  { code: 'traffic', label: '交通事故', hint: '剐蹭、电动车相撞', taxonomy: 'traffic.accident', task: 'traffic' },
  { code: 'other', label: '其他', hint: '不知道选哪个就选这里', taxonomy: 'other.general', task: 'other' },
] as const satisfies ReadonlyArray<{ code: string; label: string; hint: string; taxonomy: string; task: TaskCategory }>

export type PublicCategory = (typeof PUBLIC_CATEGORIES)[number]['code']
export const PUBLIC_CATEGORY_CODES = PUBLIC_CATEGORIES.map((c) => c.code) as [PublicCategory, ...PublicCategory[]]

export function publicCategory(code: PublicCategory) {
  return PUBLIC_CATEGORIES.find((c) => c.code === code) ?? PUBLIC_CATEGORIES[PUBLIC_CATEGORIES.length - 1]
}

/**
 * 一案一码: `GZ` + 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so a code read
 * aloud at the desk or typed from a phone screen is typed right. 31^8 ≈ 8.5e11 codes: not guessable
 * in bulk, and a code alone opens nothing for a citizen (only their own login does).
 */
export const CASE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const CASE_CODE_PATTERN = /^GZ[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/

export function caseCodeFrom(randomBytes: Uint8Array): string {
  if (randomBytes.length < 8) throw new Error('a case code needs 8 random bytes')
  let out = 'GZ'
  for (let i = 0; i < 8; i++) out += CASE_CODE_ALPHABET[randomBytes[i] % CASE_CODE_ALPHABET.length]
  return out
}

/** What a citizen or the desk typed, as a code: upper case, spaces and dashes dropped. */
export function normaliseCaseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '')
}

/** The public milestones, in order. Only these ever reach a citizen. */
export const MILESTONES = ['filed', 'accepted', 'assigned', 'mediating', 'closed'] as const
export type Milestone = (typeof MILESTONES)[number]

export const MILESTONE_LABELS: Record<Milestone, string> = {
  filed: '已提交',
  accepted: '已受理',
  assigned: '已分派',
  mediating: '调解中',
  closed: '已办结',
}

/** The result of a closed case in plain words (from the task's closure code; nothing internal). */
export const PUBLIC_RESULTS: Record<string, string> = {
  resolved: '问题已解决',
  mediated: '调解成功，双方达成一致',
  duplicate: '与您的另一件事一并处理',
  transferred: '已转交有关部门处理',
  unreachable: '多次联系未能联系上您，如仍需帮助请重新提交',
  litigation: '已建议通过诉讼等法律途径解决',
  withdrawn: '您已撤回',
  invalid: '经核实不属于受理范围',
  other: '已办结',
}

export function milestoneText(m: Milestone, detail?: { unit?: string; result?: string }): string {
  switch (m) {
    case 'filed':
      return '您的诉求已提交，工作人员会尽快受理。'
    case 'accepted':
      return '社会治理中心已受理您的诉求。'
    case 'assigned':
      return detail?.unit ? `已分派至${detail.unit}办理。` : '已分派给工作人员办理。'
    case 'mediating':
      return '调解员已开始调解，请保持电话畅通。'
    case 'closed':
      return `已办结：${detail?.result ?? PUBLIC_RESULTS.other}。`
  }
}

/** The centre's decisions on a lead that end it without a task (研判: 退回 / 移交 / 不予受理 / 已化解). */
export type LeadDecision = 'returned' | 'transferred' | 'refused' | 'resolved'

export interface PublicLeadOutcome {
  /** 已受理 comes before 已办结 (not for 不予受理: the centre did not take it on) */
  accepted: boolean
  /** the 已办结 result in plain words */
  result: string
  /** a 回访 follows: the centre's own outcome (化解, or its refusal — the citizen may dispute it);
   * not for a matter handed to another authority, whose work is not ours to rate */
  followup: boolean
}

/** A decision's free text as a citizen may read it: numbers of people (phones, ID cards) cut out, one line, short. */
export function publicText(text: string | undefined, max: number): string {
  const clean = (text ?? '')
    .replace(/\d{17}[\dXx]|\d{15}/g, '')
    .replace(/(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}/g, '')
    .replace(/0\d{2,3}[- ]?\d{7,8}|\d{7,8}/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[，,；;：:\s]+$/, '')
    .trim()
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean
}

/** Who a matter went to, in a citizen's words: 110 is 公安机关（110）. */
function unitWords(to: string | undefined): string {
  const unit = publicText(to, 30)
  if (!unit || /^110$|公安|派出所|警/.test(unit)) return '公安机关（110）'
  return unit
}

/**
 * What a citizen reads when the lead their filing is in ends without a task. Only what is theirs to
 * know: the unit it went to and, for a refusal, the reason given (the reason that also goes back to a
 * source channel); never the 已化解 notes (staff write who did what there).
 */
export function leadDecisionOutcome(decision: LeadDecision, detail: { to?: string; reason?: string } = {}): PublicLeadOutcome {
  switch (decision) {
    case 'resolved':
      return { accepted: true, result: '经核实，问题已化解', followup: true }
    case 'returned':
    case 'transferred':
      return { accepted: true, result: `已移交至${unitWords(detail.to)}处理，请留意他们的联系`, followup: false }
    case 'refused': {
      const reason = publicText(detail.reason, 60)
      return { accepted: false, result: `不予受理（${reason || '不属于本中心受理范围'}）`, followup: true }
    }
  }
}

/** Login by SMS code: one code at a time, 5 minutes, and what one number / one address may do. */
export const LOGIN_LIMITS = {
  codeTtlMs: 5 * 60_000,
  codeLength: 6,
  /** wrong codes before the code is void (a new one must be asked for) */
  attemptsPerCode: 5,
  /** a number gets a new code at most once a minute … */
  resendAfterMs: 60_000,
  /** … and at most this many an hour and a day */
  sendsPerNumberHour: 5,
  sendsPerNumberDay: 10,
  /** one address (a shared Wi-Fi, a 4G gateway) asks for many numbers, but not for a whole list */
  sendsPerAddressHour: 30,
  /** wrong codes from one address an hour, whichever numbers */
  failuresPerAddressHour: 30,
} as const

/**
 * Photos a citizen attaches to a filing or a question: the page shrinks them first (long side 1600 px,
 * JPEG 0.8: a few hundred KB), so these are generous for people and tight for a script. The hour and day
 * limits are the defaults of PUBLIC_PHOTOS_PER_HOUR / PUBLIC_PHOTO_MB_PER_DAY.
 */
export const CITIZEN_PHOTO_LIMITS = {
  perFiling: 6,
  perHour: 30,
  mbPerDay: 60,
  /** the page's shrink: long side and JPEG quality */
  longSide: 1600,
  jpegQuality: 0.8,
} as const

/** 回访: the three answers. */
export const RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const
export type Rating = (typeof RATINGS)[number]
export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' }

/** 满意率 counts 满意 and 基本满意 as satisfied (the usual 12345 rule). */
export const countsAsSatisfied = (r: Rating) => r !== 'unsatisfied'

/** No answer this long after the case closed: a phone 回访 goes into the staff queue. */
export const PHONE_FOLLOWUP_AFTER_MS = 3 * 24 * 3_600_000
/** The one-time rating link is good for this long (the phone 回访 can still record a rating after). */
export const RATING_LINK_TTL_MS = 30 * 24 * 3_600_000

/** 法律咨询: answered within this long (the queue shows what is late). */
export const CONSULTATION_SLA_MS = 2 * 24 * 3_600_000
