import { buildTerritoryTree, DEMO_DEPARTMENTS, DEMO_USERS } from '@jqtb/shared/src/demo-org'
import type { Model } from 'mongoose'
import type { Db } from '../infra/db'
import { seedDefaultRules } from '../points/rules'
import { seedDemoTaskData } from '../tasks/demo'
import { identityKey } from '../users/model'

export interface SeedReport {
  inserted: number
  updated: number
  unchanged: number
}

/** Stable JSON for comparing a stored document with the desired one (key order, dates as ISO). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  )
}

/**
 * Make the collection contain `docs` (by `_id`): insert what is missing, rewrite what differs,
 * leave the rest alone. `ignore` names fields that are not part of the comparison (timestamps).
 */
async function converge<T extends { _id: string }>(model: Model<T>, docs: T[], ignore: string[] = []): Promise<SeedReport> {
  const report: SeedReport = { inserted: 0, updated: 0, unchanged: 0 }
  const existing = new Map<string, Record<string, unknown>>()
  const ids = docs.map((d) => d._id)
  for (let i = 0; i < ids.length; i += 500) {
    const found = await model.find({ _id: { $in: ids.slice(i, i + 500) } }).lean()
    for (const f of found) existing.set(String(f._id), f as Record<string, unknown>)
  }
  const strip = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([k, v]) => !ignore.includes(k) && v !== undefined))
  const toInsert: T[] = []
  for (const doc of docs) {
    const current = existing.get(doc._id)
    if (!current) toInsert.push(doc)
    else if (canonical(strip(current)) !== canonical(strip(doc as unknown as Record<string, unknown>))) {
      const { _id, ...rest } = doc as Record<string, unknown>
      const set = Object.fromEntries(Object.entries(rest).filter(([k]) => !ignore.includes(k)))
      await model.updateOne({ _id: doc._id } as never, { $set: set } as never)
      report.updated++
    } else report.unchanged++
  }
  // batches of ≤ 100 keep ordered inserts well-defined on FerretDB (docs/database.md#other-differences)
  for (let i = 0; i < toInsert.length; i += 100) {
    await model.insertMany(toInsert.slice(i, i + 100), { ordered: true })
    report.inserted += Math.min(100, toInsert.length - i)
  }
  return report
}

export interface SeedOptions {
  now?: Date
  /** also create the demo tasks (npm start); tests leave them out and make their own */
  demoTasks?: { piiKey: string }
}

/** Seeds the demo street, departments, users and rules (and, if asked, tasks). Idempotent and deterministic. */
export async function seedDemo(db: Db, { now = new Date(), demoTasks }: SeedOptions = {}): Promise<Record<string, SeedReport>> {
  const { Territory, Department, User, UserIdentity } = db.models
  const territories = buildTerritoryTree().map(({ code, ...rest }) => ({ _id: code, ...rest }))
  const departments = DEMO_DEPARTMENTS.map((d, order) => ({ _id: d.code, name: d.name, domains: d.domains, order }))
  const users = DEMO_USERS.map((u) => ({
    _id: u.id,
    name: u.name,
    roles: u.roles,
    territory: u.territory,
    department: u.department,
    title: u.title,
    mobile: u.mobile,
    tags: u.tags,
    active: u.active,
    dingtalk: u.dingtalk,
    zzd: u.zzd,
    createdAt: now,
    updatedAt: now,
  }))
  const identities = DEMO_USERS.flatMap((u) => [
    { _id: identityKey('dingtalk', u.dingtalk.userid), userId: u.id },
    { _id: identityKey('zzd', u.zzd.accountId), userId: u.id },
  ])
  return {
    territories: await converge(Territory, territories),
    departments: await converge(Department, departments),
    users: await converge(User, users, ['createdAt', 'updatedAt']),
    identities: await converge(UserIdentity, identities),
    pointsRules: await seedDefaultRules(db, now),
    // after the rules, so demo work earns points
    demoTasks: demoTasks ? await seedDemoTaskData(db, now, demoTasks.piiKey) : { inserted: 0, updated: 0, unchanged: 0 },
  }
}
