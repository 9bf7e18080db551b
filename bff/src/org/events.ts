import type { AppDeps } from '../deps'
import { GatewayError } from '../dingtalk/gateway'
import { AppError } from '../infra/errors'
import { deactivatePerson } from '../users/departures'
import { identityKey } from '../users/model'
import { changePerson, DINGTALK_EVENTS, diff, readPerson, signInState } from '../users/store'
import { profileChanges } from './sync'

/** A decrypted DingTalk address-book event (docs/dingtalk.md#event-push). */
export interface DingTalkEvent {
  EventType: string
  CorpId?: string
  UserId?: string[]
  DeptId?: number[]
  TimeStamp?: string
}

export interface EventOutcome {
  type: string
  /** our user ids changed by the event */
  changed: string[]
  /** DingTalk userids the event named that our organisation does not know */
  unknown: string[]
}

/**
 * Keeps our users in step with DingTalk between syncs, through the admins' own commands. A person who
 * leaves is deactivated at once (their token stops working on the next request); a person who joins or
 * changes gets their profile refreshed if we know them, and is logged for an admin if we do not (the
 * next sync lists them as a newcomer). Nobody is reactivated here. Handling is idempotent, because
 * DingTalk resends an event until it gets "success".
 */
export async function handleDingTalkEvent(deps: AppDeps, event: DingTalkEvent): Promise<EventOutcome> {
  const { UserIdentity } = deps.db.models
  const outcome: EventOutcome = { type: event.EventType, changed: [], unknown: [] }
  const userIds = Array.isArray(event.UserId) ? event.UserId.map(String) : []
  const ourUser = async (userid: string) => {
    const link = await UserIdentity.findById(identityKey('dingtalk', userid)).lean()
    return link ? ((await readPerson(deps.db, link.userId))?.user ?? null) : null
  }

  switch (event.EventType) {
    case 'check_url':
      break
    case 'user_leave_org':
      for (const userid of userIds) {
        const user = await ourUser(userid)
        if (!user) outcome.unknown.push(userid)
        else if ((await signInState(deps.db, user._id)).allowed) {
          try {
            await deactivatePerson(deps, DINGTALK_EVENTS, user._id, { reason: '钉钉通知：已离开组织' })
            outcome.changed.push(user._id)
          } catch (err) {
            if (!(err instanceof AppError)) throw err
            // the last admin stays; someone deactivated meanwhile is done. Either way DingTalk needs no resend
            deps.logger.warn({ userId: user._id, code: err.code, msg: err.message }, 'DingTalk leave event not applied')
          }
        }
      }
      break
    case 'user_add_org':
    case 'user_modify_org':
    case 'user_active_org':
      for (const userid of userIds) {
        const user = await ourUser(userid)
        if (!user) {
          outcome.unknown.push(userid)
          continue
        }
        let member: Awaited<ReturnType<AppDeps['gateway']['primary']['getUser']>>
        try {
          member = await deps.gateway.get('dingtalk').getUser(userid)
        } catch (err) {
          if (err instanceof GatewayError && err.kind === 'not_found') continue // gone again since
          throw err // DingTalk will resend the event
        }
        const { changed } = await changePerson(deps, user._id, DINGTALK_EVENTS, (u) => ({ kind: 'synced', changes: diff(u, profileChanges(u, member)) }))
        if (changed) outcome.changed.push(user._id)
      }
      break
    default:
      break // department events: the next sync picks them up
  }
  if (outcome.unknown.length > 0 && event.EventType !== 'user_leave_org') {
    deps.logger.warn({ event: event.EventType, userids: outcome.unknown }, 'DingTalk member not in our organisation: an admin must add them')
  }
  deps.logger.info({ event: event.EventType, changed: outcome.changed }, 'DingTalk event handled')
  return outcome
}
