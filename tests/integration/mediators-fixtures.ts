/** Helpers of the mediators-*.test.ts files: a pool of mediators built through the admin API, and the red 婚恋家庭 case. */
import type { AddMediatorBody, CreateTaskInput, TaskMediationView } from '@jqtb/shared'
import { profileFields } from '@jqtb/shared'
import type { TestApp } from '../support/app'
import { as, DISPATCHER } from './tasks-fixtures'

export const ADMIN = 'u-admin'
export const CENTRE = 'u-liugang' // dispatcher + dept lead of 社治中心
export { DISPATCHER }

const profile = (p: Record<string, unknown>) => profileFields.parse({ publicCard: true, ...p })

/** Staff from the demo street, as mediators. */
export const STAFF: Array<[string, Record<string, unknown>]> = [
  ['u-xuming', { type: 'police', domains: ['family'], home: 'GT-01-02', years: 8 }],
  ['u-hejun', { type: 'police', domains: ['family'], home: 'GT-02', years: 15 }],
  ['u-majie', { type: 'judicial', domains: ['family', 'debt'], home: 'GT-03', years: 18 }],
  ['u-caoyong', { type: 'professional', domains: ['family', 'neighbour'], home: 'GT-03', years: 12 }],
  ['u-linfang', { type: 'cadre', domains: ['family'], home: 'GT-01', years: 10 }],
  ['u-yangxue', { type: 'legal_aid', domains: ['labour', 'wages'] }],
  ['u-luoping', { type: 'labour', domains: ['labour', 'wages'] }],
]

export const APPLICANT_PHONE = '13905748801'
export const RESPONDENT_PHONE = '13905748802'

/** External people (reached by SMS). 黄新华 scores best as 专职调解员; 张建平 lives with the applicant. */
export const EXTERNAL: Array<Extract<AddMediatorBody, { kind: 'external' }>> = [
  {
    kind: 'external',
    name: '黄新华',
    phone: '13905746601',
    profile: profile({ type: 'professional', domains: ['family', 'neighbour'], dialects: ['慈溪话'], years: 26, home: 'GT-01-02' }),
    relations: [],
  },
  {
    kind: 'external',
    name: '张建平',
    phone: '13905746607',
    profile: profile({ type: 'cadre', domains: ['family'], years: 15, home: 'GT-01-02-03' }),
    relations: [{ kind: 'household', name: '张丽', phone: APPLICANT_PHONE, note: '父女' }],
  },
]

export interface Pool {
  huang: string
  zhangjianping: string
}

export async function buildPool(app: TestApp): Promise<Pool> {
  const admin = as(app, ADMIN)
  const org = await admin.post('/api/mediation/orgs', {
    name: '黄新华工作室',
    kind: 'brand',
    territory: 'GT-01',
    contactName: '黄新华',
    contactPhone: '0574-63012031',
  })
  if (org.status !== 201) throw new Error(`org: ${org.status} ${JSON.stringify(org.body)}`)
  for (const [userId, p] of STAFF) {
    const res = await admin.post('/api/mediators', { kind: 'staff', userId, profile: profile(p) })
    if (res.status !== 201) throw new Error(`staff ${userId}: ${res.status} ${JSON.stringify(res.body)}`)
  }
  const ids: string[] = []
  for (const body of EXTERNAL) {
    const res = await admin.post('/api/mediators', { ...body, profile: { ...body.profile, orgIds: body.name === '黄新华' ? [org.body.id] : [] } })
    if (res.status !== 201) throw new Error(`external ${body.name}: ${res.status} ${JSON.stringify(res.body)}`)
    ids.push(res.body.id)
  }
  return { huang: ids[0], zhangjianping: ids[1] }
}

export const familyCase = (over: Partial<CreateTaskInput> = {}): Partial<CreateTaskInput> => ({
  title: '夫妻矛盾激化',
  // a threat in words turns a case red by itself (the risk engine): a case asked for below red has none
  description: over.riskColour && over.riskColour !== 'red' ? '夫妻因家务琐事争吵，互不相让。' : '丈夫酒后扬言同归于尽。',
  category: 'family',
  tier: 'complex',
  territory: 'GT-01-02-03',
  riskColour: 'red',
  parties: [
    { name: '张丽', role: '申请人', phone: APPLICANT_PHONE },
    { name: '王强', role: '被申请人', phone: RESPONDENT_PHONE },
  ],
  ...over,
})

/** The engine's picks as a confirm body. */
export function picksOf(proposal: { slots: Array<{ key: string; picks: Array<{ id: string }> }> }) {
  return proposal.slots.flatMap((s) => s.picks.map((p) => ({ slotKey: s.key, mediatorId: p.id })))
}

export const uuid = () => crypto.randomUUID()

export async function mediation(app: TestApp, taskId: string, userId = CENTRE): Promise<TaskMediationView> {
  const res = await as(app, userId).get(`/api/mediation/tasks/${taskId}`)
  if (res.status !== 200) throw new Error(`mediation: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** Proposes and confirms the engine's team for a task; returns the team id. */
export async function formTeam(app: TestApp, taskId: string, userId = CENTRE): Promise<string> {
  const proposal = await as(app, userId).get(`/api/mediation/tasks/${taskId}/proposal`)
  if (proposal.status !== 200) throw new Error(`proposal: ${proposal.status} ${JSON.stringify(proposal.body)}`)
  const res = await as(app, userId).post(`/api/mediation/tasks/${taskId}/team`, { requestId: uuid(), members: picksOf(proposal.body) })
  if (res.status !== 201) throw new Error(`team: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.team.id
}

/** Waits until `check` passes (what follows a task event is reconciled right after the task's effects). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (err) {
      if (Date.now() > until) throw err
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}
