/**
 * A 攻坚小组 as the fold of its events: formed with invited members, each of whom accepts or declines;
 * the proposer replaces or removes; a member who accepted may later leave (放弃 on the task); the team
 * ends with a recorded outcome or is dissolved when its task is taken away. The BFF appends one event
 * per change (insert of seq + 1, as the task log does) and the mini-app shows the buttons `teamActions`
 * returns.
 */
import type { EpochMs, Ref } from '../tasks/types'
import type { ContactChannel, MediationOutcome, MediatorType, MemberStatus, TeamStatus } from './constants'

export interface TeamMemberSpec {
  /** the mediator's id (= their user id) */
  mediatorId: string
  name: string
  type: MediatorType
  /** the rule slot the member fills */
  slotKey: string
  slotLabel: string
  /** the slot's locality rule (a replacement must meet it too) */
  local?: boolean
  avoidLocal?: boolean
  channel: ContactChannel
  /** why the engine (or the proposer) chose them, in words anyone on the team may read */
  summary: string
  /** the load slot this membership holds (`<mediatorId>:slot:<k>`), and its token */
  load: { k: number; token: string }
}

export interface TeamMember extends TeamMemberSpec {
  status: MemberStatus
  /** seq of the event that invited them (invitation notices are keyed by it) */
  invitedSeq: number
  invitedAt: EpochMs
  answeredAt?: EpochMs
  /** a decline's or a removal's reason */
  reason?: string
  /** who took this member's place */
  replacedBy?: string
  acceptedVia?: 'app' | 'sms_link'
}

export interface TeamEventDataMap {
  formed: {
    taskId: string
    taskNo: string
    proposer: Ref
    rule: { id: string; description: string }
    members: TeamMemberSpec[]
    dialect?: string
    preferredId?: string
    /** the proposer's form key: a retried confirmation finds this team instead of making another */
    requestId?: string
  }
  accepted: { mediatorId: string; via: 'app' | 'sms_link' }
  declined: { mediatorId: string; reason: string }
  /** `mediatorId` out, `member` in (after a decline, a departure, or the proposer's swap of an invited member) */
  replaced: { mediatorId: string; member: TeamMemberSpec }
  removed: { mediatorId: string; reason: string }
  left: { mediatorId: string; reason: string }
  /** the outcome was recorded (mediation records): memberships end, the team is done */
  finished: { outcome: MediationOutcome }
  dissolved: { reason: string }
}
export type TeamEventType = keyof TeamEventDataMap

export type TeamEvent = { [K in TeamEventType]: { teamId: string; seq: number; at: EpochMs; actor: Ref; type: K; data: TeamEventDataMap[K] } }[TeamEventType]

export interface TeamState {
  id: string
  taskId: string
  taskNo: string
  seq: number
  status: TeamStatus
  proposer: Ref
  rule: { id: string; description: string }
  dialect?: string
  preferredId?: string
  formedAt: EpochMs
  updatedAt: EpochMs
  members: TeamMember[]
  outcome?: MediationOutcome
  endedAt?: EpochMs
  endReason?: string
}

/** Positions that still count as seats: a declined or departed member's seat waits for a replacement. */
const SEAT_STATUSES: readonly MemberStatus[] = ['invited', 'accepted', 'declined', 'left']
/** Members who hold a load slot (they are asked, or on the team). */
export const LOADED_STATUSES: readonly MemberStatus[] = ['invited', 'accepted']

export const isEnded = (t: Pick<TeamState, 'status'>) => t.status === 'done' || t.status === 'dissolved'
export const seatsOf = (t: TeamState) => t.members.filter((m) => SEAT_STATUSES.includes(m.status)).length
/** Who is on the team or asked to be: they hold load slots and appear in the task's team. */
export const currentMembers = (t: TeamState) => (isEnded(t) ? [] : t.members.filter((m) => LOADED_STATUSES.includes(m.status)))
export const acceptedMembers = (t: TeamState) => t.members.filter((m) => m.status === 'accepted')
export const memberOf = (t: TeamState, mediatorId: string) =>
  t.members.find((m) => m.mediatorId === mediatorId && m.status !== 'replaced' && m.status !== 'removed')

function setMember(t: TeamState, mediatorId: string, patch: Partial<TeamMember>): TeamMember[] {
  return t.members.map((m) => (m.mediatorId === mediatorId && m.status !== 'replaced' && m.status !== 'removed' ? { ...m, ...patch } : m))
}

const statusOf = (members: readonly TeamMember[]): TeamStatus => (members.some((m) => m.status === 'accepted') ? 'active' : 'forming')

export function applyTeamEvent(state: TeamState | null, e: TeamEvent): TeamState {
  if (e.type === 'formed') {
    const d = e.data
    return {
      id: e.teamId,
      taskId: d.taskId,
      taskNo: d.taskNo,
      seq: e.seq,
      status: 'forming',
      proposer: d.proposer,
      rule: d.rule,
      dialect: d.dialect,
      preferredId: d.preferredId,
      formedAt: e.at,
      updatedAt: e.at,
      members: d.members.map((m) => ({ ...m, status: 'invited', invitedSeq: e.seq, invitedAt: e.at })),
    }
  }
  if (!state) throw new Error(`team event ${e.teamId}:${e.seq} (${e.type}) has no team to apply to`)
  const t: TeamState = { ...state, seq: e.seq, updatedAt: e.at }
  switch (e.type) {
    case 'accepted': {
      const members = setMember(t, e.data.mediatorId, { status: 'accepted', answeredAt: e.at, acceptedVia: e.data.via })
      return { ...t, members, status: statusOf(members) }
    }
    case 'declined': {
      const members = setMember(t, e.data.mediatorId, { status: 'declined', answeredAt: e.at, reason: e.data.reason })
      return { ...t, members, status: statusOf(members) }
    }
    case 'replaced': {
      const members = [
        ...setMember(t, e.data.mediatorId, { status: 'replaced', replacedBy: e.data.member.mediatorId }),
        { ...e.data.member, status: 'invited' as const, invitedSeq: e.seq, invitedAt: e.at },
      ]
      return { ...t, members, status: statusOf(members) }
    }
    case 'removed': {
      const members = setMember(t, e.data.mediatorId, { status: 'removed', reason: e.data.reason })
      return { ...t, members, status: statusOf(members) }
    }
    case 'left': {
      const members = setMember(t, e.data.mediatorId, { status: 'left', reason: e.data.reason })
      return { ...t, members, status: statusOf(members) }
    }
    case 'finished':
      return { ...t, status: 'done', outcome: e.data.outcome, endedAt: e.at, endReason: '已登记调解结果' }
    case 'dissolved':
      return { ...t, status: 'dissolved', endedAt: e.at, endReason: e.data.reason }
  }
}

export function foldTeam(events: readonly TeamEvent[]): TeamState | null {
  let s: TeamState | null = null
  for (const e of events) s = applyTeamEvent(s, e)
  return s
}

export type TeamRefusal = { ok: false; code: 'FORBIDDEN' | 'INVALID_TRANSITION' | 'DOMAIN_RULE'; message: string }
export type TeamVerdict = { ok: true } | TeamRefusal
const ok: TeamVerdict = { ok: true }
const no = (code: TeamRefusal['code'], message: string): TeamRefusal => ({ ok: false, code, message })

/** May this member answer the invitation now (accept or decline)? */
export function canAnswer(t: TeamState, mediatorId: string, answer: 'accept' | 'decline'): TeamVerdict {
  if (isEnded(t)) return no('INVALID_TRANSITION', `该攻坚小组${t.status === 'done' ? '已结束调解' : '已解散'}，无需再答复`)
  const m = memberOf(t, mediatorId)
  if (!m) return no('FORBIDDEN', '您不在该攻坚小组的邀请名单中（可能已被更换）')
  if (m.status === 'invited') return ok
  if (m.status === 'accepted' && answer === 'decline') return no('INVALID_TRANSITION', '您已接受邀请；如需退出，请在工单中“放弃”并说明原因')
  return no('INVALID_TRANSITION', `您已${m.status === 'accepted' ? '接受' : '婉拒'}该邀请`)
}

/** May the proposer side replace (or remove) this member now? Invited, declined or departed members only. */
export function canReplace(t: TeamState, mediatorId: string): TeamVerdict {
  if (isEnded(t)) return no('INVALID_TRANSITION', `该攻坚小组${t.status === 'done' ? '已结束调解' : '已解散'}`)
  const m = memberOf(t, mediatorId)
  if (!m) return no('DOMAIN_RULE', '该成员已不在小组中')
  if (m.status === 'accepted') return no('INVALID_TRANSITION', `${m.name}已接受邀请并在办；如需更换，请其先在工单中“放弃”`)
  return ok
}
