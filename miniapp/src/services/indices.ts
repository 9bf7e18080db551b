// 关键指数 and 一屏掌控: the dashboard, the live lists, the cases behind a number, a person's summary. Types only from shared.
import type { CasesView, DashboardView, LiveView, SummaryView } from '@jqtb/shared/src/indices/dto'
import { api } from './api'
import { downloadSheet } from './download'
import { query } from './http'

export function dashboard(params: { period?: string; level?: string; scope?: string } = {}): Promise<DashboardView> {
  return api<DashboardView>(`/api/indices/dashboard${query(params)}`)
}

export function liveLists(scope?: string): Promise<LiveView> {
  return api<LiveView>(`/api/indices/live${query({ scope, limit: 12 })}`)
}

export function casesBehind(params: { period: string; scope: string; target: string; cursor?: string | null }): Promise<CasesView> {
  return api<CasesView>(`/api/indices/cases${query({ ...params, limit: 50 })}`)
}

export function mySummary(): Promise<SummaryView> {
  return api<SummaryView>('/api/indices/summary')
}

/** The page listing the cases behind a number (the same period, scope and target as the number). */
export function casesUrl(period: string, scope: string, target: string): string {
  return `/pages/dashboard/cases/index?period=${encodeURIComponent(period)}&scope=${encodeURIComponent(scope)}&target=${encodeURIComponent(target)}`
}

/** The monthly report (.xlsx) of `month` (YYYY-MM): the policy decides which sheets (services/download.ts). */
export function downloadMonthlyReport(month: string): Promise<void> {
  return downloadSheet(`/api/indices/export${query({ month })}`, `关键指数月报-${month}.xlsx`, '您无权导出月度报表')
}
