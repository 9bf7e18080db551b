/** The audit line (审计日志) of a change to a person: who changed whom, which fields, never the values of numbers. */
import type { AuditEntryDoc } from '../audit/model'
import type { Actor, ChangeKind, PersonField, UserDoc } from './model'
import type { ChangeDraft } from './store'

export const PERSON_FIELD_LABELS: Record<PersonField, string> = {
  name: '姓名',
  title: '职务',
  mobile: '手机号',
  roles: '角色',
  territory: '属地',
  department: '部门',
  tags: '专长',
  active: '状态',
  dingtalk: '钉钉账号',
  zzd: '浙政钉账号',
}

const VERBS: Record<ChangeKind, string> = {
  created: '添加了人员',
  updated: '修改了人员资料',
  identity_linked: '关联了账号',
  identity_unlinked: '解除了账号关联',
  deactivated: '停用了人员',
  reactivated: '恢复了人员',
  synced: '通讯录同步更新了人员',
}

export function personAuditEntry(changeId: string, at: Date, actor: Actor, before: UserDoc, draft: ChangeDraft): AuditEntryDoc {
  const fields = draft.changes.map((c) => PERSON_FIELD_LABELS[c.field] ?? c.field)
  const name = (draft.changes.find((c) => c.field === 'name')?.to as string | undefined) ?? before.name
  return {
    _id: `person:${changeId}`,
    at,
    kind: `person.${draft.kind}`,
    actor: { id: actor.id, name: actor.name },
    subject: { type: 'person', id: before._id, label: name },
    summary: `${actor.name}${VERBS[draft.kind]}「${name}」${fields.length ? `（${fields.join('、')}）` : ''}${draft.note ? `：${draft.note}` : ''}`,
    fields,
  }
}
