/**
 * The words of 奖惩考核 (points & assessment): who is scored, what kind of line a ledger entry is,
 * and the reason codes every entry carries. Keys are English (stored, matched by programs); labels
 * are what people read.
 */

/** Who a ledger entry is about. Territories are grids (or a community, when a task lies at that level). */
export const SUBJECT_KINDS = ['person', 'territory', 'department'] as const
export type SubjectKind = (typeof SUBJECT_KINDS)[number]

export const SUBJECT_KIND_LABELS: Record<SubjectKind, string> = { person: '个人', territory: '网格/社区', department: '部门' }

/**
 * How an entry counts in a period total. `base` 基础分 (pay for work done), `bonus` 加分 (counts
 * only up to the period's bonus cap), `deduction` 扣分. A correction (冲正) carries the kind of the
 * entry it corrects, so a reversed bonus still counts against the cap correctly.
 */
export const ENTRY_KINDS = ['base', 'bonus', 'deduction'] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]

export const ENTRY_KIND_LABELS: Record<EntryKind, string> = { base: '基础分', bonus: '加分', deduction: '扣分' }

/** Why an entry exists. Each one is produced by exactly one rule (or correction path). */
export const REASON_CODES = [
  'task_base',
  'task_reward',
  'quality',
  'on_time',
  'early',
  'overdue',
  'task_bonus_cap',
  'released',
  'claim_expired',
  'returned',
  'bounce_unjustified',
  'territory_on_time',
  'territory_overdue',
  'department_on_time',
  'department_overdue',
  'reopen_reversal',
  'appeal_granted',
] as const
export type ReasonCode = (typeof REASON_CODES)[number]

export const REASON_LABELS: Record<ReasonCode, string> = {
  task_base: '办结基础分',
  task_reward: '悬赏积分',
  quality: '验收评分',
  on_time: '按时办结',
  early: '提前办结',
  overdue: '超期办结',
  task_bonus_cap: '单件加分封顶',
  released: '放弃认领',
  claim_expired: '认领超时',
  returned: '被驳回',
  bounce_unjustified: '退回不成立',
  territory_on_time: '辖区工单按时办结',
  territory_overdue: '辖区工单超期',
  department_on_time: '部门工单按时办结',
  department_overdue: '部门工单超期',
  reopen_reversal: '重新打开冲正',
  appeal_granted: '申诉成立冲正',
}

/** Reason codes a person may appeal (申诉): deductions that came from their own conduct on a task. */
export const APPEALABLE_REASONS: readonly ReasonCode[] = ['overdue', 'released', 'claim_expired', 'returned', 'quality']

/** How long an assessment period is. */
export const PERIOD_KINDS = ['month', 'quarter'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]
export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = { month: '按月', quarter: '按季度' }

/** 申诉 outcomes. `upheld` 维持原扣分 (nothing changes); `granted` 申诉成立 (a correction entry). */
export const APPEAL_DECISIONS = ['upheld', 'granted'] as const
export type AppealDecision = (typeof APPEAL_DECISIONS)[number]
export const APPEAL_STATUS_LABELS = { pending: '申诉处理中', upheld: '申诉未通过（维持原扣分）', granted: '申诉成立（已冲正）' } as const
export type AppealStatus = keyof typeof APPEAL_STATUS_LABELS

/** Leaderboard groupings. */
export const BOARD_KINDS = ['people', 'grids', 'communities', 'departments'] as const
export type BoardKind = (typeof BOARD_KINDS)[number]
export const BOARD_KIND_LABELS: Record<BoardKind, string> = { people: '个人', grids: '网格', communities: '村/社区', departments: '部门' }
