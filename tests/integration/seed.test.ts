import { ROLES } from '@jqtb/shared'
import type { Db } from '../../bff/src/infra/db'
import { seedDemo } from '../../bff/src/seed/seed'
import { dropAndClose, freshTestDb } from '../support/db'

let db: Db
beforeAll(async () => {
  db = await freshTestDb()
})
afterAll(() => dropAndClose(db))

describe('demo seed', () => {
  it('creates the street of the original scenario: 1 street, 16 communities, 113 grids (5 dedicated), 609 micro-grids', async () => {
    const first = await seedDemo(db)
    expect(first.territories.inserted).toBe(1 + 16 + 113 + 609)
    const { Territory } = db.models
    expect(await Territory.countDocuments({ level: 'street' })).toBe(1)
    expect(await Territory.countDocuments({ level: 'community' })).toBe(16)
    expect(await Territory.countDocuments({ level: 'grid' })).toBe(113)
    expect(await Territory.countDocuments({ level: 'grid', dedicated: true })).toBe(5)
    expect(await Territory.countDocuments({ level: 'micro' })).toBe(609)
  })

  it('is one tree: every node but the street has an existing parent, and ancestors match the path', async () => {
    const all = await db.models.Territory.find().lean()
    const byCode = new Map(all.map((t) => [t._id, t]))
    for (const t of all) {
      if (t.level === 'street') continue
      const parent = byCode.get(t.parent ?? '')
      expect(parent).toBeDefined()
      expect(t.ancestors).toEqual([...(parent?.ancestors ?? []), parent?._id])
    }
    // a whole community subtree is one equality query on ancestors
    expect(await db.models.Territory.countDocuments({ ancestors: 'GT-01' })).toBeGreaterThan(30)
  })

  it('has departments and demo users for every role, grid workers spread over grids of different communities', async () => {
    const { User, Department } = db.models
    expect((await Department.find().lean()).map((d) => d.name)).toEqual(
      expect.arrayContaining(['古塘派出所', '古塘司法所', '综合执法队', '劳动保障所', '信访办', '市场监管所', '社治中心']),
    )
    const users = await User.find({ active: true }).lean()
    for (const role of ROLES) expect(users.some((u) => u.roles.includes(role))).toBe(true)
    const workers = users.filter((u) => u.roles.includes('grid_worker'))
    expect(new Set(workers.map((w) => w.territory)).size).toBe(workers.length)
    expect(new Set(workers.map((w) => w.territory.split('-').slice(0, 2).join('-'))).size).toBeGreaterThanOrEqual(4)
    const territories = new Set((await db.models.Territory.find({}, { _id: 1 }).lean()).map((t) => t._id))
    for (const u of users) expect(territories.has(u.territory)).toBe(true)
  })

  it('running it again changes nothing', async () => {
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(
          [db.models.Territory, db.models.User, db.models.Department, db.models.UserIdentity].map((m) =>
            (m as typeof db.models.User).find().sort({ _id: 1 }).lean(),
          ),
        ),
      )
    const before = await snapshot()
    const second = await seedDemo(db, { now: new Date('2030-01-01') })
    for (const r of Object.values(second)) {
      expect(r.inserted).toBe(0)
      expect(r.updated).toBe(0)
    }
    expect(await snapshot()).toBe(before)
  })
})
