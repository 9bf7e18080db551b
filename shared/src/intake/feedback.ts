/**
 * 非警务警情流转闭环: what goes back to the channel a record came from when its lead or task moves —
 * a feedback record (status, result, handling unit, time). Pure: which moves are told, to which
 * records, in which words, under which key (the key makes each feedback happen once).
 */
import { CLOSURE_LABELS, type ClosureCode } from '../tasks/constants'
import { CHANNELS, type ChannelCode } from './channels'

export const FEEDBACK_STATUSES = ['accepted', 'signed', 'closed', 'cancelled', 'attached', 'returned', 'transferred', 'refused', 'resolved'] as const
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number]

export const FEEDBACK_STATUS_LABELS: Record<FeedbackStatus, string> = {
  accepted: '已受理（已立工单）',
  signed: '已签收',
  closed: '已办结',
  cancelled: '已撤销',
  attached: '已并入工单',
  returned: '已退回',
  transferred: '已移交',
  refused: '不予受理',
  resolved: '已化解',
}

/** What the channel receives (POST <feedback base>/<channel>/feedback, docs/intake.md#feedback). */
export interface FeedbackRecord {
  /** unique per record and move: the receiver keeps the first and answers later copies as duplicates */
  feedbackId: string
  channel: ChannelCode
  /** the channel's own id of the record (警情编号, 工单编号 …) */
  sourceId: string
  status: FeedbackStatus
  statusLabel: string
  /** the result in words: the closure, the reason, to whom */
  result: string
  /** who handles it now (department, community, 社治中心, or the authority it went to) */
  unit: string
  at: string
  leadId: string
  taskNo?: string
}

/** Does this channel want feedback? */
export const wantsFeedback = (channel: string): boolean => CHANNELS.some((c) => c.code === channel && c.feedback)

/** The records of a lead or task that are told: `<channel>:<sourceId>` keys of channels that want feedback. */
export function feedbackTargets(sourceKeys: readonly string[]): Array<{ sourceKey: string; channel: ChannelCode; sourceId: string }> {
  const out: Array<{ sourceKey: string; channel: ChannelCode; sourceId: string }> = []
  for (const key of new Set(sourceKeys)) {
    const i = key.indexOf(':')
    if (i <= 0) continue
    const channel = key.slice(0, i)
    if (wantsFeedback(channel)) out.push({ sourceKey: key, channel: channel as ChannelCode, sourceId: key.slice(i + 1) })
  }
  return out
}

/** The move that caused a feedback: a task event or a lead event, and what it said. */
export type FeedbackMove =
  | { kind: 'task'; type: 'signed' | 'claimed'; unit: string }
  | { kind: 'task'; type: 'accepted'; closureCode: ClosureCode; note?: string; unit: string }
  | { kind: 'task'; type: 'cancelled'; closureCode: ClosureCode; reason: string; unit: string }
  | { kind: 'lead'; type: 'converted'; taskNo: string; routedTo?: string }
  | { kind: 'lead'; type: 'attached'; taskNo: string }
  | { kind: 'lead'; type: 'returned' | 'transferred'; to: string; reason: string }
  | { kind: 'lead'; type: 'refused' | 'resolved'; reason: string }

const CENTRE = '街道社会治理中心'

/** The status, result and unit told for a move. */
export function feedbackContent(move: FeedbackMove): { status: FeedbackStatus; result: string; unit: string } {
  if (move.kind === 'task') {
    switch (move.type) {
      case 'signed':
      case 'claimed':
        return { status: 'signed', result: `${move.unit}已签收，正在处置`, unit: move.unit }
      case 'accepted':
        return { status: 'closed', result: `${CLOSURE_LABELS[move.closureCode]}${move.note ? `：${move.note}` : ''}`, unit: move.unit }
      case 'cancelled':
        return { status: 'cancelled', result: `${CLOSURE_LABELS[move.closureCode]}：${move.reason}`, unit: move.unit }
    }
  }
  switch (move.type) {
    case 'converted':
      return { status: 'accepted', result: `已立工单 ${move.taskNo}${move.routedTo ? `，${move.routedTo}` : ''}`, unit: CENTRE }
    case 'attached':
      return { status: 'attached', result: `与已有工单 ${move.taskNo} 为同一事件，并入办理`, unit: CENTRE }
    case 'returned':
      return { status: 'returned', result: `退回${move.to}：${move.reason}`, unit: move.to }
    case 'transferred':
      return { status: 'transferred', result: `移交${move.to}：${move.reason}`, unit: move.to }
    case 'refused':
      return { status: 'refused', result: move.reason, unit: CENTRE }
    case 'resolved':
      return { status: 'resolved', result: move.reason, unit: CENTRE }
  }
}

/**
 * The outbox key of a feedback: the record and the event that caused it. A task's `signed` and
 * `claimed` share one key per task, so the channel hears "已签收" once however the task was taken.
 */
export function feedbackId(sourceKey: string, cause: { taskId: string; status: 'signed' } | { eventId: string }): string {
  return 'taskId' in cause ? `${sourceKey}|${cause.taskId}:signed` : `${sourceKey}|${cause.eventId}`
}

export function feedbackRecord(p: {
  sourceKey: string
  cause: Parameters<typeof feedbackId>[1]
  move: FeedbackMove
  at: Date
  leadId: string
  taskNo?: string
}): FeedbackRecord {
  const [target] = feedbackTargets([p.sourceKey])
  if (!target) throw new Error(`channel of ${p.sourceKey} does not take feedback`)
  const c = feedbackContent(p.move)
  return {
    feedbackId: feedbackId(p.sourceKey, p.cause),
    channel: target.channel,
    sourceId: target.sourceId,
    status: c.status,
    statusLabel: FEEDBACK_STATUS_LABELS[c.status],
    result: c.result.slice(0, 500),
    unit: c.unit,
    at: p.at.toISOString(),
    leadId: p.leadId,
    ...(p.taskNo ? { taskNo: p.taskNo } : {}),
  }
}
