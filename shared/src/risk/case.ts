/**
 * A case as the risk engine sees it, whatever it came from (a task, or an intake lead): who is in
 * it, where, every contact about it by channel, all its text, and the counts that weigh. The BFF
 * builds one per task from the task's log (`caseFromTaskLog`) and keeps it as a cache, so linked
 * cases are scored without reading their logs again.
 */

import type { TaskCategory, VulnerableFlag } from '../tasks/constants'
import { isTerminal } from '../tasks/fold'
import type { EpochMs, TaskEvent, TaskState } from '../tasks/types'
import { normaliseText } from './phrases'

/** Where a piece of text comes from: said in the factor (「描述含「扬言」」). */
export const TEXT_SOURCES = [
  'report',
  'description',
  'progress',
  'mediation',
  'submission',
  'review',
  'return',
  'bounce',
  'escalation',
  'reopen',
  'feedback',
] as const
export type TextSource = (typeof TEXT_SOURCES)[number]
export const TEXT_SOURCE_LABELS: Record<TextSource, string> = {
  report: '报警内容',
  description: '描述',
  progress: '进展记录',
  mediation: '调解记录',
  submission: '办理结果',
  review: '验收意见',
  return: '驳回理由',
  bounce: '退回理由',
  escalation: '上报理由',
  reopen: '重新打开理由',
  feedback: '回访意见',
}

export interface RiskText {
  source: TextSource
  text: string
  at: EpochMs
}

/** One contact about the case: a 110 call, a 12345 ticket, a grid worker's report … */
export interface RiskContact {
  /** `110`, `12345`, `81890`, `浙里访`, `ODR`, `网格上报`, `社治中心` … */
  channel: string
  at: EpochMs
}

export interface RiskParty {
  name: string
  /** matching key (phone or ID number hash): `p:<hash>` */
  key?: string
  phoneMasked?: string
  flags?: VulnerableFlag[]
}

export interface RiskCase {
  /** `task:<taskId>`, `lead:<leadId>` or `record:<channel>:<sourceId>` (an intake record, shared/src/risk/record.ts) */
  id: string
  kind: 'task' | 'lead' | 'record'
  /** the task number or lead id people read */
  ref: string
  title: string
  category: TaskCategory
  territory: string
  /** cases of one incident (a lead and the task made from it) count once as a repeat */
  incident: string
  createdAt: EpochMs
  open: boolean
  closedAt?: EpochMs
  dueAt?: EpochMs
  contacts: RiskContact[]
  parties: RiskParty[]
  /** normalised address key `a:<text>` and the address as written */
  address?: { key: string; label: string }
  texts: RiskText[]
  counts: { bounces: number; returns: number; reopens: number; escalations: number; failedMediations: number }
  /** a mediation agreement (调解协议) was reached */
  agreement: boolean
  /** 回访: how the parties said it went */
  feedback: Array<{ at: EpochMs; satisfied: boolean; comment?: string }>
  /** the last time someone was in touch with the parties (visit, call, mediation) */
  lastContact?: { at: EpochMs; by: string; what: string }
}

export const partyKey = (phoneHash: string) => `p:${phoneHash}`

/**
 * An address as a matching key: spaces, punctuation and the street's own prefix dropped, full-width
 * digits made plain, 栋/座 read as 幢, 号楼 as 幢. Two ways of writing one door give one key; a
 * different door gives another (same building, different flat stays apart).
 */
export function addressKey(address: string): string | null {
  let a = normaliseText(address)
    .replace(/^(浙江省)?(宁波市)?(慈溪市)?(古塘街道)?/, '')
    .replace(/[，,。.、\-—－()（）#·\s]/g, '')
    .replace(/号楼/g, '幢')
    .replace(/[栋座]/g, '幢')
    .replace(/室$/, '')
  a = a.replace(/(\d+)幢(\d+)单元(\d+)$/, '$1幢$2单元$3')
  return a.length >= 4 ? `a:${a}` : null
}

/** The channel a task came in through: its source number says so (110-…, 12345-…), else its origin. */
export function taskChannel(t: Pick<TaskState, 'origin' | 'sourceRef'>): string {
  const ref = t.sourceRef?.trim() ?? ''
  const m = /^(110|12345|81890|12315|12348)\b/.exec(ref) ?? /^(110|12345|81890|12315|12348)(?=[-_\s:：])/.exec(ref)
  if (m) return m[1]
  if (t.origin === 'direct_report' || t.origin === 'self_report') return '网格上报'
  if (t.origin === 'intake') return '渠道归集'
  return '社治中心'
}

const KIND_WORDS: Record<string, string> = { visit: '现场走访', call: '电话联系', mediation: '调解', agreement: '达成调解协议', note: '情况说明' }

/** The task's case, from its folded state and its whole log (the texts are in the events). */
export function caseFromTaskLog(t: TaskState, events: readonly TaskEvent[]): RiskCase {
  const texts: RiskText[] = [{ source: 'description', text: `${t.title}。${t.description}`, at: t.createdAt }]
  const counts = { bounces: 0, returns: 0, reopens: 0, escalations: 0, failedMediations: 0 }
  let agreement = false
  let lastContact: RiskCase['lastContact']
  const add = (source: TextSource, text: string | undefined, at: EpochMs) => {
    if (text?.trim()) texts.push({ source, text, at })
  }
  for (const e of events) {
    switch (e.type) {
      case 'progress': {
        const kind = e.data.kind
        add(kind === 'mediation' || kind === 'agreement' ? 'mediation' : 'progress', e.data.note, e.at)
        if (kind === 'agreement') agreement = true
        if (kind !== 'note') lastContact = { at: e.at, by: e.actor.name, what: KIND_WORDS[kind] ?? kind }
        break
      }
      case 'submitted':
        add('submission', e.data.note, e.at)
        break
      case 'accepted':
        add('review', e.data.note, e.at)
        if (e.data.closureCode === 'mediated') agreement = true
        break
      case 'returned':
        counts.returns++
        add('return', e.data.reason, e.at)
        break
      case 'bounced':
        counts.bounces++
        add('bounce', e.data.reason, e.at)
        break
      case 'escalated':
        counts.escalations++
        add('escalation', e.data.reason, e.at)
        break
      case 'reopened':
        counts.reopens++
        add('reopen', e.data.reason, e.at)
        break
      default:
        break
    }
  }
  const address = t.location?.address ? addressKey(t.location.address) : null
  return {
    id: `task:${t.id}`,
    kind: 'task',
    ref: t.taskNo,
    title: t.title,
    category: t.category,
    territory: t.territory.code,
    // a task made from a lead is that lead's incident: its 110 call and 12345 ticket are not repeats of it
    incident: t.source?.leadId ? `lead:${t.source.leadId}` : `task:${t.id}`,
    createdAt: t.createdAt,
    open: !isTerminal(t),
    ...(t.closedAt !== undefined ? { closedAt: t.closedAt } : {}),
    dueAt: t.dueAt,
    contacts: [{ channel: taskChannel(t), at: t.createdAt }],
    parties: t.parties.map((p) => ({
      name: p.name,
      ...(p.phoneHash ? { key: partyKey(p.phoneHash), phoneMasked: p.phoneMasked } : {}),
      ...(p.flags?.length ? { flags: p.flags } : {}),
    })),
    ...(address && t.location?.address ? { address: { key: address, label: t.location.address } } : {}),
    texts,
    counts,
    agreement,
    feedback: [],
    ...(lastContact ? { lastContact } : {}),
  }
}

/** The matching keys a case is linked to others by: each party's, and its address. */
export function subjectKeys(c: Pick<RiskCase, 'parties' | 'address'>): string[] {
  const keys = c.parties.map((p) => p.key).filter((k): k is string => !!k)
  if (c.address) keys.push(c.address.key)
  return [...new Set(keys)]
}
