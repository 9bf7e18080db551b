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
import { api } from './api'
import { downloadSheet } from './download'
import { query } from './http'

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

/** Downloads the assessment sheet (services/download.ts). */
export function downloadAssessmentSheet(period: string): Promise<void> {
  return downloadSheet(`/api/points/export${query({ period })}`, `积分考核表-${period}.xlsx`, '您无权导出考核表')
}
