/**
 * The 人民调解协议书 (mediation agreement) as content: the BFF renders it into a .docx, the mini-app
 * previews the same lines. Parties come from the task, terms from the outcome, mediators from the team.
 */
import type { PartyRef } from './conflicts'

export interface AgreementInput {
  /** the task number: the agreement's number is derived from it */
  taskNo: string
  organisation: string
  parties: Array<Pick<PartyRef, 'name' | 'role'>>
  facts: string
  terms: string[]
  performance?: string
  mediators: string[]
  /** China-time day of the outcome, 2026-11-27 */
  date: string
}

export interface AgreementContent {
  title: string
  number: string
  parties: string[]
  facts: string
  terms: string[]
  performance: string
  closing: string
  signatures: { parties: string[]; mediators: string[]; organisation: string }
  date: string
}

const DEFAULT_ROLES = ['申请人', '被申请人']

/** 2026-11-27 → 二〇二六年十一月二十七日 (how agreements are dated). */
export function chineseDate(day: string): string {
  const digits = '〇一二三四五六七八九'
  const [y, m, d] = day.split('-').map(Number)
  const small = (n: number) =>
    n < 10 ? digits[n] : n === 10 ? '十' : n < 20 ? `十${digits[n - 10]}` : `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`
  return `${String(y)
    .split('')
    .map((c) => digits[Number(c)])
    .join('')}年${small(m)}月${small(d)}日`
}

export function agreementContent(a: AgreementInput): AgreementContent {
  const parties = a.parties.map((p, i) => `${p.role || DEFAULT_ROLES[i] || '当事人'}：${p.name}`)
  const copies = a.parties.length + 1
  return {
    title: '人民调解协议书',
    number: `${a.taskNo.replace(/^JQ/, '')}调`,
    parties,
    facts: a.facts,
    terms: a.terms.map((t, i) => `${i + 1}. ${t.replace(/^\s*\d+[.、．]\s*/, '')}`),
    performance: a.performance?.trim() || '按上述协议内容履行。',
    closing: `本协议经各方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章后生效。本协议一式 ${copies} 份，当事人各执一份，${a.organisation}留存一份。`,
    signatures: {
      parties: a.parties.map((p, i) => `${p.role || DEFAULT_ROLES[i] || '当事人'}（签名）：`),
      mediators: a.mediators,
      organisation: a.organisation,
    },
    date: chineseDate(a.date),
  }
}

export const DEFAULT_AGREEMENT_ORGANISATION = '古塘街道人民调解委员会'
