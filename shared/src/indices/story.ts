/**
 * Writes a task's event log step by step, with the data each event carries in the real log (the
 * doers of an acceptance, the lateness of a submission …), folding as it goes. For the index tests
 * and the generated months and years (generate.ts); not used by any running code, not exported from
 * the package index.
 */
import type { TaskCategory, TaskOrigin, TaskTier } from '../tasks/constants'
import { applyEvent, doersOf, scoringContext } from '../tasks/fold'
import type { Ref, TaskEvent, TaskEventDataMap, TaskState } from '../tasks/types'

export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

const CENTRE: Ref = { id: 'u-zhaoyan', name: '赵燕' }

export interface StoryStart {
  id: string
  at: number
  /** default: a micro-grid of 新城社区第1网格 */
  territory?: string
  category?: TaskCategory
  tier?: TaskTier
  red?: boolean
  origin?: TaskOrigin
  /** default: by tier, 1 / 7 / 20 days */
  dueAt?: number
  title?: string
  /** a grid worker's 自处理上报: they hold it from the start and submit at once */
  selfHandledBy?: Ref
  by?: Ref
}

const SLA_DAYS: Record<TaskTier, number> = { simple: 1, general: 7, complex: 20 }

export class Story {
  readonly events: TaskEvent[] = []
  private state: TaskState | null = null

  constructor(start: StoryStart) {
    const tier = start.tier ?? 'general'
    const reporter = start.selfHandledBy
    this.push(
      'created',
      {
        taskNo: start.id,
        title: start.title ?? '测试工单',
        description: '—',
        category: start.category ?? 'neighbour',
        tier,
        riskColour: start.red ? 'red' : 'green',
        origin: start.origin ?? (reporter ? 'self_report' : 'centre'),
        territory: { code: start.territory ?? 'GT-01-01-02', name: start.territory ?? 'GT-01-01-02' },
        parties: [],
        dueAt: start.dueAt ?? start.at + SLA_DAYS[tier] * DAY_MS,
        reporter,
        selfHandled: reporter ? true : undefined,
      },
      reporter ?? start.by ?? CENTRE,
      start.at,
    )
    if (reporter) {
      this.push('progress', { kind: 'visit', note: '现场处置', photos: [] }, reporter, start.at)
      this.push('submitted', { note: '已处置', late: false }, reporter, start.at)
    }
  }

  get task(): TaskState {
    return this.state as TaskState
  }

  get last(): number {
    return this.events.at(-1)?.at ?? 0
  }

  private push<K extends keyof TaskEventDataMap>(type: K, data: TaskEventDataMap[K], actor: Ref, at: number): this {
    const e = { taskId: this.task?.id ?? (data as { taskNo: string }).taskNo, seq: this.events.length + 1, type, data, actor, at } as TaskEvent
    this.state = applyEvent(this.state, e)
    this.events.push(e)
    return this
  }

  route(at: number, department: string, by: Ref = CENTRE) {
    return this.push('routed', { department: { code: department, name: department }, signBy: at + DAY_MS }, by, at)
  }
  bounce(at: number, by: Ref) {
    const d = this.task.department as { code: string; name: string }
    return this.push(
      'bounced',
      { department: d, reason: '非本部门职责', bounceCount: this.task.bounceCount + 1, escalate: false, scoring: scoringContext(this.task) },
      by,
      at,
    )
  }
  sign(at: number, by: Ref) {
    return this.push('signed', {}, by, at)
  }
  publish(at: number, by: Ref = CENTRE, territory = this.task.territory.code) {
    return this.push(
      'published',
      {
        claimMode: 'first_come',
        seats: 1,
        rewardPoints: 10,
        claimDurationMs: DAY_MS,
        eligibility: { territory, roles: ['grid_worker'], tags: [] },
        reservedFor: [],
      },
      by,
      at,
    )
  }
  claim(at: number, who: Ref) {
    return this.push('claimed', { userId: who.id, name: who.name, seat: 0, expiresAt: at + DAY_MS }, who, at)
  }
  assign(at: number, who: Ref, by: Ref) {
    return this.push('assigned', { userId: who.id, name: who.name, seat: 0 }, by, at)
  }
  release(at: number, who: Ref) {
    const h = this.task.holders.find((x) => x.userId === who.id)
    if (!h) throw new Error(`${who.id} holds no seat`)
    return this.push(
      'released',
      { userId: who.id, name: who.name, seat: h.seat, claimedAt: h.claimedAt, via: h.via, republished: true, scoring: scoringContext(this.task) },
      who,
      at,
    )
  }
  progress(at: number, who: Ref) {
    return this.push('progress', { kind: 'visit', note: '已走访', photos: [] }, who, at)
  }
  submit(at: number, who: Ref) {
    return this.push('submitted', { note: '已处理', late: at > this.task.dueAt }, who, at)
  }
  accept(at: number, by: Ref, rating = 5) {
    const t = this.task
    return this.push(
      'accepted',
      {
        rating,
        closureCode: 'resolved',
        doers: doersOf(t),
        submittedAt: t.submittedAt as number,
        late: t.submission?.late ?? false,
        returnCount: t.returnCount,
        scoring: scoringContext(t),
      },
      by,
      at,
    )
  }
  returnIt(at: number, by: Ref) {
    const t = this.task
    return this.push(
      'returned',
      { reason: '材料不全', returnCount: t.returnCount + 1, doers: doersOf(t), submittedAt: t.submittedAt as number, scoring: scoringContext(t) },
      by,
      at,
    )
  }
  reopen(at: number, dueAt: number, by: Ref = CENTRE) {
    return this.push('reopened', { reason: '当事人反映问题未解决', dueAt }, by, at)
  }
  cancel(at: number, by: Ref = CENTRE) {
    return this.push('cancelled', { closureCode: 'duplicate', reason: '重复工单' }, by, at)
  }
  escalateBySystem(at: number) {
    return this.push('escalated', { reason: '超时未签收', kind: 'sign_timeout', released: [] }, { id: 'system', name: '系统' }, at)
  }
  overdueEscalated(at: number) {
    return this.push('overdue_escalated', { dueAt: this.task.dueAt }, { id: 'system', name: '系统' }, at)
  }
  revealPhone(at: number, by: Ref) {
    return this.push('phone_revealed', { party: 0, partyName: '当事人' }, by, at)
  }
}
