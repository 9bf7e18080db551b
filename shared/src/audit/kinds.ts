/**
 * What the audit trail (审计日志) records: every administrative change and every reveal of a party's
 * phone number, each as one entry with who, when, what and about whom (GB/T 22239-2019 安全审计).
 */
export const AUDIT_KINDS = [
  'person.created',
  'person.updated',
  'person.identity_linked',
  'person.identity_unlinked',
  'person.deactivated',
  'person.reactivated',
  'person.synced',
  'settings.saved',
  'rules.draft_saved',
  'rules.published',
  'appeal.decided',
  'org.synced',
  'phone.revealed',
  'parties.anonymised',
] as const
export type AuditKind = (typeof AUDIT_KINDS)[number]

export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  'person.created': '添加人员',
  'person.updated': '修改人员资料',
  'person.identity_linked': '关联账号',
  'person.identity_unlinked': '解除账号关联',
  'person.deactivated': '停用人员',
  'person.reactivated': '恢复人员',
  'person.synced': '通讯录同步更新人员',
  'settings.saved': '修改工单设置',
  'rules.draft_saved': '保存考核规则草稿',
  'rules.published': '发布考核规则',
  'appeal.decided': '处理积分申诉',
  'org.synced': '同步通讯录',
  'phone.revealed': '查看当事人号码',
  'parties.anonymised': '当事人信息到期匿名化',
}

/** The filter groups the audit page offers (a group is a set of kinds). */
export const AUDIT_GROUPS = {
  people: [
    'person.created',
    'person.updated',
    'person.identity_linked',
    'person.identity_unlinked',
    'person.deactivated',
    'person.reactivated',
    'person.synced',
    'org.synced',
  ],
  settings: ['settings.saved', 'rules.draft_saved', 'rules.published', 'appeal.decided'],
  reveals: ['phone.revealed'],
  retention: ['parties.anonymised'],
} as const satisfies Record<string, readonly AuditKind[]>
export type AuditGroup = keyof typeof AUDIT_GROUPS

export const AUDIT_GROUP_LABELS: Record<AuditGroup, string> = {
  people: '人员与账号',
  settings: '设置与规则',
  reveals: '查看号码',
  retention: '到期匿名化',
}
