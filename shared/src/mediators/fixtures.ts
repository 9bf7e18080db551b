/** Test fixtures for the mediators rules (used by the table tests here and the BFF's bench). */
import type { MediatorType } from './constants'
import type { MediatorCandidate, ProposalTask } from './propose'
import { EMPTY_RECORD } from './scoring'

export const NOW = Date.UTC(2026, 10, 27, 2, 0, 0)

/** A red 婚恋家庭 dispute in 新城社区第2网格第3微网格. */
export const FAMILY_TASK: ProposalTask = {
  id: 'JQ20261127-0001',
  taskNo: 'JQ20261127-0001',
  category: 'family',
  riskColour: 'red',
  territory: 'GT-01-02-03',
  parties: [
    { name: '张丽', role: '申请人', phoneHash: 'hash-zhangli' },
    { name: '王强', role: '被申请人', phoneHash: 'hash-wangqiang' },
  ],
}

export function candidate(id: string, type: MediatorType, over: Partial<MediatorCandidate> = {}): MediatorCandidate {
  return {
    id,
    name: id,
    type,
    domains: [],
    dialects: [],
    years: 0,
    relations: [],
    loadCap: 3,
    load: 0,
    engagements: [],
    stats: EMPTY_RECORD,
    ...over,
  }
}
