import { type DemoUserView, type PersonChange, type PersonDetail, type PersonRow, PLATFORM_LABELS, ROLE_LABELS, type Role } from '@jqtb/shared'
import type { Db } from '../infra/db'
import { identitiesOfUser } from './identities'
import type { ChangeKind, FieldChange, PersonField, UserChangeDoc, UserDepartureDoc, UserDoc } from './model'

/** 13805740101 → 138****0101 */
export function maskMobile(mobile?: string): string | undefined {
  if (!mobile) return undefined
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****'
}

/** A demo user of the dev login (`GET /api/dev/users`). */
export function presentDemoUser(u: UserDoc, territoryName: string): DemoUserView {
  return {
    id: u._id,
    name: u.name,
    roles: u.roles,
    roleLabels: u.roles.map((r) => ROLE_LABELS[r]),
    territory: u.territory,
    department: u.department,
    title: u.title,
    mobile: maskMobile(u.mobile),
    tags: u.tags ?? [],
    territoryName,
  }
}

/** Territory and department names for the codes a page shows. */
export interface Names {
  territory(code: string): string
  department(code: string): string
}

export async function namesFor(db: Db, territoryCodes: Iterable<string>): Promise<Names> {
  const [territories, departments] = await Promise.all([
    db.models.Territory.find({ _id: { $in: [...new Set(territoryCodes)] } }, { _id: 1, fullName: 1 }).lean(),
    db.models.Department.find({}, { _id: 1, name: 1 }).lean(),
  ])
  const t = new Map(territories.map((x) => [x._id, x.fullName]))
  const d = new Map(departments.map((x) => [x._id, x.name]))
  return { territory: (code) => t.get(code) ?? code, department: (code) => d.get(code) ?? code }
}

/** One line of the people list (管理员、社治中心). Phones masked. */
export function presentPersonRow(u: UserDoc, names: Names, departed: boolean): PersonRow {
  return {
    id: u._id,
    name: u.name,
    title: u.title ?? '',
    mobile: maskMobile(u.mobile) ?? null,
    roles: u.roles,
    roleLabels: u.roles.map((r) => ROLE_LABELS[r]),
    territory: { code: u.territory, name: names.territory(u.territory) },
    department: u.department ? { code: u.department, name: names.department(u.department) } : null,
    tags: u.tags ?? [],
    /** may sign in: no departure record and not marked inactive */
    active: !departed && u.active !== false,
    identities: identitiesOfUser(u).map((i) => ({ provider: i.provider, platform: PLATFORM_LABELS[i.provider], externalId: i.externalId })),
  }
}

const FIELD_LABELS: Record<PersonField, string> = {
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

const KIND_LABELS: Record<ChangeKind, string> = {
  created: '添加',
  updated: '修改',
  identity_linked: '关联账号',
  identity_unlinked: '解除账号',
  deactivated: '停用',
  reactivated: '恢复',
  synced: '通讯录更新',
}

function showValue(field: PersonField, value: unknown, names: Names): string {
  if (value === undefined || value === null) return '—'
  switch (field) {
    case 'roles':
      return (value as Role[]).map((r) => ROLE_LABELS[r] ?? r).join('、') || '—'
    case 'tags':
      return (value as string[]).join('、') || '无'
    case 'territory':
      return names.territory(String(value))
    case 'department':
      return names.department(String(value))
    case 'mobile':
      return maskMobile(String(value)) ?? '—'
    case 'active':
      return value ? '在职' : '停用'
    case 'dingtalk':
      return (value as { userid?: string }).userid ?? '—'
    case 'zzd':
      return String((value as { accountId?: number }).accountId ?? '—')
    default:
      return String(value)
  }
}

export const territoriesInChanges = (history: UserChangeDoc[]) =>
  history.flatMap((c) => c.changes.filter((x) => x.field === 'territory').flatMap((x) => [x.from, x.to].filter((v): v is string => typeof v === 'string')))

export function presentChange(c: UserChangeDoc, names: Names): PersonChange {
  return {
    seq: c.seq,
    at: new Date(c.at).toISOString(),
    actor: { id: c.actor.id, name: c.actor.name },
    kind: c.kind,
    kindLabel: KIND_LABELS[c.kind] ?? c.kind,
    note: c.note ?? null,
    changes: c.changes.map((x: FieldChange) => ({
      field: x.field,
      label: FIELD_LABELS[x.field] ?? x.field,
      from: showValue(x.field, x.from, names),
      to: showValue(x.field, x.to, names),
    })),
  }
}

/** A person's page: the row, when they were added, the departure if any, and their history. */
export function presentPersonDetail(u: UserDoc, names: Names, departure: UserDepartureDoc | null, history: UserChangeDoc[]): PersonDetail {
  return {
    ...presentPersonRow(u, names, !!departure),
    createdAt: new Date(u.createdAt).toISOString(),
    updatedAt: new Date(u.updatedAt).toISOString(),
    departure: departure ? { at: new Date(departure.at).toISOString(), by: departure.by.name, reason: departure.reason ?? null } : null,
    history: history.map((c) => presentChange(c, names)),
  }
}
