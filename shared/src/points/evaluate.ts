/**
 * The evaluator: rule versions + a task's event log → ledger entries. A pure function, so the BFF
 * (scoring as events happen, the catch-up job, the preview of a draft) and the tests all get the
 * same answer for the same input.
 *
 * Every entry's id is derived from the event it comes from, who it is about and why
 * (`<eventId>:<subjectKind>:<subjectId>:<reason>`): scoring the same event twice produces the same
 * ids, so the ledger's unique `_id` turns a second scoring — even a concurrent one — into a no-op.
 */
import { TASK_CATEGORY_LABELS, TASK_TIER_LABELS, type TaskEventType } from '../tasks/constants'
import { DAY_MS } from '../tasks/settings'
import type { AcceptedData, ScoringContext, TaskEvent, TaskEventOf } from '../tasks/types'
import type { EntryKind, ReasonCode, SubjectKind } from './constants'
import { entryId, gridOf, round1, signed, taskEventId } from './keys'
import { monthOf } from './period'
import { basePointsFor, type RuleSet, type RuleSetVersion, versionInForce } from './rules'

/** What the evaluator needs to know about a person (their territory and department now). */
export interface PersonInfo {
  name: string
  territory: string
  department?: string
}

export interface ScoringDirectory {
  person(userId: string): PersonInfo | undefined
  departmentName?(code: string): string | undefined
  territoryName?(code: string): string | undefined
}

/** A ledger entry as the evaluator produces it (the BFF adds the time it was written). */
export interface LedgerEntryDraft {
  /** `<eventId>:<subjectKind>:<subjectId>:<reasonCode>` — the exactly-once key */
  id: string
  subjectKind: SubjectKind
  subjectId: string
  subjectName: string
  /** person: their territory; territory: its code; department: null */
  territory: string | null
  /** person: their department (if any); department: its code; territory: null */
  department: string | null
  /** `YYYY-MM` of the event, China Standard Time */
  month: string
  delta: number
  kind: EntryKind
  reasonCode: ReasonCode
  /** the sentence a grid worker reads */
  reason: string
  /** the rule that produced it, as a path into the rule set (e.g. `timeliness.overduePerDay`) */
  ruleKey: string
  ruleVersion: number
  taskId: string
  taskNo: string
  /** the department responsible for the task when the event happened (a lead's export selects by it) */
  taskDepartment: string | null
  eventId: string
  eventType: TaskEventType
  eventAt: number
  /** a correction (冲正): the entry it corrects */
  corrects?: string
}

/** 「邻里噪音纠纷（JQ20261127-0003）」: the task's title when the log has it, else its dispute type. */
function taskLabel(scope: Scope, s: ScoringContext): string {
  const name = scope.title ?? TASK_CATEGORY_LABELS[s.category] ?? s.category
  return `${name.length > 20 ? `${name.slice(0, 20)}…` : name}（${s.taskNo}）`
}

interface Scope {
  event: TaskEvent
  version: RuleSetVersion
  dir: ScoringDirectory
  out: LedgerEntryDraft[]
  /** the task's title, from its `created` event when the log starts there */
  title?: string
}

function push(
  scope: Scope,
  subject: { kind: SubjectKind; id: string; name: string; territory: string | null; department: string | null },
  e: {
    delta: number
    kind: EntryKind
    reasonCode: ReasonCode
    reason: string
    ruleKey: string
    scoring: ScoringContext
    corrects?: string
    /** the reason part of the id when one subject gets several entries with this reason code from one event */
    idReason?: string
  },
) {
  const delta = round1(e.delta)
  if (delta === 0) return
  const eventId = taskEventId(scope.event.taskId, scope.event.seq)
  scope.out.push({
    id: entryId(eventId, subject.kind, subject.id, e.idReason ?? e.reasonCode),
    subjectKind: subject.kind,
    subjectId: subject.id,
    subjectName: subject.name,
    territory: subject.territory,
    department: subject.department,
    month: monthOf(scope.event.at),
    delta,
    kind: e.kind,
    reasonCode: e.reasonCode,
    reason: e.reason,
    ruleKey: e.ruleKey,
    ruleVersion: scope.version.version,
    taskId: scope.event.taskId,
    taskNo: e.scoring.taskNo,
    taskDepartment: e.scoring.department ?? null,
    eventId,
    eventType: scope.event.type,
    eventAt: scope.event.at,
    ...(e.corrects ? { corrects: e.corrects } : {}),
  })
}

function personSubject(dir: ScoringDirectory, userId: string, name: string, scoring: ScoringContext) {
  const p = dir.person(userId)
  return { kind: 'person' as const, id: userId, name: p?.name ?? name, territory: p?.territory ?? scoring.territory, department: p?.department ?? null }
}
function territorySubject(dir: ScoringDirectory, code: string) {
  const grid = gridOf(code)
  return { kind: 'territory' as const, id: grid, name: dir.territoryName?.(grid) ?? grid, territory: grid, department: null }
}
function departmentSubject(dir: ScoringDirectory, code: string, name?: string) {
  return { kind: 'department' as const, id: code, name: name ?? dir.departmentName?.(code) ?? code, territory: null, department: code }
}

/** 验收通过: base (or 悬赏) × rating, timeliness, the per-task bonus cap; the grid's and the department's share. */
function scoreAccepted(scope: Scope, event: TaskEventOf<'accepted'>) {
  const rules: RuleSet = scope.version.rules
  const d: AcceptedData = event.data
  const s = d.scoring
  const label = taskLabel(scope, s)
  const reward = rules.base.useTaskReward && s.rewardPoints > 0
  const fullBase = reward ? s.rewardPoints : basePointsFor(rules, s.category, s.tier)
  const split = rules.base.team === 'split' && d.doers.length > 1
  const base = round1(split ? fullBase / d.doers.length : fullBase)
  const baseKey = reward ? 'base.useTaskReward' : rules.base.byCategory[s.category] ? `base.byCategory.${s.category}.${s.tier}` : `base.byTier.${s.tier}`
  const rating = Math.min(5, Math.max(1, Math.round(d.rating)))
  const multiplier = rules.quality.multipliers[rating - 1]
  const quality = round1(base * multiplier - base)
  const onTime = d.submittedAt <= s.dueAt
  const earlyDays = onTime ? Math.min(Math.floor((s.dueAt - d.submittedAt) / DAY_MS), rules.timeliness.earlyMaxDays) : 0
  const lateDays = onTime ? 0 : Math.min(Math.ceil((d.submittedAt - s.dueAt) / DAY_MS), rules.timeliness.overdueMaxDays)
  const t = rules.timeliness

  for (const doer of d.doers) {
    const who = personSubject(scope.dir, doer.userId, doer.name, s)
    const before = scope.out.length
    const baseReason = reward ? `办结 ${label}，悬赏积分 ${signed(base)}` : `办结 ${label}，${TASK_TIER_LABELS[s.tier]}工单基础分 ${signed(base)}`
    push(scope, who, {
      delta: base,
      kind: 'base',
      reasonCode: reward ? 'task_reward' : 'task_base',
      reason: split ? `${baseReason}（攻坚小组 ${d.doers.length} 人平分）` : baseReason,
      ruleKey: baseKey,
      scoring: s,
    })
    push(scope, who, {
      delta: quality,
      kind: quality > 0 ? 'bonus' : 'base',
      reasonCode: 'quality',
      reason: `${label} 验收评分 ${rating} 星，基础分 ×${multiplier} ${signed(quality)}`,
      ruleKey: `quality.multipliers.${rating - 1}`,
      scoring: s,
    })
    if (onTime) {
      push(scope, who, {
        delta: t.onTimeBonus,
        kind: 'bonus',
        reasonCode: 'on_time',
        reason: `按时办结 ${label} ${signed(t.onTimeBonus)}`,
        ruleKey: 'timeliness.onTimeBonus',
        scoring: s,
      })
      const early = earlyDays * t.earlyBonusPerDay
      push(scope, who, {
        delta: early,
        kind: 'bonus',
        reasonCode: 'early',
        reason: `提前 ${earlyDays} 天办结 ${label}，每天 ${signed(t.earlyBonusPerDay)} ${signed(round1(early))}`,
        ruleKey: 'timeliness.earlyBonusPerDay',
        scoring: s,
      })
    } else {
      const late = lateDays * t.overduePerDay
      push(scope, who, {
        delta: -late,
        kind: 'deduction',
        reasonCode: 'overdue',
        reason: `超期 ${lateDays} 天办结 ${label}，每天扣 ${t.overduePerDay} 分 ${signed(-round1(late))}`,
        ruleKey: 'timeliness.overduePerDay',
        scoring: s,
      })
    }
    const cap = rules.caps.perTaskBonus
    const bonus = round1(
      scope.out
        .slice(before)
        .filter((x) => x.kind === 'bonus')
        .reduce((sum, x) => sum + x.delta, 0),
    )
    if (cap !== null && bonus > cap) {
      const excess = round1(bonus - cap)
      push(scope, who, {
        delta: -excess,
        kind: 'bonus',
        reasonCode: 'task_bonus_cap',
        reason: `${label} 单件工单加分上限 ${cap} 分，超出 ${excess} 分不计`,
        ruleKey: 'caps.perTaskBonus',
        scoring: s,
      })
    }
  }

  const grid = territorySubject(scope.dir, s.territory)
  if (onTime) {
    push(scope, grid, {
      delta: rules.territory.onTime,
      kind: 'bonus',
      reasonCode: 'territory_on_time',
      reason: `辖区工单 ${label} 按时办结 ${signed(rules.territory.onTime)}`,
      ruleKey: 'territory.onTime',
      scoring: s,
    })
  } else {
    push(scope, grid, {
      delta: -rules.territory.overdue,
      kind: 'deduction',
      reasonCode: 'territory_overdue',
      reason: `辖区工单 ${label} 超期 ${lateDays} 天办结 ${signed(-rules.territory.overdue)}`,
      ruleKey: 'territory.overdue',
      scoring: s,
    })
  }
  if (s.department) {
    const dept = departmentSubject(scope.dir, s.department)
    if (onTime)
      push(scope, dept, {
        delta: rules.department.onTime,
        kind: 'bonus',
        reasonCode: 'department_on_time',
        reason: `部门工单 ${label} 按时办结 ${signed(rules.department.onTime)}`,
        ruleKey: 'department.onTime',
        scoring: s,
      })
    else
      push(scope, dept, {
        delta: -rules.department.overdue,
        kind: 'deduction',
        reasonCode: 'department_overdue',
        reason: `部门工单 ${label} 超期 ${lateDays} 天办结 ${signed(-rules.department.overdue)}`,
        ruleKey: 'department.overdue',
        scoring: s,
      })
  }
}

function scoreSeatLost(scope: Scope, event: TaskEventOf<'released'> | TaskEventOf<'claim_expired'>) {
  const rules = scope.version.rules
  const d = event.data
  const who = personSubject(scope.dir, d.userId, d.name, d.scoring)
  const label = taskLabel(scope, d.scoring)
  if (event.type === 'released') {
    const p = rules.penalties.released
    push(scope, who, {
      delta: -p,
      kind: 'deduction',
      reasonCode: 'released',
      reason: `认领后放弃 ${label} ${signed(-p)}`,
      ruleKey: 'penalties.released',
      scoring: d.scoring,
    })
  } else {
    const p = rules.penalties.claimExpired
    push(scope, who, {
      delta: -p,
      kind: 'deduction',
      reasonCode: 'claim_expired',
      reason: `认领 ${label} 后超时未开始处置，被系统收回 ${signed(-p)}`,
      ruleKey: 'penalties.claimExpired',
      scoring: d.scoring,
    })
  }
}

function scoreReturned(scope: Scope, event: TaskEventOf<'returned'>) {
  const p = scope.version.rules.penalties.returned
  const d = event.data
  const why = d.reason.length > 30 ? `${d.reason.slice(0, 30)}…` : d.reason
  for (const doer of d.doers) {
    push(scope, personSubject(scope.dir, doer.userId, doer.name, d.scoring), {
      delta: -p,
      kind: 'deduction',
      reasonCode: 'returned',
      reason: `${taskLabel(scope, d.scoring)} 第 ${d.returnCount} 次验收被驳回（${why}）${signed(-p)}`,
      ruleKey: 'penalties.returned',
      scoring: d.scoring,
    })
  }
}

/**
 * The task events alone cannot tell whether a bounce (退回) was justified; the centre's next move
 * does. A bounce is unjustified when the centre routes the task back to the very department that
 * bounced it: the penalty is scored on that `routed` event, against the department.
 */
function scoreRoutedBack(scope: Scope, event: TaskEventOf<'routed'>, before: readonly TaskEvent[]) {
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i]
    if (prev.type === 'routed') return
    if (prev.type !== 'bounced') continue
    if (prev.data.department.code !== event.data.department.code) return
    const p = scope.version.rules.penalties.bounceUnjustified
    const s = prev.data.scoring
    push(scope, departmentSubject(scope.dir, prev.data.department.code, prev.data.department.name), {
      delta: -p,
      kind: 'deduction',
      reasonCode: 'bounce_unjustified',
      reason: `退回的工单 ${taskLabel(scope, s)} 经社治中心核实仍由本部门办理，退回不成立 ${signed(-p)}`,
      ruleKey: 'penalties.bounceUnjustified',
      scoring: s,
    })
    return
  }
}

/** 重新打开: the acceptance it undoes is reversed line by line (冲正), under the rules it was scored by. */
function scoreReopened(scope: Scope, before: readonly TaskEvent[], versions: readonly RuleSetVersion[]) {
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i]
    if (prev.type === 'reopened') return
    if (prev.type !== 'accepted') continue
    const version = versionInForce(versions, prev.at)
    if (!version) return
    const original: LedgerEntryDraft[] = []
    scoreAccepted({ event: prev, version, dir: scope.dir, out: original, title: scope.title }, prev)
    for (const o of original) {
      push(
        scope,
        { kind: o.subjectKind, id: o.subjectId, name: o.subjectName, territory: o.territory, department: o.department },
        {
          delta: -o.delta,
          kind: o.kind,
          reasonCode: 'reopen_reversal',
          reason: `工单重新打开，冲正「${o.reason}」`,
          ruleKey: o.ruleKey,
          scoring: prev.data.scoring,
          corrects: o.id,
          idReason: `reopen_reversal.${o.reasonCode}`,
        },
      )
    }
    return
  }
}

export interface ScoreOptions {
  /** score only these events of the log (the rest is history); default: all */
  only?: (event: TaskEvent) => boolean
}

/**
 * Ledger entries for the events of one task's log (ordered by seq, from `created` or at least from
 * the last `routed`/`accepted` before the events to score). Each event is scored by the rule version
 * in force when it happened; events before any version produce nothing.
 */
export function scoreTaskLog(
  log: readonly TaskEvent[],
  versions: readonly RuleSetVersion[],
  dir: ScoringDirectory,
  opts: ScoreOptions = {},
): LedgerEntryDraft[] {
  const out: LedgerEntryDraft[] = []
  const created = log.find((e) => e.type === 'created')
  const title = created?.type === 'created' ? created.data.title : undefined
  for (let i = 0; i < log.length; i++) {
    const event = log[i]
    if (opts.only && !opts.only(event)) continue
    const version = versionInForce(versions, event.at)
    if (!version) continue
    const scope: Scope = { event, version, dir, out, title }
    if (event.type === 'accepted') scoreAccepted(scope, event)
    else if (event.type === 'released' || event.type === 'claim_expired') scoreSeatLost(scope, event)
    else if (event.type === 'returned') scoreReturned(scope, event)
    else if (event.type === 'routed') scoreRoutedBack(scope, event, log.slice(0, i))
    else if (event.type === 'reopened') scoreReopened(scope, log.slice(0, i), versions)
  }
  return out
}

/** Event types that can produce entries (the rest are marked scored without work). */
export const SCORED_EVENT_TYPES: readonly TaskEventType[] = ['accepted', 'released', 'claim_expired', 'returned', 'routed', 'reopened']
