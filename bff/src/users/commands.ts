/**
 * 人员管理 operations: add a person (by hand or from the sync's newcomers), change their roles,
 * territory, department, 专长 and profile, link and unlink their platform accounts, deactivate and
 * reactivate them. Every change is an entry of the person's history (store.ts).
 */
import { randomBytes } from 'node:crypto'
import { type AddPersonBody, PLATFORM_LABELS, type UpdatePersonBody } from '@jqtb/shared'
import { recordAudit } from '../audit/commands'
import type { ProviderName } from '../dingtalk/gateway'
import { AppError, isDuplicateKey, notFound } from '../infra/errors'
import { personAuditEntry } from './audit'
import { assertAnotherAdmin, assertDepartmentIfNeeded, assertReferences, isAdminRecord, lastAdminError, noAdminLeft } from './guards'
import { claimIdentity, identitiesOfUser, identityOf, releaseIdentities } from './identities'
import { type Actor, changeId, type UserDoc } from './model'
import { peopleChanged } from './people-stamp'
import { changePerson, diff, endSessions, isDeparted, type PersonDeps, readPerson, removal } from './store'

const newUserId = () => `u-${randomBytes(6).toString('hex')}`

/**
 * Adds a person who can sign in at once with the given accounts. The accounts are claimed first (in a
 * fixed order, DingTalk before 浙政钉, so two adds of the same pair cannot each hold one): of two
 * admins adding the same person at once, one gets the person and the other a 409 naming them.
 */
export async function addPerson(deps: PersonDeps, actor: Actor, body: AddPersonBody): Promise<UserDoc> {
  await assertReferences(deps, body)
  const { User, UserChange } = deps.db.models
  const id = newUserId()
  const identities = [
    ...(body.identities.dingtalk !== undefined ? [identityOf('dingtalk', body.identities.dingtalk)] : []),
    ...(body.identities.zhezhengding !== undefined ? [identityOf('zhezhengding', body.identities.zhezhengding)] : []),
  ]
  const now = deps.clock.now()
  const fields: Partial<UserDoc> = {
    name: body.name,
    title: body.title ?? '',
    ...(body.mobile ? { mobile: body.mobile } : {}),
    roles: body.roles,
    territory: body.territory,
    ...(body.department ? { department: body.department } : {}),
    tags: body.tags ?? [],
    active: true,
    ...Object.fromEntries(identities.map((i) => [i.field, i.value])),
  }
  const claimed: string[] = []
  try {
    for (const identity of identities) if (await claimIdentity(deps, identity, id)) claimed.push(identity.key)
    await User.create({ _id: id, ...fields, rev: 1, createdAt: now, updatedAt: now })
  } catch (err) {
    await releaseIdentities(deps, claimed)
    throw err
  }
  const created = { kind: 'created' as const, changes: diff({} as UserDoc, fields) }
  await UserChange.create({ _id: changeId(id, 1), userId: id, seq: 1, at: now, actor, ...created })
  await peopleChanged(deps.db, now, deps.logger)
  await recordAudit(deps, personAuditEntry(changeId(id, 1), now, actor, { _id: id, ...fields } as UserDoc, created))
  deps.logger?.info({ userId: id, by: actor.id, identities: identities.map((i) => i.key) }, 'person added')
  return (await readPerson(deps.db, id))?.user ?? ({ _id: id, ...fields, createdAt: now, updatedAt: now } as UserDoc)
}

/**
 * Changes roles, territory, department, 专长 or profile fields. Refused: a department role without a
 * department, your own admin role removed, the last active admin's admin role removed.
 */
export async function updatePerson(deps: PersonDeps, actor: Actor, userId: string, body: UpdatePersonBody): Promise<UserDoc> {
  const before = await readPerson(deps.db, userId)
  if (!before) throw notFound('此人')
  await assertReferences(deps, { territory: body.territory, department: body.department ?? undefined })
  const patch: Partial<UserDoc> = {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.title !== undefined ? { title: body.title } : {}),
    ...(body.roles !== undefined ? { roles: body.roles } : {}),
    ...(body.territory !== undefined ? { territory: body.territory } : {}),
    ...(body.tags !== undefined ? { tags: body.tags } : {}),
  }
  const clears = [...(body.mobile === '' ? (['mobile'] as const) : []), ...(body.department === null ? (['department'] as const) : [])]
  if (body.mobile) patch.mobile = body.mobile
  if (body.department) patch.department = body.department

  const dropsAdmin = (u: UserDoc) => isAdminRecord(u) && body.roles !== undefined && !body.roles.includes('admin')
  if (dropsAdmin(before.user)) {
    if (actor.id === userId) throw new AppError('DOMAIN_RULE', '不能去掉自己的管理员角色。如需交接，请让另一位管理员操作。')
    if (before.user.active !== false) await assertAnotherAdmin(deps, userId, '去掉')
  }
  const { user, changed } = await changePerson(deps, userId, actor, (u) => {
    const changes = [...diff(u, patch), ...clears.flatMap((f) => removal(u, f))]
    const roles = patch.roles ?? u.roles
    const department = body.department === null ? undefined : (patch.department ?? u.department)
    assertDepartmentIfNeeded(roles, department)
    return { kind: 'updated', changes }
  })
  if (changed && dropsAdmin(before.user) && (await noAdminLeft(deps))) {
    // someone removed the other admin at the same moment: put the role back (guards.ts noAdminLeft)
    await changePerson(deps, userId, actor, (u) =>
      u.roles.includes('admin') ? null : { kind: 'updated', changes: diff(u, { roles: [...u.roles, 'admin'] }), note: '自动撤销：不能去掉最后一位管理员' },
    )
    throw lastAdminError('去掉')
  }
  return user
}

/** Links a DingTalk userid or 浙政钉 accountId to the person (one of each per person). */
export async function linkIdentity(deps: PersonDeps, actor: Actor, userId: string, provider: ProviderName, externalId: string | number): Promise<UserDoc> {
  const current = await readPerson(deps.db, userId)
  if (!current) throw notFound('此人')
  const identity = identityOf(provider, externalId)
  const existing = identitiesOfUser(current.user).find((i) => i.provider === provider)
  if (existing && existing.key !== identity.key) {
    throw new AppError('CONFLICT', `${current.user.name}已关联${existing.label}，请先解除再关联新的${PLATFORM_LABELS[provider]}账号`)
  }
  const inserted = await claimIdentity(deps, identity, userId)
  try {
    const { user } = await changePerson(deps, userId, actor, (u) => {
      const now = identitiesOfUser(u).find((i) => i.provider === provider)
      if (now?.key === identity.key) return null
      if (now) throw new AppError('CONFLICT', `${u.name}刚刚被关联了${now.label}，请刷新后再试`)
      return { kind: 'identity_linked', changes: diff(u, { [identity.field]: identity.value }) }
    })
    return user
  } catch (err) {
    if (inserted) await releaseIdentities(deps, [identity.key])
    throw err
  }
}

/**
 * Unlinks the person's account on one platform: from then on that account cannot sign in as them.
 * Your own last account stays (you would lock yourself out).
 */
export async function unlinkIdentity(deps: PersonDeps, actor: Actor, userId: string, provider: ProviderName): Promise<UserDoc> {
  const current = await readPerson(deps.db, userId)
  if (!current) throw notFound('此人')
  const all = identitiesOfUser(current.user)
  const identity = all.find((i) => i.provider === provider)
  if (!identity) throw new AppError('NOT_FOUND', `${current.user.name}没有关联${PLATFORM_LABELS[provider]}账号`)
  if (actor.id === userId && all.length === 1) throw new AppError('DOMAIN_RULE', '不能解除自己唯一的登录账号，否则您将无法再登录')
  const { UserIdentity } = deps.db.models
  const link = await UserIdentity.findById(identity.key).lean()
  // the link goes first: login follows it, so the account stops working at once
  if (link?.userId === userId) await UserIdentity.deleteOne({ _id: identity.key })
  const { user } = await changePerson(deps, userId, actor, (u) =>
    identitiesOfUser(u).some((i) => i.key === identity.key) ? { kind: 'identity_unlinked', changes: removal(u, identity.field) } : null,
  )
  // whoever signed in through that account is out now, not when the token runs out (the person signs in again)
  await endSessions(deps, userId)
  return user
}

// ---------------------------------------------------------------------------------------------
// Departures: deactivate (停用) and reactivate (恢复) — used by admins, org sync and the DingTalk event
// push alike. A departure is an inserted `user_departures` document and a return its `deleteOne({_id})`,
// so no concurrent update of the person can bring a leaver back (store.ts); `active` on the person
// follows through their history, for display and queries.

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
  await peopleChanged(deps.db, at, deps.logger)
  const after = await changePerson(deps, userId, actor, (u) => ({ kind: 'deactivated', changes: diff(u, { active: false }), note: opts.reason, always: true }))
  if (admin && (await noAdminLeft(deps))) {
    // another admin was removed at the same moment: undo ours (guards.ts noAdminLeft)
    await UserDeparture.deleteOne({ _id: userId })
    await peopleChanged(deps.db, deps.clock.now(), deps.logger)
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
    await peopleChanged(deps.db, deps.clock.now(), deps.logger)
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
