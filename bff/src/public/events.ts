/**
 * What the citizen's side tells the others (docs/public.md#follow-up). At least once; each payload's
 * `id` is the listener's key. The indices domain counts `followup.rated` into 满意率; the risk
 * engine listens to `followup.unsatisfied` (a citizen unhappy with how a dispute ended is a signal the
 * dispute may come back).
 */
import type { PublicCategory, Rating, RiskColour, TaskCategory } from '@jqtb/shared'

export interface FollowupRated {
  /** the case code: one rating per case */
  id: string
  caseCode: string
  /** the task that handled it (absent if the case was closed without one) */
  taskId: string | null
  category: PublicCategory
  taskCategory: TaskCategory
  /** the task's territory code, or the community the citizen picked */
  territory: string | null
  rating: Rating
  /** 满意 and 基本满意 count as satisfied */
  satisfied: boolean
  /** in the app, from the SMS link, or recorded by staff on a phone 回访 */
  via: 'app' | 'link' | 'phone'
  at: string
}

export interface FollowupUnsatisfied {
  /** `<caseCode>:unsatisfied` */
  id: string
  caseCode: string
  taskId: string | null
  taskCategory: TaskCategory
  territory: string | null
  riskColour: RiskColour | null
  comment: string | null
  at: string
}

declare module '../kernel/events' {
  interface DomainEvents {
    'followup.rated': FollowupRated
    'followup.unsatisfied': FollowupUnsatisfied
  }
}
