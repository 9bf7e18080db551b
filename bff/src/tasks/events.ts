/**
 * What the task domain tells the others: every appended event, with the task before and after it.
 * Published by the winner of the append and again by any repair of a projection left behind its log
 * (effects.ts), so a listener sees each event at least once and must make its effect idempotent.
 */
import type { TaskEvent, TaskState } from '@jqtb/shared'

export interface TaskAppended {
  event: TaskEvent
  before: TaskState | null
  after: TaskState
}

declare module '../kernel/events' {
  interface DomainEvents {
    'task.appended': TaskAppended
  }
}
