import { SPECIALTY_GROUPS } from '../tags'

/**
 * The words of 多元化解队伍: who mediators are, the organisations they belong to, the relations that
 * make a conflict of interest, how a mediation ends. Keys are English (stored, matched by programs);
 * labels are what people see.
 */

/** What kind of mediator someone is: the composition rules fill team slots by these. */
export const MEDIATOR_TYPES = ['police', 'judicial', 'labour', 'legal_aid', 'professional', 'notable', 'cadre', 'grid', 'counsellor', 'volunteer'] as const
export type MediatorType = (typeof MEDIATOR_TYPES)[number]

export const MEDIATOR_TYPE_LABELS: Record<MediatorType, string> = {
  police: '民警',
  judicial: '司法所干部',
  labour: '劳动保障干部',
  legal_aid: '法援律师',
  professional: '专职调解员',
  notable: '乡贤',
  cadre: '村社干部',
  grid: '网格员',
  counsellor: '心理咨询师',
  volunteer: '志愿者',
}

/** Staff are people already in 人员管理 (with DingTalk); external people are reached by SMS. */
export const MEDIATOR_KINDS = ['staff', 'external'] as const
export type MediatorKind = (typeof MEDIATOR_KINDS)[number]
export const MEDIATOR_KIND_LABELS: Record<MediatorKind, string> = { staff: '在册人员', external: '外部调解员' }

/** Kinds of mediation organisation (调解组织). */
export const ORG_KINDS = ['committee', 'industry', 'brand', 'judicial', 'police', 'law_firm', 'department'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  committee: '村/社区人民调解委员会',
  industry: '行业性专业性调委会',
  brand: '品牌调解室',
  judicial: '司法所',
  police: '派出所调解室',
  law_firm: '律师事务所（法律援助）',
  department: '部门调解组织',
}

/** The trade of a 行业性调委会. */
export const INDUSTRIES = ['medical', 'traffic', 'labour', 'other'] as const
export type Industry = (typeof INDUSTRIES)[number]
export const INDUSTRY_LABELS: Record<Industry, string> = { medical: '医疗', traffic: '交通', labour: '劳动', other: '其他' }

export const AGE_BANDS = ['under30', '30s', '40s', '50s', '60plus'] as const
export type AgeBand = (typeof AGE_BANDS)[number]
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  under30: '30 岁以下',
  '30s': '30–39 岁',
  '40s': '40–49 岁',
  '50s': '50–59 岁',
  '60plus': '60 岁及以上',
}

/**
 * Relations a mediator declares so the engine can exclude them from disputes of these people (回避).
 * Private: only admins see them; everyone else sees that a declared relation excluded someone, never which.
 */
export const RELATION_KINDS = ['kin', 'household', 'employment', 'other'] as const
export type RelationKind = (typeof RELATION_KINDS)[number]
export const RELATION_KIND_LABELS: Record<RelationKind, string> = {
  kin: '亲属',
  household: '同户',
  employment: '雇佣/经营关系',
  other: '其他利害关系',
}

/** How a mediation ended. */
export const OUTCOMES = ['success', 'partial', 'failed'] as const
export type MediationOutcome = (typeof OUTCOMES)[number]
export const OUTCOME_LABELS: Record<MediationOutcome, string> = { success: '调解成功', partial: '部分成功', failed: '调解不成' }

/** Where parties were guided when mediation did not (fully) settle the dispute (诉调衔接). */
export const GUIDANCE = ['litigation', 'arbitration', 'petition', 'legal_aid'] as const
export type Guidance = (typeof GUIDANCE)[number]
export const GUIDANCE_LABELS: Record<Guidance, string> = { litigation: '诉讼', arbitration: '仲裁', petition: '信访', legal_aid: '法律援助' }

/** Where a team member stands. */
export const MEMBER_STATUSES = ['invited', 'accepted', 'declined', 'replaced', 'removed', 'left'] as const
export type MemberStatus = (typeof MEMBER_STATUSES)[number]
export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  invited: '待答复',
  accepted: '已接受',
  declined: '已婉拒',
  replaced: '已更换',
  removed: '已移出',
  left: '已退出',
}

export const TEAM_STATUSES = ['forming', 'active', 'done', 'dissolved'] as const
export type TeamStatus = (typeof TEAM_STATUSES)[number]
export const TEAM_STATUS_LABELS: Record<TeamStatus, string> = { forming: '组建中', active: '调解中', done: '已记录结果', dissolved: '已解散' }

/** How a member is reached: a DingTalk work notice, or an SMS with a one-time link. */
export const CONTACT_CHANNELS = ['dingtalk', 'sms'] as const
export type ContactChannel = (typeof CONTACT_CHANNELS)[number]
export const CONTACT_CHANNEL_LABELS: Record<ContactChannel, string> = { dingtalk: '钉钉工作通知', sms: '短信' }

/** Active team memberships a mediator may carry at once unless their profile says otherwise. */
export const DEFAULT_LOAD_CAP = 3
export const MAX_LOAD_CAP = 10

/** 乡音 a mediator may speak (the 乡音方言 group of shared/src/tags.ts). */
export const DIALECTS: readonly string[] = SPECIALTY_GROUPS.find((g) => g.label === '乡音方言')?.tags ?? []
/** Suggested specialties (the 专业能力 group); a profile may name others. */
export const SPECIALTIES: readonly string[] = SPECIALTY_GROUPS.find((g) => g.label === '专业能力')?.tags ?? []
