// 公众上报 at the centre's desk: open a citizen's case by its case code, accept it into a task.
import type { StaffPublicCaseView } from '@jqtb/shared/src/public/dto'
import { api } from './api'

export const lookupPublicCase = (code: string) => api<StaffPublicCaseView>(`/api/public-cases/${encodeURIComponent(code.replace(/[\s-]/g, '').toUpperCase())}`)
/** `territory` (a community or the street): where the task goes instead of where intake placed the case. */
export const acceptPublicCase = (code: string, territory?: string) =>
  api<{ taskId: string }>(`/api/public-cases/${encodeURIComponent(code)}/accept`, { method: 'POST', data: territory ? { territory } : {} })
