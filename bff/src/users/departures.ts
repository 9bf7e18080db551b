/**
 * Deactivate (停用) and reactivate (恢复) — used by admins, org sync and the DingTalk event push alike.
 * A departure is an inserted `user_departures` document and a return its `deleteOne({_id})`, so no
 * concurrent update of the person can bring a leaver back (store.ts); `active` on the person follows
 * through their history, for display and queries.
 */
import { AppError, isDuplicateKey, notFound } from '../infra/errors'
import { assertAnotherAdmin, isAdminRecord, lastAdminError, noAdminLeft } from './guards'
import type { Actor, UserDoc } from './model'
import { changePerson, diff, isDeparted, type PersonDeps, readPerson } from './store'

export interface DeactivateOptions {
  reason?: string
}

/**
 * Stops the person signing in, at once (their token is refused on its next request). Refused: yourself,
 * someone already deactivated (409), the last active admin (422 LAST_ADMIN).
 */
export async function deactivatePerson(deps: PersonDeps, actor: Actor, userId: string, opts: DeactivateOptions = {}): Promise<UserDoc> {
  const { UserDeparture } = deps.db.models
  const current = await readPerson(deps.db, userId)
  if (!current) throw notFound('此人')
  const { user } = current
  if (actor.id === userId) throw new AppError('DOMAIN_RULE', '不能停用自己的账号。如需离岗，请让另一位管理员操作。')
  if (await isDeparted(deps.db, userId)) throw new AppError('CONFLICT', `${user.name}已经停用了`)
  const admin = isAdminRecord(user) && user.active !== false
  if (admin) await assertAnotherAdmin(deps, userId, '停用')
  const at = deps.clock.now()
  try {
    await UserDeparture.create({ _id: userId, at, by: actor, ...(opts.reason ? { reason: opts.reason } : {}) })
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', `${user.name}刚刚已被停用`)
    throw err
  }
  const after = await changePerson(deps, userId, actor, (u) => ({ kind: 'deactivated', changes: diff(u, { active: false }), note: opts.reason, always: true }))
  if (admin && (await noAdminLeft(deps))) {
    // another admin was removed at the same moment: undo ours (guards.ts noAdminLeft)
    await UserDeparture.deleteOne({ _id: userId })
    await changePerson(deps, userId, actor, (u) => ({
      kind: 'reactivated',
      changes: diff(u, { active: true }),
      note: '自动撤销：不能停用最后一位管理员',
      always: true,
    }))
    throw lastAdminError('停用')
  }
  deps.logger?.info({ userId, by: actor.id }, 'person deactivated')
  return after.user
}

/** Lets a deactivated person sign in again. Of two admins reactivating at once, one does it and the other gets 409. */
export async function reactivatePerson(deps: PersonDeps, actor: Actor, userId: string): Promise<UserDoc> {
  const current = await readPerson(deps.db, userId)
  if (!current) throw notFound('此人')
  const departed = await isDeparted(deps.db, userId)
  if (!departed && current.user.active !== false) throw new AppError('CONFLICT', `${current.user.name}没有停用，无需恢复`)
  if (departed) {
    const { deletedCount } = await deps.db.models.UserDeparture.deleteOne({ _id: userId })
    if (deletedCount !== 1) throw new AppError('CONFLICT', `${current.user.name}刚刚已被其他管理员恢复，请刷新`)
  }
  const after = await changePerson(deps, userId, actor, (u) => {
    // with no departure of ours removed, only a person still marked inactive has anything to undo; with
    // ours removed, another admin who saw the flag still off may have restored them since we read: theirs stands
    const restoredMeanwhile = u.active !== false && (u.rev ?? 0) > current.seq
    if ((!departed && u.active !== false) || (departed && restoredMeanwhile)) {
      throw new AppError('CONFLICT', `${u.name}刚刚已被其他管理员恢复，请刷新`)
    }
    return { kind: 'reactivated', changes: diff(u, { active: true }), always: true }
  })
  deps.logger?.info({ userId, by: actor.id }, 'person reactivated')
  return after.user
}
