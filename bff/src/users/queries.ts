/**
 * Reading people for the admin pages: the list (filters in the query; cursor over territory then `_id`,
 * since FerretDB orders ties arbitrarily) and one person's page with their history.
 */
import type { DemoUserView, PeopleListQuery, PeopleListView, PersonDetail } from '@jqtb/shared'
import { notFound } from '../infra/errors'
import { decodeCursor, encodeCursor, escapeRegex } from '../infra/paging'
import type { UserDepartureDoc, UserDoc } from './model'
import { namesFor, presentDemoUser, presentPersonDetail, presentPersonRow, territoriesInChanges } from './presenter'
import { historyOf, type PersonDeps, readPerson } from './store'

interface Cursor {
  t: string
  id: string
}

const isCursor = (c: Cursor) => typeof c.t === 'string' && typeof c.id === 'string' && c.t.length < 40 && c.id.length < 70

export async function listPeople(deps: PersonDeps, q: PeopleListQuery): Promise<PeopleListView> {
  const { User, UserDeparture } = deps.db.models
  // departures are few (people who left); the list of their ids makes the status filter exact
  const departed = (await UserDeparture.find({}, { _id: 1 }).lean()).map((d) => d._id)
  const and: Record<string, unknown>[] = []
  if (q.status === 'active') and.push({ active: { $ne: false } }, { _id: { $nin: departed } })
  if (q.status === 'inactive') and.push({ $or: [{ active: false }, { _id: { $in: departed } }] })
  if (q.role) and.push({ roles: q.role })
  if (q.territory) and.push({ $or: [{ territory: q.territory }, { territory: { $regex: `^${escapeRegex(q.territory)}-` } }] })
  if (q.department) and.push({ department: q.department })
  if (q.q) and.push({ name: { $regex: escapeRegex(q.q), $options: 'i' } })
  if (q.cursor) {
    const c = decodeCursor(q.cursor, isCursor)
    and.push({ $or: [{ territory: { $gt: c.t } }, { territory: c.t, _id: { $gt: c.id } }] })
  }
  const docs = await User.find(and.length ? { $and: and } : {})
    .sort({ territory: 1, _id: 1 })
    .limit(q.limit + 1)
    .lean<UserDoc[]>()
  const page = docs.slice(0, q.limit)
  const names = await namesFor(
    deps.db,
    page.map((u) => u.territory),
  )
  const gone = new Set(departed)
  const last = page.at(-1)
  return {
    items: page.map((u) => presentPersonRow(u, names, gone.has(u._id))),
    nextCursor: docs.length > q.limit && last ? encodeCursor({ t: last.territory, id: last._id }) : null,
  }
}

export async function personDetail(deps: PersonDeps, userId: string): Promise<PersonDetail> {
  const [person, departure, history] = await Promise.all([
    readPerson(deps.db, userId),
    deps.db.models.UserDeparture.findById(userId).lean<UserDepartureDoc>(),
    historyOf(deps.db, userId),
  ])
  if (!person) throw notFound('此人')
  const names = await namesFor(deps.db, [person.user.territory, ...territoriesInChanges(history)])
  return presentPersonDetail(person.user, names, departure, history)
}

/** The demo users of the simulator-backed dev login: everyone who may sign in, by id. */
export async function demoUsers(deps: PersonDeps): Promise<DemoUserView[]> {
  const { User, Territory, UserDeparture } = deps.db.models
  const departed = (await UserDeparture.find({}, { _id: 1 }).lean()).map((d) => d._id)
  const users = await User.find({ active: true, _id: { $nin: departed } })
    .sort({ _id: 1 })
    .lean<UserDoc[]>()
  const territories = await Territory.find({ _id: { $in: [...new Set(users.map((u) => u.territory))] } }).lean()
  const names = new Map(territories.map((t) => [t._id, t.fullName]))
  return users.map((u) => presentDemoUser(u, names.get(u.territory) ?? u.territory))
}
