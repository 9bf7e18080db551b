// 奖惩考核: my points, leaderboards, the assessment sheet, appeals, the rules. Types only from shared.
import type { BoardKind } from '@jqtb/shared/src/points/constants'
import type {
  AppealListView,
  AppealView,
  BoardView,
  PersonPointsView,
  RuleDraftView,
  RulePreviewView,
  RulesOverview,
  RuleVersionView,
  TaskPointsView,
} from '@jqtb/shared/src/points/dto'
import type { RuleSet } from '@jqtb/shared/src/points/rules'
import type { AppealListQuery, DecideAppealBody } from '@jqtb/shared/src/points/schemas'
import Taro from '@tarojs/taro'
import { api, withLogin } from './api'
import { ApiError, query, unwrap } from './http'

export function myPoints(period?: string): Promise<PersonPointsView> {
  return api<PersonPointsView>(`/api/points/me${query({ period })}`)
}

export function personPoints(userId: string, period?: string): Promise<PersonPointsView> {
  return api<PersonPointsView>(`/api/points/people/${encodeURIComponent(userId)}${query({ period })}`)
}

export function leaderboard(board: BoardKind, period?: string): Promise<BoardView> {
  return api<BoardView>(`/api/points/leaderboard${query({ board, period })}`)
}

export function taskPoints(taskId: string): Promise<TaskPointsView> {
  return api<TaskPointsView>(`/api/points/tasks/${encodeURIComponent(taskId)}`)
}

export function fileAppeal(entryId: string, reason: string): Promise<AppealView> {
  return api<AppealView>('/api/points/appeals', { method: 'POST', data: { entryId, reason } })
}

/** One page of appeals, newest first; pass the previous page's `nextCursor` for the next. */
export function listAppeals(status: AppealListQuery['status'], cursor?: string | null): Promise<AppealListView> {
  return api<AppealListView>(`/api/points/appeals${query({ status, cursor })}`)
}

export function decideAppeal(entryId: string, decision: DecideAppealBody['decision'], note: string): Promise<AppealView> {
  return api<AppealView>(`/api/points/appeals/${encodeURIComponent(entryId)}/decide`, { method: 'POST', data: { decision, note } })
}

export type RulesOverviewWithRevision = RulesOverview

export function rulesOverview(): Promise<RulesOverviewWithRevision> {
  return api<RulesOverviewWithRevision>('/api/rules')
}

export function ruleVersions(): Promise<{ items: RuleVersionView[] }> {
  return api('/api/rules/versions')
}

export function saveRulesDraft(baseRevision: number, rules: RuleSet, note?: string): Promise<RuleDraftView> {
  return api<RuleDraftView>('/api/rules/draft', { method: 'PUT', data: { baseRevision, rules, ...(note ? { note } : {}) } })
}

export function previewRules(rules: RuleSet, period?: string): Promise<RulePreviewView> {
  return api<RulePreviewView>('/api/rules/preview', { method: 'POST', data: { rules, ...(period ? { period } : {}) } })
}

export function publishRules(expectedVersion: number, rules: RuleSet, effectiveFrom?: string, note?: string): Promise<RuleVersionView> {
  return api<RuleVersionView>('/api/rules/publish', {
    method: 'POST',
    data: { expectedVersion, rules, ...(effectiveFrom ? { effectiveFrom } : {}), ...(note ? { note } : {}) },
  })
}

/**
 * Downloads the assessment sheet. In a browser (and DingTalk/浙政钉 H5) the file is saved through a
 * link; in the DingTalk mini-program it is downloaded and opened with the system viewer.
 */
export async function downloadAssessmentSheet(period: string): Promise<void> {
  const path = `/api/points/export${query({ period })}`
  const filename = `积分考核表-${period}.xlsx`
  if (process.env.TARO_ENV === 'h5') {
    const blob = await withLogin(async (token) => {
      const res = await fetch(`${BFF_BASE_URL}${path}`, { headers: { authorization: `Bearer ${token}` } })
      if (!res.ok) unwrap(res.status, await res.json().catch(() => null))
      return res.blob()
    })
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = filename
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return
  }
  const file = await withLogin(async (token) => {
    const res = await Taro.downloadFile({ url: `${BFF_BASE_URL}${path}`, header: { authorization: `Bearer ${token}` } })
    if (res.statusCode !== 200)
      throw new ApiError(res.statusCode, `HTTP_${res.statusCode}`, res.statusCode === 403 ? '您无权导出考核表' : '导出失败，请稍后重试')
    return res.tempFilePath
  })
  await Taro.openDocument({ filePath: file, fileType: 'xlsx' })
}
