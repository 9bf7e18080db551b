/**
 * The preview an admin sees before publishing: last period's task events scored again under the
 * draft, next to the same events scored under the versions that were in force, and who gains and
 * who loses. Both sides are computed from the events (not read from the ledger), so the comparison
 * is rule against rule; granted appeals, which are not rule outcomes, are left out of both.
 */
import {
  compareBoards,
  computeBoards,
  diffRuleSets,
  type LedgerEntryDraft,
  type Period,
  parsePeriod,
  periodKeyOf,
  previousPeriodKey,
  REASON_CODES,
  REASON_LABELS,
  type RulePreviewView,
  type RuleSet,
  type RuleSetVersion,
  SCORED_EVENT_TYPES,
  scoreTaskLog,
  type TaskEvent,
} from '@jqtb/shared'
import { eventsInRange } from '../tasks/archive-reads'
import { eventsUpTo, type TaskDeps } from '../tasks/log'
import { nameBook, roster, versionForPeriod } from './ledger'
import { presentPeriod } from './presenter'
import { loadVersions } from './rule-versions'
import { directoryFor } from './scoring'

export async function previewRules(deps: TaskDeps, draft: RuleSet, periodKey?: string): Promise<RulePreviewView> {
  const now = deps.clock.now()
  const versions = await loadVersions(deps.db, now)
  const period = parsePeriod(periodKey ?? previousPeriodKey(periodKeyOf(now.getTime(), draft.period))) as Period
  // an old period's events may be archived (docs/database.md#archive): read both there
  const inPeriod = await eventsInRange(deps, SCORED_EVENT_TYPES, { since: new Date(period.start), until: new Date(period.end) })
  // each task's log up to its last event scored in the period (what follows it scores nothing here),
  // read by _id: a `{taskId: {$in}}` filter would make FerretDB scan every event of every task again
  const lastSeq = new Map<string, number>()
  for (const e of inPeriod) lastSeq.set(e.taskId, Math.max(e.seq, lastSeq.get(e.taskId) ?? 0))
  const logs = new Map<string, TaskEvent[]>()
  const taskIds = [...lastSeq.keys()].sort()
  for (let i = 0; i < taskIds.length; i += 8) {
    const batch = taskIds.slice(i, i + 8)
    const read = await Promise.all(batch.map((id) => eventsUpTo(deps, id, lastSeq.get(id) as number)))
    for (const [k, id] of batch.entries()) logs.set(id, read[k])
  }
  const all = [...logs.values()].flat()
  const dir = await directoryFor(deps.db, all)
  const only = (e: TaskEvent) => e.at >= period.start && e.at < period.end
  const draftVersion: RuleSetVersion = {
    version: 0,
    effectiveFrom: Number.MIN_SAFE_INTEGER,
    rules: draft,
    publishedAt: now.getTime(),
    publishedBy: { id: '', name: '草稿' },
  }
  const current: LedgerEntryDraft[] = []
  const proposed: LedgerEntryDraft[] = []
  for (const log of logs.values()) {
    current.push(...scoreTaskLog(log, versions, dir, { only }))
    proposed.push(...scoreTaskLog(log, [draftVersion], dir, { only }))
  }
  const [members, names] = await Promise.all([roster(deps.db), nameBook(deps.db)])
  const published = versionForPeriod(versions, period, now.getTime())
  const before = computeBoards(current, published.rules, members, names)
  const after = computeBoards(proposed, draft, members, names)
  const rows = compareBoards(before, after)
  const sum = (list: LedgerEntryDraft[], code: string) => Math.round(list.filter((e) => e.reasonCode === code).reduce((s, e) => s + e.delta, 0) * 10) / 10
  const latest = versions[versions.length - 1]
  return {
    period: presentPeriod(period),
    currentVersions: [...new Set(current.map((e) => e.ruleVersion))].sort((a, b) => a - b),
    tasks: logs.size,
    events: all.filter(only).filter((e) => SCORED_EVENT_TYPES.includes(e.type)).length,
    changes: diffRuleSets(latest.rules, draft),
    rows,
    gainers: rows.filter((r) => r.board === 'people' && r.diff > 0).length,
    losers: rows.filter((r) => r.board === 'people' && r.diff < 0).length,
    byReason: REASON_CODES.map((code) => ({ code, label: REASON_LABELS[code], current: sum(current, code), draft: sum(proposed, code) })).filter(
      (r) => r.current !== 0 || r.draft !== 0,
    ),
  }
}
