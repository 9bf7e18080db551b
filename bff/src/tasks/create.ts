/**
 * New tasks: created by the centre (optionally routed at once), or reported by a grid worker —
 * 自处理上报 (already fixed on the spot: straight to review) or 直接上报 (for the centre to dispatch).
 */
import { type CreateTaskBody, checkLocation, dueAtFor, HOUR_MS, type ReportBody } from '@jqtb/shared'
import type { AuthUser } from '../auth/middleware'
import { hasRole } from '../auth/middleware'
import { AppError, forbidden } from '../infra/errors'
import { getTaskSettings } from '../settings/service'
import { allocateTaskNumber } from './numbers'
import { protectParty } from './pii'
import { appendNew, type EventDraft, type MutationResult, type TaskDeps } from './store'
import { assertOwnPhotos } from './workflow'

const actorOf = (u: AuthUser) => ({ id: u.id, name: u.name })

async function territoryRef(deps: TaskDeps, code: string) {
  const t = await deps.db.models.Territory.findById(code).lean()
  if (!t) throw new AppError('DOMAIN_RULE', `区域 ${code} 不存在`)
  return { code: t._id, name: t.fullName }
}

/** 社治中心 creates a task; with a department it is routed in the same request. */
export async function createTask(deps: TaskDeps, user: AuthUser, body: CreateTaskBody): Promise<MutationResult> {
  if (!hasRole(user, 'dispatcher')) throw forbidden('只有社治中心可以创建工单')
  const now = deps.clock.now().getTime()
  const settings = await getTaskSettings(deps.db)
  const territory = await territoryRef(deps, body.territory)
  const department = body.department ? await deps.db.models.Department.findById(body.department).lean() : null
  if (body.department && !department) throw new AppError('DOMAIN_RULE', `部门 ${body.department} 不存在`)
  const dueAt = body.dueAt ? Date.parse(body.dueAt) : dueAtFor(settings, body.tier, now)
  if (dueAt <= now) throw new AppError('DOMAIN_RULE', '办理时限须晚于现在')
  const taskNo = await allocateTaskNumber(deps)
  const drafts: EventDraft[] = [
    {
      type: 'created',
      actor: actorOf(user),
      data: {
        taskNo,
        title: body.title,
        description: body.description,
        category: body.category,
        tier: body.tier,
        riskColour: body.riskColour,
        origin: 'centre',
        territory,
        parties: body.parties.map((p) => protectParty(deps.piiKey, p)),
        location: body.location,
        sourceRef: body.sourceRef,
        dueAt,
      },
    },
  ]
  if (department) {
    drafts.push({
      type: 'routed',
      actor: actorOf(user),
      data: { department: { code: department._id, name: department.name }, signBy: now + settings.signWindowHours * HOUR_MS },
    })
  }
  return appendNew(deps, taskNo, drafts, now)
}

/**
 * A grid worker's report from their own territory. 自处理上报 becomes a task the reporter holds, with
 * the handling as its first progress record, submitted for review; 直接上报 waits for the centre.
 */
export async function reportTask(deps: TaskDeps, user: AuthUser, body: ReportBody): Promise<MutationResult> {
  if (!hasRole(user, 'grid_worker', 'community_staff')) throw forbidden('只有网格员和村社干部可以上报')
  const code = body.territory ?? user.territory
  if (!(code === user.territory || code.startsWith(`${user.territory}-`))) throw new AppError('OUT_OF_TERRITORY', '只能上报自己属地内的事件')
  await assertOwnPhotos(deps, user, body.photos)
  const now = deps.clock.now().getTime()
  const settings = await getTaskSettings(deps.db)
  const territory = await territoryRef(deps, code)
  const taskNo = await allocateTaskNumber(deps)
  const selfHandled = body.kind === 'self_handled'
  const check = body.location ? checkLocation(code, body.location) : undefined
  const drafts: EventDraft[] = [
    {
      type: 'created',
      actor: actorOf(user),
      data: {
        taskNo,
        title: body.title,
        description: body.description,
        category: body.category,
        tier: body.tier,
        riskColour: body.riskColour,
        origin: selfHandled ? 'self_report' : 'direct_report',
        territory,
        parties: body.parties.map((p) => protectParty(deps.piiKey, p)),
        location: body.location ? { lat: body.location.lat, lng: body.location.lng, address: body.location.address } : undefined,
        dueAt: dueAtFor(settings, body.tier, now),
        reporter: actorOf(user),
        photos: selfHandled ? undefined : body.photos,
        selfHandled,
      },
    },
  ]
  if (selfHandled) {
    const note = body.handlingNote as string
    drafts.push({
      type: 'progress',
      actor: actorOf(user),
      data: { kind: 'visit', note, photos: body.photos, location: body.location, outsideTerritory: check?.outside, distanceM: check?.distanceM },
    })
    drafts.push({ type: 'submitted', actor: actorOf(user), data: { note, late: false } })
  }
  return appendNew(deps, taskNo, drafts, now)
}
