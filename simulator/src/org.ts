import { createHash } from 'node:crypto'
import { buildTerritoryTree, DEMO_CORP_ID, DEMO_DEPARTMENTS, DEMO_TENANT_ID, DEMO_USERS, STREET_NAME } from '@jqtb/shared/src/demo-org'

/**
 * The organisation both simulated platforms serve, built from the same fixture as the BFF seed
 * (shared/src/demo-org.ts), so every demo user has a DingTalk identity (userid, unionid, departments)
 * and a 浙政钉 identity (accountId, employeeCode, organisations) that map to a seeded user.
 */

/** The apps registered on the simulated platforms. The BFF's simulator-mode defaults (bff/src/config.ts) match these. */
export const SEEDED_APPS = {
  dingtalk: {
    appKey: 'dingsimjqtb00000001',
    appSecret: 'sim-dingtalk-app-secret-0123456789abcdef',
    agentId: 100000001,
    corpId: DEMO_CORP_ID,
    /** event subscription (docs/dingtalk.md#event-push) */
    callbackToken: 'simcallbacktoken',
    callbackAesKey: 'c2ltdWxhdG9yLWFlcy1rZXktMzItYnl0ZXMtbG9uZyE',
  },
  zhezhengding: {
    appKey: 'jqtb-sim-zzd',
    appSecret: 'sim-zzd-app-secret-0123456789abcdef',
    tenantId: DEMO_TENANT_ID,
    tenantName: '古塘街道（模拟租户）',
  },
} as const

export interface SimDepartment {
  deptId: number
  name: string
  parentId?: number
  /** 浙政钉 organisation code of the same unit */
  orgCode: string
  /** our code (territory or department) this unit stands for */
  ourCode: string
  order: number
}

export interface SimUser {
  /** our user id (u-wangli); `sim-visitor` is a platform member our organisation does not know */
  id: string
  name: string
  roles: string[]
  territory: string
  department?: string
  title: string
  mobile?: string
  active: boolean
  inOurOrg: boolean
  dingtalk: { userid: string; unionid: string; deptIds: number[]; leaderDeptIds: number[]; sysLevel: number; jobNumber: string }
  zzd: { accountId: number; employeeCode: string; account: string; orgCodes: string[] }
}

const orgCode = (ourCode: string) => `GO_${createHash('sha1').update(`org:${ourCode}`).digest('hex').slice(0, 32)}`

function buildDepartments(): SimDepartment[] {
  const depts: SimDepartment[] = [{ deptId: 1, name: STREET_NAME, orgCode: orgCode('GT'), ourCode: 'GT', order: 0 }]
  DEMO_DEPARTMENTS.forEach((d, i) => {
    depts.push({ deptId: 101 + i, name: d.name, parentId: 1, orgCode: orgCode(d.code), ourCode: d.code, order: i + 1 })
  })
  const communityIds = new Map<string, number>()
  for (const t of buildTerritoryTree()) {
    if (t.level === 'community') {
      const index = Number(t.code.slice(3))
      communityIds.set(t.code, 200 + index)
      depts.push({ deptId: 200 + index, name: t.name, parentId: 1, orgCode: orgCode(t.code), ourCode: t.code, order: 100 + index })
    } else if (t.level === 'grid') {
      const parent = communityIds.get(t.parent ?? '') ?? 1
      const suffix = t.code.split('-')[2]
      const gridNo = suffix.startsWith('Z') ? 90 + Number(suffix.slice(1)) : Number(suffix)
      depts.push({ deptId: parent * 100 + gridNo, name: t.fullName, parentId: parent, orgCode: orgCode(t.code), ourCode: t.code, order: t.order })
    }
  }
  return depts
}

const VISITOR = {
  id: 'sim-visitor',
  name: '访客甲',
  roles: [] as string[],
  territory: 'GT',
  title: '外单位人员',
  active: true,
  dingtalk: { userid: 'dt_visitor', unionid: 'unvisitor000000000000001' },
  zzd: { accountId: 105999, employeeCode: `GE_${createHash('sha1').update('emp:visitor').digest('hex').slice(0, 32)}` },
}

export interface SimOrg {
  departments: SimDepartment[]
  users: SimUser[]
  deptById: Map<number, SimDepartment>
  deptByOrgCode: Map<string, SimDepartment>
  userByDingtalkId: Map<string, SimUser>
  userByAccountId: Map<number, SimUser>
  userByEmployeeCode: Map<string, SimUser>
  userById: Map<string, SimUser>
}

export function buildOrg(): SimOrg {
  const departments = buildDepartments()
  const byOurCode = new Map(departments.map((d) => [d.ourCode, d]))
  const deptFor = (code: string | undefined) => (code ? byOurCode.get(code) : undefined)
  const users: SimUser[] = [
    ...DEMO_USERS.map((u) => ({ ...u, inOurOrg: true })),
    { ...VISITOR, inOurOrg: false, department: undefined, mobile: undefined },
  ].map((u, i) => {
    const units = [deptFor(u.department) ?? deptFor(u.territory) ?? departments[0]]
    // a grid worker who also mediates belongs to the justice office as well: a user with two departments
    if (u.roles.includes('mediator') && u.roles.includes('grid_worker')) units.push(deptFor('SFS') ?? departments[0])
    const leads = u.roles.includes('dept_lead') ? [units[0].deptId] : []
    return {
      id: u.id,
      name: u.name,
      roles: [...u.roles],
      territory: u.territory,
      department: u.department,
      title: u.title,
      mobile: u.mobile,
      active: u.active,
      inOurOrg: u.inOurOrg,
      dingtalk: {
        userid: u.dingtalk.userid,
        unionid: u.dingtalk.unionid,
        deptIds: units.map((d) => d.deptId),
        leaderDeptIds: leads,
        sysLevel: u.roles.includes('admin') ? 1 : 0,
        jobNumber: `GT${String(i + 1).padStart(4, '0')}`,
      },
      zzd: {
        accountId: u.zzd.accountId,
        employeeCode: u.zzd.employeeCode,
        account: u.dingtalk.userid.replace(/^dt_/, 'gt-'),
        orgCodes: units.map((d) => d.orgCode),
      },
    }
  })
  return {
    departments,
    users,
    deptById: new Map(departments.map((d) => [d.deptId, d])),
    deptByOrgCode: new Map(departments.map((d) => [d.orgCode, d])),
    userByDingtalkId: new Map(users.map((u) => [u.dingtalk.userid, u])),
    userByAccountId: new Map(users.map((u) => [u.zzd.accountId, u])),
    userByEmployeeCode: new Map(users.map((u) => [u.zzd.employeeCode, u])),
    userById: new Map(users.map((u) => [u.id, u])),
  }
}
