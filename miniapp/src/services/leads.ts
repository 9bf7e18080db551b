// 研判: the centre's inbox of leads (one per dispute), a lead's page and its decisions, the routing table.
import type { BulkLeadResult, LeadDetailView, LeadListResponse, LeadView, RoutingTableInput, RoutingTableView } from '@jqtb/shared/src/intake'
import { api } from './api'
import { query } from './http'

export type LeadQueue = 'inbox' | 'red' | 'repeat' | 'police' | 'decided'
export type LeadRow = LeadView
export interface LeadCounts {
  inbox: number
  red: number
  repeat: number
  police: number
  decided: number
}

export async function listLeads(queue: LeadQueue, q: string | undefined, cursor: string | null, limit = 20): Promise<LeadListResponse> {
  const filters = {
    view: queue === 'decided' ? 'decided' : 'inbox',
    riskColour: queue === 'red' ? 'red' : undefined,
    repeat: queue === 'repeat' ? '1' : undefined,
    police: queue === 'police' ? '1' : undefined,
  }
  return api<LeadListResponse>(`/api/intake/leads${query({ ...filters, q, cursor, limit })}`)
}

export const leadCounts = () => api<LeadCounts>('/api/intake/leads/counts')
export const getLead = (id: string) => api<LeadDetailView>(`/api/intake/leads/${encodeURIComponent(id)}`)

export type LeadVerb = 'convert' | 'attach' | 'return' | 'transfer' | 'refuse' | 'resolve' | 'reopen' | 'merge' | 'split'
export const actOnLead = (id: string, verb: LeadVerb, body: Record<string, unknown> = {}) =>
  api<{ lead: LeadDetailView; newLeadId?: string }>(`/api/intake/leads/${encodeURIComponent(id)}/${verb}`, { method: 'POST', data: body })

export const bulkLeads = (action: 'convert' | 'refuse' | 'resolve', leadIds: string[], reason?: string) =>
  api<{ results: BulkLeadResult[] }>('/api/intake/leads/bulk', { method: 'POST', data: { action, leadIds, ...(reason ? { reason } : {}) } })

export const getRouting = () => api<RoutingTableView>('/api/intake/routing')
export const saveRouting = (body: RoutingTableInput) => api<RoutingTableView>('/api/intake/routing', { method: 'PUT', data: body })
export const routingHistory = () =>
  api<{ items: Array<{ version: number; at: string | null; by: string; note: string | null; rows: number }> }>('/api/intake/routing/history').then(
    (r) => r.items,
  )
