// 三色预警 and 重点关注: the risk card, the watch list, the risk rules. Types only from shared.
import type {
  RiskCardView,
  RiskPreviewView,
  RiskRuleDraftView,
  RiskRulesOverview,
  RiskRuleVersionView,
  WatchDetailView,
  WatchListView,
} from '@jqtb/shared/src/risk/dto'
import type { RiskRuleSet } from '@jqtb/shared/src/risk/rules'
import type { AddWatchInput } from '@jqtb/shared/src/risk/schemas'
import type { RiskColour } from '@jqtb/shared/src/tasks/constants'
import type { TaskSettingsView } from '@jqtb/shared/src/tasks/settings'
import { api } from './api'
import { query } from './http'

const enc = encodeURIComponent

export function riskCard(taskId: string): Promise<RiskCardView> {
  return api<RiskCardView>(`/api/risk/tasks/${enc(taskId)}`)
}

export function setRiskColour(taskId: string, colour: RiskColour, reason: string): Promise<RiskCardView> {
  return api<RiskCardView>(`/api/risk/tasks/${enc(taskId)}/colour`, { method: 'POST', data: { colour, reason } })
}

export function watchList(filters: { kind?: 'party' | 'address'; colour?: RiskColour }, cursor?: string | null): Promise<WatchListView> {
  return api<WatchListView>(`/api/risk/watch${query({ ...filters, cursor })}`)
}

export function watchDetail(id: string): Promise<WatchDetailView> {
  return api<WatchDetailView>(`/api/risk/watch/${enc(id)}`)
}

export function addToWatch(body: AddWatchInput): Promise<WatchDetailView> {
  return api<WatchDetailView>('/api/risk/watch', { method: 'POST', data: body })
}

export function closeWatch(id: string, reason: string): Promise<WatchDetailView> {
  return api<WatchDetailView>(`/api/risk/watch/${enc(id)}/close`, { method: 'POST', data: { reason } })
}

export function reviewWatch(id: string, note: string): Promise<WatchDetailView> {
  return api<WatchDetailView>(`/api/risk/watch/${enc(id)}/review`, { method: 'POST', data: { note } })
}

export function setWatchResponsible(id: string, userId: string): Promise<WatchDetailView> {
  return api<WatchDetailView>(`/api/risk/watch/${enc(id)}/responsible`, { method: 'POST', data: { userId } })
}

export function watchKeepers(): Promise<{ items: Array<{ id: string; name: string; title: string }> }> {
  return api('/api/risk/watch-keepers')
}

export function riskRulesOverview(): Promise<RiskRulesOverview> {
  return api<RiskRulesOverview>('/api/risk/rules')
}

export function riskRuleVersions(): Promise<{ items: RiskRuleVersionView[] }> {
  return api('/api/risk/rules/versions')
}

export function saveRiskDraft(baseRevision: number, rules: RiskRuleSet, note?: string): Promise<RiskRuleDraftView> {
  return api<RiskRuleDraftView>('/api/risk/rules/draft', { method: 'PUT', data: { baseRevision, rules, ...(note ? { note } : {}) } })
}

export function previewRiskRules(rules: RiskRuleSet): Promise<RiskPreviewView> {
  return api<RiskPreviewView>('/api/risk/rules/preview', { method: 'POST', data: { rules } })
}

export function publishRiskRules(expectedVersion: number, rules: RiskRuleSet, effectiveFrom?: string, note?: string): Promise<RiskRuleVersionView> {
  return api<RiskRuleVersionView>('/api/risk/rules/publish', {
    method: 'POST',
    data: { expectedVersion, rules, ...(effectiveFrom ? { effectiveFrom } : {}), ...(note ? { note } : {}) },
  })
}

export function taskSettings(): Promise<TaskSettingsView> {
  return api<TaskSettingsView>('/api/settings/tasks')
}

export function saveTaskSettings(baseVersion: number, settings: TaskSettingsView['settings'], note?: string): Promise<TaskSettingsView> {
  return api<TaskSettingsView>('/api/settings/tasks', { method: 'PUT', data: { baseVersion, settings, ...(note ? { note } : {}) } })
}
