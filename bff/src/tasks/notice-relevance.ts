/**
 * The task domain's word on its queued notices (kernel/notice.ts): time-sensitive ones are retried at most two
 * minutes apart, and before each attempt the task's current state decides whether the notice is still news
 * (shared/src/tasks/notice-relevance.ts has the rule and its table tests).
 */
import { staleTaskNotice, TIME_SENSITIVE_TASK_NOTICES } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { NoticeRelevanceMap } from '../kernel/notice'
import { readLog, taskDeps } from './log'

/** a notice that asks someone to act is worth at most two minutes' wait between tries */
export const TIME_SENSITIVE_RETRY_CAP_MS = 2 * 60_000

export function taskNoticeRelevance(appDeps: AppDeps): NoticeRelevanceMap {
  const deps = taskDeps(appDeps)
  const relevance: NoticeRelevanceMap = {}
  for (const template of TIME_SENSITIVE_TASK_NOTICES) {
    relevance[template] = {
      maxRetryDelayMs: TIME_SENSITIVE_RETRY_CAP_MS,
      async staleReason(notice) {
        // (notices queued before they named their task are sent as they are)
        if (!notice.subject) return null
        const { state } = await readLog(deps, notice.subject)
        return staleTaskNotice(notice, state, deps.clock.now().getTime())
      },
    }
  }
  return relevance
}
