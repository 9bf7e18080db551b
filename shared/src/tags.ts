/**
 * 专长: what a person is good at beyond their role — the dispute domains they mediate, their
 * qualifications, the local speech (乡音) they share with the parties. People carry some of these
 * (`users.tags`); a task published to a pool may require any one of them (the mediator teams,
 * 多元化解队伍, are such a tagged pool). One closed list, so a lead picks instead of typing and a typo
 * cannot empty a pool.
 */
export const SPECIALTY_GROUPS = [
  { label: '纠纷领域', tags: ['婚恋家庭', '邻里', '劳资', '土地', '物业', '消费', '交通事故', '医疗'] },
  { label: '专业能力', tags: ['法律', '心理疏导', '信访', '专科医生'] },
  { label: '乡音方言', tags: ['慈溪话', '余姚话', '宁波话', '四川话', '贵州话'] },
] as const

export type SpecialtyTag = (typeof SPECIALTY_GROUPS)[number]['tags'][number]

export const SPECIALTY_TAGS = SPECIALTY_GROUPS.flatMap((g) => g.tags) as unknown as readonly [SpecialtyTag, ...SpecialtyTag[]]
