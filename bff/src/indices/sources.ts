/**
 * Which records the indices are computed from in this build. Tasks always; leads (统一归口),
 * mediations (多元化解) and 回访 once their domains publish the events the adapters listen to. An
 * index whose source is missing reads 暂无数据 — never 0 % or 100 % (shared/src/indices/formulas.ts).
 */
import type { SourceAvailability } from '@jqtb/shared'

export const SOURCES: SourceAvailability = { tasks: true, leads: false, mediations: false, followUps: false }
