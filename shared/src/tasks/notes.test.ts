import { NOTE_EVENT_TYPES, type NoteEventType, TASK_EVENT_LABELS, TASK_STATES, type TaskStateName } from './constants'
import { applyEvent, foldEvents, isClaimable, isOverdue } from './fold'
import { availableActions } from './machine'
import { chen, HOUR, IN_STATE, T0, TASK, users, wangli } from './machine.fixtures'
import type { TaskEvent, TaskEventDataMap, TaskState } from './types'

const admin = { id: 'u-admin', name: '钱晓' }
const appeal = { appealId: 'E1', entryId: 'E1', userId: wangli.id, name: wangli.name, delta: -2, entryReason: '认领后放弃 −2' }
const NOTES: { [K in NoteEventType]: [TaskEventDataMap[K], { id: string; name: string }] } = {
  phone_revealed: [{ party: 0, partyName: '张三' }, admin],
  appeal_filed: [{ ...appeal, reason: '当天被临时抽调参加防汛' }, wangli],
  appeal_decided: [{ ...appeal, decision: 'granted', note: '确系抽调', correctionEntryId: 'E1:appeal_granted' }, admin],
  source_added: [
    { leadId: 'XS20261203-3F9A2C1B', channels: ['12345'], records: ['12345:NB2026120300123'], title: '噪音扰民' },
    { id: 'u-zhaoyan', name: '赵燕' },
  ],
}
const NOW = T0 + 3 * HOUR

function note(t: TaskState, type: NoteEventType, at = NOW): TaskEvent {
  const [data, actor] = NOTES[type]
  return { taskId: TASK, seq: t.seq + 1, type, data, actor, at } as TaskEvent
}

const table = TASK_STATES.flatMap((s) => NOTE_EVENT_TYPES.map((type) => [s, type] as [TaskStateName, NoteEventType]))

/** What a note records in the state besides its seq: an added lead's channels, for their feedback. */
const remembered = (type: NoteEventType): Partial<TaskState> =>
  type === 'source_added' ? { attachedSources: [{ leadId: 'XS20261203-3F9A2C1B', channels: ['12345'], records: ['12345:NB2026120300123'] }] } : {}

describe('notes (查看号码, 申诉, 并入线索) are admitted in every state and change nothing about the work', () => {
  it.each(table)('%s + %s: same task, one seq later, same buttons for everyone', (state, type) => {
    const before = IN_STATE[state]
    const after = applyEvent(before, note(before, type))
    expect(after).toEqual({ ...before, seq: before.seq + 1, ...remembered(type) })
    for (const user of Object.values(users)) expect(availableActions(after, user, NOW)).toEqual(availableActions(before, user, NOW))
    expect(isClaimable(after, NOW)).toBe(isClaimable(before, NOW))
    expect(isOverdue(after, NOW + 30 * 24 * HOUR)).toBe(isOverdue(before, NOW + 30 * 24 * HOUR))
  })

  it('a note between two state changes leaves the fold where it would be without it', () => {
    const t = IN_STATE.published
    const claim = (base: TaskState): TaskEvent =>
      ({
        taskId: TASK,
        seq: base.seq + 1,
        type: 'claimed',
        data: { userId: chen.id, name: chen.name, seat: 0, expiresAt: NOW + HOUR },
        actor: chen,
        at: NOW,
      }) as TaskEvent
    const withNotes = foldEvents([note(t, 'appeal_filed'), { ...note(t, 'appeal_decided'), seq: t.seq + 2 }], t) as TaskState
    const plain = applyEvent(t, claim(t))
    const noted = applyEvent(withNotes, claim(withNotes))
    expect(noted).toEqual({ ...plain, seq: plain.seq + 2, holders: plain.holders.map((h) => ({ ...h, sinceSeq: h.sinceSeq + 2 })) })
  })

  it('have their own words in the timeline', () => {
    expect(TASK_EVENT_LABELS.appeal_filed).toBe('提出积分申诉')
    expect(TASK_EVENT_LABELS.appeal_decided).toBe('申诉已处理')
  })
})
