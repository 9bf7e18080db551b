/**
 * What the engine does with a score: the colour it gives a task, never below the colour a person
 * set (a manual red stays red until a person lowers it; the engine may still raise a manual
 * yellow), and the risk event it appends when that colour differs from the task's.
 */
import type { RiskColour } from '../tasks/constants'
import { isTerminal, riskFloor } from '../tasks/fold'
import type { EpochMs, RiskChangedData, TaskState } from '../tasks/types'
import type { RiskRuleSet } from './rules'
import { HOUR, higherColour, type RiskAssessment } from './score'

/** The colour the engine would give: the score's, raised to the person's floor. */
export function engineColour(t: Pick<TaskState, 'risk' | 'riskColour' | 'createdBy' | 'createdAt'>, assessed: RiskColour): RiskColour {
  return higherColour(assessed, riskFloor(t)?.colour ?? 'green')
}

/**
 * The `risk_changed` event the engine appends to `t`, or null when the colour stays. A finished task
 * (办结, 撤销) keeps the colour it ended with; reopening it scores it again.
 */
export function engineChange(
  t: TaskState,
  a: RiskAssessment,
  rules: Pick<RiskRuleSet, 'followUpHours'>,
  opts: { now: EpochMs; ruleVersion: number; notify: () => string[] },
): RiskChangedData | null {
  if (isTerminal(t)) return null
  const colour = engineColour(t, a.colour)
  if (colour === t.riskColour) return null
  const factors = a.factors.map((f) => ({ code: f.code, points: f.points, text: f.text }))
  const turnsRed = colour === 'red'
  return {
    colour,
    previous: t.riskColour,
    source: 'engine',
    score: a.score,
    factors,
    ruleVersion: opts.ruleVersion,
    ...(turnsRed ? { followUpBy: opts.now + rules.followUpHours * HOUR, notify: opts.notify() } : {}),
  }
}

/**
 * A person's colour: recorded with the reason, whatever the engine thinks (the engine's score and
 * factors at that moment are kept next to it). Setting red by hand starts a follow-up deadline too.
 */
export function manualChange(
  t: TaskState,
  colour: RiskColour,
  reason: string,
  a: RiskAssessment,
  rules: Pick<RiskRuleSet, 'followUpHours'>,
  opts: { now: EpochMs; ruleVersion: number; notify: () => string[] },
): RiskChangedData {
  const turnsRed = colour === 'red' && t.riskColour !== 'red'
  return {
    colour,
    previous: t.riskColour,
    source: 'manual',
    score: a.score,
    factors: a.factors.map((f) => ({ code: f.code, points: f.points, text: f.text })),
    reason,
    ruleVersion: opts.ruleVersion,
    ...(turnsRed ? { followUpBy: opts.now + rules.followUpHours * HOUR, notify: opts.notify() } : {}),
  }
}

/** Is this red warning past its follow-up deadline with nobody having acted (the sweep escalates it)? */
export function followUpMissed(t: Pick<TaskState, 'riskColour' | 'risk' | 'state'>, now: EpochMs): boolean {
  return !isTerminal(t) && t.riskColour === 'red' && t.risk?.followUpBy !== undefined && t.risk.escalatedAt === undefined && now > t.risk.followUpBy
}
