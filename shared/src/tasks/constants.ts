/**
 * The words of the 揭榜认领 task lifecycle: states, claim modes, tiers, closure codes, risk colours,
 * categories, event types. Keys are English (stored, matched by programs); labels are what people see.
 */

/**
 * Where a task is in its life. `draft` and `escalated` sit with the centre (社治中心) — an escalated
 * task keeps its holders until the centre answers; `routed` and `signed` with a department;
 * `published` in the hall; `claimed` → `in_progress` → `submitted` with the holder(s); `returned`
 * back with the holder after a review said no.
 */
export const TASK_STATES = [
  'draft',
  'routed',
  'signed',
  'published',
  'claimed',
  'in_progress',
  'submitted',
  'returned',
  'escalated',
  'closed',
  'cancelled',
] as const
export type TaskStateName = (typeof TASK_STATES)[number]

export const TASK_STATE_LABELS: Record<TaskStateName, string> = {
  draft: '待分拨',
  routed: '待签收',
  signed: '待分派',
  published: '揭榜中',
  claimed: '已认领',
  in_progress: '处置中',
  submitted: '待验收',
  returned: '已驳回',
  escalated: '已上报',
  closed: '已办结',
  cancelled: '已撤销',
}

export const TERMINAL_STATES: readonly TaskStateName[] = ['closed', 'cancelled']
/** States in which the task is with the people doing the work (their claim / SLA clocks matter). */
export const HELD_STATES: readonly TaskStateName[] = ['claimed', 'in_progress', 'returned']

/**
 * How a published task is won. `first_come` 抢单: the first claimant holds it. `apply` 申请→审批:
 * claimants apply, a lead approves one. `reserved` 定向: only the named people may claim. `team`
 * 攻坚小组: N seats, each won by one claim.
 */
export const CLAIM_MODES = ['first_come', 'apply', 'reserved', 'team'] as const
export type ClaimMode = (typeof CLAIM_MODES)[number]

export const CLAIM_MODE_LABELS: Record<ClaimMode, string> = {
  first_come: '抢单',
  apply: '申请→审批',
  reserved: '定向',
  team: '攻坚小组',
}

/** Complexity tier: sets the SLA (defaults: simple 1 day, general 7 days, complex 20 days). */
export const TASK_TIERS = ['simple', 'general', 'complex'] as const
export type TaskTier = (typeof TASK_TIERS)[number]

export const TASK_TIER_LABELS: Record<TaskTier, string> = {
  simple: '简单',
  general: '一般',
  complex: '复杂',
}

/** Why a task ended (accepted or cancelled). */
export const CLOSURE_CODES = ['resolved', 'mediated', 'duplicate', 'transferred', 'unreachable', 'litigation', 'withdrawn', 'invalid', 'other'] as const
export type ClosureCode = (typeof CLOSURE_CODES)[number]

export const CLOSURE_LABELS: Record<ClosureCode, string> = {
  resolved: '已解决',
  mediated: '调解成功',
  duplicate: '重复工单',
  transferred: '非本单位职责（已移交）',
  unreachable: '当事人联系不上',
  litigation: '已转诉讼/仲裁',
  withdrawn: '当事人撤回',
  invalid: '无效警情',
  other: '其他',
}

/** 三色预警. */
export const RISK_COLOURS = ['red', 'yellow', 'green'] as const
export type RiskColour = (typeof RISK_COLOURS)[number]

export const RISK_LABELS: Record<RiskColour, string> = { red: '红色预警', yellow: '黄色预警', green: '绿色' }

/** Where a task came from. */
export const TASK_ORIGINS = ['centre', 'intake', 'direct_report', 'self_report'] as const
export type TaskOrigin = (typeof TASK_ORIGINS)[number]

export const TASK_ORIGIN_LABELS: Record<TaskOrigin, string> = {
  centre: '社治中心派发',
  intake: '渠道归集',
  direct_report: '网格员直接上报',
  self_report: '网格员自处理上报',
}

/**
 * The shared dispute taxonomy (纠纷类型) with the department each kind goes to by default. The
 * admin-editable routing table (intake) may override the department; the codes are stable.
 */
export const TASK_CATEGORIES = [
  { code: 'neighbour', label: '邻里纠纷', department: 'PCS' },
  { code: 'family', label: '婚恋家庭纠纷', department: 'PCS' },
  { code: 'labour', label: '劳资纠纷', department: 'LDBZ' },
  { code: 'wages', label: '拖欠工资', department: 'LDBZ' },
  { code: 'debt', label: '债务纠纷', department: 'SFS' },
  { code: 'land', label: '土地/宅基地纠纷', department: 'ZRZY' },
  { code: 'property', label: '物业纠纷', department: 'SFS' },
  { code: 'consumer', label: '消费纠纷', department: 'SCJG' },
  { code: 'traffic', label: '交通事故纠纷', department: 'PCS' },
  { code: 'noise', label: '噪音扰民', department: 'ZHZF' },
  { code: 'building', label: '违章搭建', department: 'ZHZF' },
  { code: 'vending', label: '占道经营', department: 'ZHZF' },
  { code: 'public_order', label: '治安隐患', department: 'PCS' },
  { code: 'petition', label: '信访诉求', department: 'XFB' },
  { code: 'other', label: '其他', department: 'SZZX' },
] as const
export type TaskCategory = (typeof TASK_CATEGORIES)[number]['code']
export const TASK_CATEGORY_CODES = TASK_CATEGORIES.map((c) => c.code) as [TaskCategory, ...TaskCategory[]]
export const TASK_CATEGORY_LABELS = Object.fromEntries(TASK_CATEGORIES.map((c) => [c.code, c.label])) as Record<TaskCategory, string>

/** Kinds of progress record (处置进展). */
export const PROGRESS_KINDS = ['visit', 'call', 'mediation', 'agreement', 'note'] as const
export type ProgressKind = (typeof PROGRESS_KINDS)[number]
export const PROGRESS_KIND_LABELS: Record<ProgressKind, string> = {
  visit: '现场走访',
  call: '电话联系',
  mediation: '调解',
  agreement: '达成调解协议',
  note: '情况说明',
}

/** Every event the task log can hold (task_events). The timeline in the app is this log. */
export const TASK_EVENT_TYPES = [
  'created',
  'routed',
  'signed',
  'bounced',
  'published',
  'claim_applied',
  'claimed',
  'claim_approved',
  'assigned',
  'claim_extended',
  'released',
  'claim_expired',
  'progress',
  'submitted',
  'accepted',
  'returned',
  'escalated',
  'sent_back',
  'overdue_escalated',
  'reopened',
  'cancelled',
  'phone_revealed',
  'appeal_filed',
  'appeal_decided',
  'team_formed',
  'team_changed',
  'source_added',
  'risk_changed',
  'risk_escalated',
] as const
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number]

/**
 * Notes: events that record something on the task's log without changing the task (not even its
 * `updatedAt`, so a points appeal months later does not bring a closed task to the top of the
 * lists). They may be appended in any state, closed and cancelled included.
 */
export const NOTE_EVENT_TYPES = ['phone_revealed', 'appeal_filed', 'appeal_decided', 'source_added'] as const satisfies readonly TaskEventType[]
export type NoteEventType = (typeof NOTE_EVENT_TYPES)[number]
export const isNoteEvent = (type: TaskEventType): type is NoteEventType => (NOTE_EVENT_TYPES as readonly TaskEventType[]).includes(type)

/**
 * 三色预警 on the log: a colour change (by the risk engine or by a person) and the escalation of a red
 * warning nobody acted on. Like notes they may be appended in any state and leave `updatedAt` alone,
 * but they do change the task's colour and its follow-up deadline.
 */
export const RISK_EVENT_TYPES = ['risk_changed', 'risk_escalated'] as const satisfies readonly TaskEventType[]
export type RiskEventType = (typeof RISK_EVENT_TYPES)[number]
export const isRiskEvent = (type: TaskEventType): type is RiskEventType => (RISK_EVENT_TYPES as readonly TaskEventType[]).includes(type)

/** Events that record something about the task rather than work on it: no one "touched" the case by them. */
export const isRecordOnly = (type: TaskEventType) => isNoteEvent(type) || isRiskEvent(type)

/** 弱势当事人: flags a party may carry (the risk engine weighs them). */
export const VULNERABLE_FLAGS = ['elderly', 'minor', 'disabled', 'pregnant'] as const
export type VulnerableFlag = (typeof VULNERABLE_FLAGS)[number]
export const VULNERABLE_FLAG_LABELS: Record<VulnerableFlag, string> = { elderly: '老人', minor: '未成年人', disabled: '残疾人', pregnant: '孕妇' }

/** How an appeal (申诉) against a deduction ended: the deduction stands, or a correction gave it back. */
export const APPEAL_OUTCOME_LABELS = { upheld: '维持', granted: '已更正' } as const

export const TASK_EVENT_LABELS: Record<TaskEventType, string> = {
  created: '创建工单',
  routed: '分拨至部门',
  signed: '签收',
  bounced: '退回',
  published: '发布揭榜',
  claim_applied: '申请认领',
  claimed: '揭榜认领',
  claim_approved: '审批通过认领',
  assigned: '指派',
  claim_extended: '延长认领时限',
  released: '放弃认领',
  claim_expired: '认领超时自动释放',
  progress: '处置进展',
  submitted: '提交验收',
  accepted: '验收通过',
  returned: '驳回',
  escalated: '上报',
  sent_back: '发回继续办理',
  overdue_escalated: '超期督办',
  reopened: '重新打开',
  cancelled: '撤销',
  phone_revealed: '查看当事人号码',
  appeal_filed: '提出积分申诉',
  appeal_decided: '申诉已处理',
  team_formed: '组建攻坚小组',
  team_changed: '攻坚小组调整',
  source_added: '并入同一事件的线索',
  risk_changed: '风险预警',
  risk_escalated: '红色预警督办',
}

/**
 * The verbs a user can take on a task. Each is one endpoint, `POST /api/tasks/:id/<verb>`, and the
 * mini-app shows exactly the verbs `availableActions` returns as buttons.
 */
export const TASK_ACTIONS = [
  'route',
  'publish',
  'sign',
  'bounce',
  'assign',
  'claim',
  'approve-claim',
  'extend',
  'release',
  'progress',
  'submit',
  'review',
  'escalate',
  'send-back',
  'reopen',
  'cancel',
  'reveal-phone',
] as const
export type TaskAction = (typeof TASK_ACTIONS)[number]

export const TASK_ACTION_LABELS: Record<TaskAction, string> = {
  route: '分拨',
  publish: '发布揭榜',
  sign: '签收',
  bounce: '退回',
  assign: '指派',
  claim: '揭榜认领',
  'approve-claim': '审批认领',
  extend: '申请延期',
  release: '放弃',
  progress: '记录进展',
  submit: '提交验收',
  review: '验收',
  escalate: '上报',
  'send-back': '发回继续办理',
  reopen: '重新打开',
  cancel: '撤销',
  'reveal-phone': '查看号码',
}

/** The label for a button: claiming an apply-mode task is an application. */
export function actionLabel(action: TaskAction, claimMode?: ClaimMode | null): string {
  if (action === 'claim' && claimMode === 'apply') return '申请认领'
  if (action === 'claim' && claimMode === 'team') return '加入攻坚小组'
  return TASK_ACTION_LABELS[action]
}

/** Who did a thing that is not a person: sweepers and timers. */
export const SYSTEM_ACTOR = { id: 'system', name: '系统' } as const
