/**
 * 调解组织 and 调解员: adding and editing them (admins), a mediator's own availability, revealing an
 * external mediator's number (audited). Every change is a revision (versioned.ts). A mediator's
 * profile id is their user id: staff join from 人员管理 (they get the 调解员 role there); an external
 * person (乡贤, lawyer, volunteer) becomes a person without a DingTalk account, reached by SMS.
 */
import { randomBytes } from 'node:crypto'
import type { AddMediatorBody, AvailabilityBody, OrgBody, ProfileFields, Ref, RelationInput } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, notFound } from '../infra/errors'
import { decryptPhone, maskPhone, phoneHash, protectPhone } from '../kernel/phone'
import { addPerson, updatePerson } from '../users/commands'
import { readPerson } from '../users/store'
import type { MediatorDoc, MediatorFields, OrgDoc, OrgFields, StoredRelation } from './model'
import { readVersioned, saveVersioned } from './versioned'

export const orgStore = (deps: AppDeps) => ({ cache: deps.db.models.MediationOrg, revisions: deps.db.models.MediationOrgRevision, clock: deps.clock })
export const mediatorStore = (deps: AppDeps) => ({ cache: deps.db.models.Mediator, revisions: deps.db.models.MediatorRevision, clock: deps.clock })

async function assertTerritory(deps: AppDeps, code: string | undefined, what: string) {
  if (code && !(await deps.db.models.Territory.exists({ _id: code }))) throw new AppError('DOMAIN_RULE', `${what} ${code} 不存在`)
}

// ------------------------------------------------------------------------------------------------
// Organisations

export async function createOrg(deps: AppDeps, by: Ref, body: OrgBody, id = `org-${randomBytes(4).toString('hex')}`): Promise<OrgDoc> {
  await assertTerritory(deps, body.territory, '区域')
  return saveVersioned<OrgFields>(orgStore(deps), { id, by, baseRev: 0, change: () => clean(body), staleMessage: '该调解组织已存在' })
}

export async function updateOrg(deps: AppDeps, by: Ref, id: string, rev: number, body: OrgBody): Promise<OrgDoc> {
  if (!(await readVersioned(orgStore(deps), id))) throw notFound('调解组织')
  await assertTerritory(deps, body.territory, '区域')
  return saveVersioned<OrgFields>(orgStore(deps), { id, by, baseRev: rev, change: () => clean(body), staleMessage: '调解组织已被他人修改，请刷新后再改' })
}

// ------------------------------------------------------------------------------------------------
// Mediators

const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T

function storedRelations(deps: AppDeps, relations: readonly RelationInput[]): StoredRelation[] {
  return relations.map((r) =>
    clean({
      kind: r.kind,
      name: r.name,
      note: r.note,
      ...(r.phone ? { phoneHash: phoneHash(deps.config.piiKey, r.phone), phoneMasked: maskPhone(r.phone) } : {}),
    }),
  )
}

async function checkProfile(deps: AppDeps, p: ProfileFields) {
  await assertTerritory(deps, p.home, '家庭住址所在区域')
  if (p.orgIds.length) {
    const found = await deps.db.models.MediationOrg.find({ _id: { $in: p.orgIds } }, { _id: 1 }).lean()
    const missing = p.orgIds.filter((id) => !found.some((f) => f._id === id))
    if (missing.length) throw new AppError('DOMAIN_RULE', `调解组织 ${missing.join('、')} 不存在`)
  }
}

const profilePart = (p: ProfileFields) => clean({ ...p })

/** Someone in 人员管理 joins the pool, or an external person is added (a person without DingTalk). */
export async function addMediator(deps: AppDeps, by: Ref, body: AddMediatorBody): Promise<MediatorDoc> {
  await checkProfile(deps, body.profile)
  const now = deps.clock.now()
  let userId: string
  let name: string
  let phone: Partial<Pick<MediatorFields, 'phoneEnc' | 'phoneMasked' | 'phoneHash'>> = {}
  if (body.kind === 'staff') {
    const person = await readPerson(deps.db, body.userId)
    if (!person?.user.active) throw new AppError('DOMAIN_RULE', '此人不在人员管理中或已停用')
    if (await readVersioned(mediatorStore(deps), body.userId)) throw new AppError('CONFLICT', `${person.user.name}已在调解员库中`)
    userId = body.userId
    name = person.user.name
    if (person.user.mobile) phone = { phoneHash: phoneHash(deps.config.piiKey, person.user.mobile) }
    // being in the pool is having the 调解员 role: the task machine lets 指派 reach them by it
    if (!person.user.roles.includes('mediator')) await updatePerson(deps, by, userId, { roles: [...person.user.roles, 'mediator'] })
  } else {
    const territory = body.profile.home ? body.profile.home.split('-').slice(0, 2).join('-') : 'GT'
    const user = await addPerson(deps, by, {
      name: body.name,
      title: body.profile.title || '外部调解员',
      roles: ['mediator'],
      territory,
      tags: [],
      identities: {},
    })
    userId = user._id
    name = user.name
    phone = protectPhone(deps.config.piiKey, body.phone)
  }
  return saveVersioned<MediatorFields>(mediatorStore(deps), {
    id: userId,
    by,
    baseRev: 0,
    staleMessage: `${name}已在调解员库中`,
    change: () => ({ ...profilePart(body.profile), name, kind: body.kind, ...phone, relations: storedRelations(deps, body.relations), createdAt: now }),
  })
}

async function existing(deps: AppDeps, id: string) {
  const m = await readVersioned<MediatorFields>(mediatorStore(deps), id)
  if (!m) throw notFound('调解员')
  return m
}

/** An admin edits the profile (not the number, relations or leave, which have their own forms). */
export async function updateMediator(deps: AppDeps, by: Ref, id: string, rev: number, profile: ProfileFields): Promise<MediatorDoc> {
  await existing(deps, id)
  await checkProfile(deps, profile)
  const person = await readPerson(deps.db, id)
  return saveVersioned<MediatorFields>(mediatorStore(deps), {
    id,
    by,
    baseRev: rev,
    staleMessage: '调解员资料已被他人修改，请刷新后再改',
    change: (cur) => {
      if (!cur) return null
      const { type, title, orgIds, domains, specialties, dialects, ageBand, years, home, loadCap, intro, publicCard, active, ...kept } = cur
      return { ...kept, ...profilePart(profile), name: person?.user.name ?? cur.name }
    },
  })
}

/** Declared relations (回避): admins only; phones kept only as keyed hashes. */
export async function setRelations(deps: AppDeps, by: Ref, id: string, rev: number, relations: readonly RelationInput[]): Promise<MediatorDoc> {
  await existing(deps, id)
  const stored = storedRelations(deps, relations)
  return saveVersioned<MediatorFields>(mediatorStore(deps), {
    id,
    by,
    baseRev: rev,
    staleMessage: '调解员资料已被他人修改，请刷新后再改',
    change: (cur) => {
      if (!cur) return null
      // a relation sent again without its number keeps the number on file (the form never sees it)
      const kept = stored.map((r) => {
        if (r.phoneHash) return r
        const before = cur.relations.find((x) => x.kind === r.kind && x.name === r.name && x.phoneHash)
        return before ? { ...r, phoneHash: before.phoneHash, phoneMasked: before.phoneMasked } : r
      })
      return { ...cur, relations: kept }
    },
  })
}

/** 休假至…: the mediator themself (or an admin). Applied to whatever is current, so it never collides with an admin's edit. */
export async function setAvailability(deps: AppDeps, by: Ref, id: string, body: AvailabilityBody): Promise<MediatorDoc> {
  await existing(deps, id)
  const until = body.until ? new Date(body.until) : undefined
  if (until && until.getTime() <= deps.clock.now().getTime()) throw new AppError('DOMAIN_RULE', '休假结束时间须晚于现在；如已返岗，请选择“现在可以安排”')
  if (until && until.getTime() - deps.clock.now().getTime() > 366 * 86_400_000) throw new AppError('DOMAIN_RULE', '休假最长登记一年')
  return saveVersioned<MediatorFields>(mediatorStore(deps), {
    id,
    by,
    change: (cur) => {
      if (!cur) return null
      const { leaveUntil, leaveNote, ...rest } = cur
      return until ? { ...rest, leaveUntil: until, ...(body.note ? { leaveNote: body.note } : {}) } : rest
    },
  })
}

/** An external mediator's full number, for a permitted person; every reveal is recorded. */
export async function revealMediatorPhone(deps: AppDeps, by: Ref, id: string): Promise<string> {
  const m = await existing(deps, id)
  if (!m.phoneEnc) throw new AppError('DOMAIN_RULE', '该调解员没有登记短信号码（在册人员请在人员管理中查看）')
  const at = deps.clock.now()
  await deps.db.models.MediatorPhoneReveal.create({ _id: `${id}:${at.getTime()}:${randomBytes(3).toString('hex')}`, mediatorId: id, by, at })
  return decryptPhone(deps.config.piiKey, m.phoneEnc)
}
