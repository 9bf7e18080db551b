/** The words of 三色预警 that both sides show (no schema library here: the mini-app imports this file). */

/** Groups of phrases: what the phrase is a sign of. */
export const PHRASE_GROUPS = ['threat', 'violence', 'self_harm', 'mediation', 'discontent'] as const
export type PhraseGroup = (typeof PHRASE_GROUPS)[number]
export const PHRASE_GROUP_LABELS: Record<PhraseGroup, string> = {
  threat: '威胁',
  violence: '已有暴力',
  self_harm: '轻生',
  mediation: '调解受阻',
  discontent: '不满激化',
}

/** Who set the colour a task shows. */
export const RISK_SOURCE_LABELS = { engine: '系统评分', manual: '人工设定', created: '创建时选定' } as const
