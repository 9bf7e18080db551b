/**
 * Follow-ups: work a `task.appended` listener wants done once the task command that appended the
 * event has finished appending — still inside the same request, before it answers.
 *
 * A listener runs in the middle of a command: between the append of event n and the command's next
 * append (a command may append several events: expire a lapsed claim, then claim; create, then
 * route) and before the projection reaches n. If the listener appended to the same task right there,
 * it would take the seq the command is about to write and write the projection ahead of effects
 * that have not run yet. So it asks for a follow-up instead: the command (or the repair re-running
 * effects) runs its follow-ups after its own appends and their effects, folds what they appended
 * into the state it answers with, and only then settles the projection. A follow-up gets the
 * command's own dependencies (its clock and outbox: the demo seed's quiet notifier stays quiet).
 *
 * Follow-ups with the same key, asked for by several events of one command, run once. Outside a
 * command (a listener of another topic, a job) a follow-up runs at once. A follow-up that fails
 * counts as a failed effect: the projection stays behind and the repair publishes the events again.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { TaskDeps } from './log'

type Job = (deps: TaskDeps) => Promise<void>

export interface FollowUpScope {
  deps: TaskDeps
  jobs: Map<string, Job>
}

const current = new AsyncLocalStorage<FollowUpScope>()

export const newScope = (deps: TaskDeps): FollowUpScope => ({ deps, jobs: new Map() })

/** Runs `fn` (the effects of one event) so that listeners inside it ask this scope for follow-ups. */
export const inScope = <T>(scope: FollowUpScope, fn: () => Promise<T>): Promise<T> => current.run(scope, fn)

/**
 * Asks for `job` to run after the current task command's appends (or now, with `fallback`, when no
 * command is running). `key` names the work: the same key asked for twice in one command runs once.
 */
export async function afterTaskCommand(key: string, fallback: TaskDeps, job: Job): Promise<void> {
  const scope = current.getStore()
  if (!scope) return job(fallback)
  if (!scope.jobs.has(key)) scope.jobs.set(key, job)
}

/** Runs the scope's follow-ups (outside the scope: what they append runs its own). True when all succeeded. */
export async function runFollowUps(scope: FollowUpScope): Promise<boolean> {
  let ok = true
  // a follow-up may, through its own appends' listeners, ask for more: drain until none is left
  for (let round = 0; scope.jobs.size && round < 4; round++) {
    const jobs = [...scope.jobs.values()]
    scope.jobs.clear()
    for (const job of jobs) {
      try {
        await current.exit(() => job(scope.deps))
      } catch (err) {
        ok = false
        scope.deps.logger?.error({ err }, 'a follow-up of a task command failed; the repair runs it again')
      }
    }
  }
  return ok
}
