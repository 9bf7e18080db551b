/**
 * 警务 / 非警务: whether a record is a police matter (stays with the police) or a dispute the street
 * handles. The channel's own flag decides when it has one (110's 是否非警务); otherwise the category
 * (打架斗殴, 家庭暴力 are police matters), then words in the text that signal violence or a crime, and
 * last the channel's default. The answer says which of these decided.
 */
import type { ChannelProfile } from '../profiles'
import type { TaxonomyNode } from '../taxonomy'
import { cleanLine } from './text'

export interface PoliceFlag {
  police: boolean
  via: 'field' | 'category' | 'keyword' | 'channel'
  /** the words that raised it */
  keywords?: string[]
}

/** Words that make a dispute a police matter whatever its category (民转刑 risk: weapons, violence). */
export const POLICE_KEYWORDS = ['持刀', '拿刀', '砍人', '打伤', '殴打', '抢劫', '盗窃', '被偷', '诈骗', '吸毒', '赌博', '纵火', '绑架', '非法拘禁', '家暴']

export function policeFlagOf(
  profile: Pick<ChannelProfile, 'policeFlag'>,
  rawFlag: unknown,
  node: TaxonomyNode | undefined,
  text: string,
  policeByDefault: boolean,
): PoliceFlag {
  const flag = cleanLine(rawFlag, 20)
  if (flag && profile.policeFlag) {
    if (profile.policeFlag.nonPolice.includes(flag)) return { police: false, via: 'field' }
    if (profile.policeFlag.police.includes(flag)) return { police: true, via: 'field' }
  }
  if (node?.police) return { police: true, via: 'category' }
  const hits = POLICE_KEYWORDS.filter((k) => text.includes(k))
  if (hits.length) return { police: true, via: 'keyword', keywords: hits }
  return { police: policeByDefault, via: 'channel' }
}
