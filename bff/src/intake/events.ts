/**
 * What intake tells the domains after it (leads link records into leads): records that were created or
 * got a new version. Published after they are stored; delivery is at least once and listeners are
 * idempotent. A listener failing does not fail the push or the import (intake logs it): the leads
 * domain's own repair job links whatever was missed.
 */
import type { ChannelCode } from '@jqtb/shared'
import type { IntakeVia } from './model'

export interface IntakeRecorded {
  /** `<channel>:<sourceId>` of each record created or updated */
  keys: string[]
  channel: ChannelCode
  via: IntakeVia['kind']
  /** many records at once (an import batch): link them in the background */
  bulk: boolean
}

declare module '../kernel/events' {
  interface DomainEvents {
    'intake.recorded': IntakeRecorded
  }
}
