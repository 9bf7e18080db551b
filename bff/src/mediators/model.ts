/**
 * The collections of 多元化解队伍. Every decision that must happen once is an insert with a
 * deterministic `_id` (docs/database.md#unique-keys); documents that are updated are caches of an
 * insert-only log (revisions, team events, outcome rows) and can be rebuilt from it. Design notes:
 * docs/mediators.md.
 */
import type {
  AgeBand,
  CompositionRuleSet,
  Industry,
  MediatorKind,
  MediatorType,
  OrgKind,
  PartyRef,
  Ref,
  RelationKind,
  TaskCategory,
  TeamEvent,
  TeamState,
} from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'
import { recordModels } from './record-model'

export * from './record-model'

const mixed = Schema.Types.Mixed

/** A revision of a versioned document (organisation, mediator profile, a task's preferred mediator): `<id>:<rev, 6 digits>`. */
export interface RevisionDoc<T = Record<string, unknown>> {
  _id: string
  entityId: string
  rev: number
  at: Date
  by: Ref
  value: T
}

const revisionSchema = (collection: string) => {
  const s = new Schema<RevisionDoc>(
    {
      _id: { type: String, required: true },
      entityId: { type: String, required: true },
      rev: { type: Number, required: true },
      at: { type: Date, required: true },
      by: { type: mixed, required: true },
      value: { type: mixed, required: true },
    },
    { versionKey: false, collection, minimize: false },
  )
  s.index({ at: -1, _id: 1 })
  return s
}

export interface OrgFields {
  name: string
  kind: OrgKind
  industry?: Industry
  territory: string
  contactName: string
  contactPhone: string
  address?: string
  intro?: string
  active: boolean
}
export type OrgDoc = OrgFields & { _id: string; rev: number; updatedAt: Date }

const orgSchema = new Schema<OrgDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    industry: { type: String },
    territory: { type: String, required: true },
    contactName: { type: String, required: true },
    contactPhone: { type: String, required: true },
    address: { type: String },
    intro: { type: String },
    active: { type: Boolean, required: true },
    rev: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'mediation_orgs' },
)

/** A declared relation as stored: the phone only as its keyed hash (for matching) and its mask (for admins). */
export interface StoredRelation {
  kind: RelationKind
  name: string
  phoneHash?: string
  phoneMasked?: string
  note?: string
}

export interface MediatorFields {
  name: string
  kind: MediatorKind
  type: MediatorType
  title: string
  orgIds: string[]
  domains: TaskCategory[]
  specialties: string[]
  dialects: string[]
  ageBand?: AgeBand
  years: number
  home?: string
  loadCap?: number
  intro?: string
  publicCard: boolean
  active: boolean
  /** externals: the number SMS goes to (encrypted); staff: only the hash of their directory number, to recognise them as a party */
  phoneEnc?: string
  phoneMasked?: string
  phoneHash?: string
  relations: StoredRelation[]
  /** on leave until (absent: available) */
  leaveUntil?: Date
  leaveNote?: string
  createdAt: Date
}
/** `_id` = the person's user id: one profile per person. */
export type MediatorDoc = MediatorFields & { _id: string; rev: number; updatedAt: Date }

const mediatorSchema = new Schema<MediatorDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    type: { type: String, required: true },
    title: { type: String, default: '' },
    orgIds: { type: [String], default: [] },
    domains: { type: [String], default: [] },
    specialties: { type: [String], default: [] },
    dialects: { type: [String], default: [] },
    ageBand: { type: String },
    years: { type: Number, default: 0 },
    home: { type: String },
    loadCap: { type: Number },
    intro: { type: String },
    publicCard: { type: Boolean, default: false },
    active: { type: Boolean, required: true },
    phoneEnc: { type: String },
    phoneMasked: { type: String },
    phoneHash: { type: String },
    relations: { type: mixed, default: [] },
    leaveUntil: { type: Date },
    leaveNote: { type: String },
    createdAt: { type: Date, required: true },
    rev: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'mediators', minimize: false },
)
mediatorSchema.index({ active: 1, type: 1, _id: 1 })

/** A task's preferred mediator, named by the centre on a citizen's request (versioned, `_id` = task id). */
export interface PreferenceFields {
  mediatorId?: string
  name?: string
  note?: string
}
export type PreferenceDoc = PreferenceFields & { _id: string; rev: number; updatedAt: Date; by?: Ref }

const preferenceSchema = new Schema<PreferenceDoc>(
  {
    _id: { type: String, required: true },
    mediatorId: { type: String },
    name: { type: String },
    note: { type: String },
    by: { type: mixed },
    rev: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'mediation_preferences' },
)

/** The composition rule table, one document per saved version (`_id` = version, 6 digits). */
export interface RuleVersionDoc {
  _id: string
  version: number
  value: CompositionRuleSet
  at: Date
  by: Ref
  note?: string
}

const ruleVersionSchema = new Schema<RuleVersionDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    value: { type: mixed, required: true },
    at: { type: Date, required: true },
    by: { type: mixed, required: true },
    note: { type: String },
  },
  { versionKey: false, collection: 'mediation_rule_versions' },
)
ruleVersionSchema.index({ version: -1 })

/**
 * One of a mediator's active memberships, `_id` = `<mediatorId>:slot:<k>` with k < their load cap:
 * at most `cap` can exist, so two proposers at once never over-book anyone (the tasks domain's claim
 * slots, docs/database.md#claim-slots). It also carries the dispute's parties, for the conflict
 * "already mediating another dispute of the same party".
 */
export interface LoadSlotDoc {
  _id: string
  mediatorId: string
  k: number
  teamId: string
  taskId: string
  taskNo: string
  token: string
  parties: PartyRef[]
  at: Date
}

const loadSlotSchema = new Schema<LoadSlotDoc>(
  {
    _id: { type: String, required: true },
    mediatorId: { type: String, required: true },
    k: { type: Number, required: true },
    teamId: { type: String, required: true },
    taskId: { type: String, required: true },
    taskNo: { type: String, required: true },
    token: { type: String, required: true },
    parties: { type: mixed, default: [] },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'mediator_load_slots', minimize: false },
)

/** Release tickets `<slot id>:<token>` (the claim slots' design): one deleter per membership. */
export interface LoadReleaseDoc {
  _id: string
  at: Date
}
const loadReleaseSchema = new Schema<LoadReleaseDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'mediator_load_releases' },
)
loadReleaseSchema.index({ at: 1 })

/** One event of a team's log, `_id` = `<teamId>:<seq, 4 digits>` (the task log's design). */
export type TeamEventDoc = TeamEvent & { _id: string }

const teamEventSchema = new Schema<TeamEventDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Number, required: true },
    actor: { type: mixed, required: true },
    data: { type: mixed, required: true },
  },
  { versionKey: false, collection: 'mediation_team_events', minimize: false },
)

/** The team as folded (a cache for lists and the job; readers fold the log). */
export type TeamDoc = Omit<TeamState, 'id'> & { _id: string; ended: boolean; memberIds: string[]; requestId?: string }

const teamSchema = new Schema<TeamDoc>(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    ended: { type: Boolean, required: true },
    memberIds: { type: [String], default: [] },
    updatedAt: { type: Number, required: true },
  },
  { versionKey: false, collection: 'mediation_teams', strict: false, minimize: false },
)
teamSchema.index({ ended: 1, updatedAt: -1, _id: 1 })
teamSchema.index({ memberIds: 1, updatedAt: -1, _id: 1 })

/** Marks that a domain event was published (insert after publishing; a job republishes what has none). */
export interface EventMarkDoc {
  _id: string
  at: Date
}
const eventMarkSchema = new Schema<EventMarkDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'mediation_event_marks' },
)

/** A one-time answer link sent by SMS, `_id` = sha256 of the code (the code itself is stored nowhere). */
export interface LinkDoc {
  _id: string
  teamId: string
  mediatorId: string
  invitedSeq: number
  createdAt: Date
  expiresAt: Date
}
const linkSchema = new Schema<LinkDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    mediatorId: { type: String, required: true },
    invitedSeq: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'mediation_links' },
)
linkSchema.index({ expiresAt: 1 })

/** Who revealed an external mediator's number, when (insert-only audit). */
export interface RevealDoc {
  _id: string
  mediatorId: string
  by: Ref
  at: Date
}
const revealSchema = new Schema<RevealDoc>(
  { _id: { type: String, required: true }, mediatorId: { type: String, required: true }, by: { type: mixed }, at: { type: Date } },
  { versionKey: false, collection: 'mediator_phone_reveals' },
)

export function mediatorModels(conn: Connection) {
  return {
    MediationOrg: conn.model<OrgDoc>('MediationOrg', orgSchema),
    MediationOrgRevision: conn.model<RevisionDoc>('MediationOrgRevision', revisionSchema('mediation_org_revisions')),
    Mediator: conn.model<MediatorDoc>('Mediator', mediatorSchema),
    MediatorRevision: conn.model<RevisionDoc>('MediatorRevision', revisionSchema('mediator_revisions')),
    MediationPreference: conn.model<PreferenceDoc>('MediationPreference', preferenceSchema),
    MediationPreferenceRevision: conn.model<RevisionDoc>('MediationPreferenceRevision', revisionSchema('mediation_preference_revisions')),
    MediationRuleVersion: conn.model<RuleVersionDoc>('MediationRuleVersion', ruleVersionSchema),
    MediatorLoadSlot: conn.model<LoadSlotDoc>('MediatorLoadSlot', loadSlotSchema),
    MediatorLoadRelease: conn.model<LoadReleaseDoc>('MediatorLoadRelease', loadReleaseSchema),
    MediationTeamEvent: conn.model<TeamEventDoc>('MediationTeamEvent', teamEventSchema),
    MediationTeam: conn.model<TeamDoc>('MediationTeam', teamSchema),
    ...recordModels(conn),
    MediationEventMark: conn.model<EventMarkDoc>('MediationEventMark', eventMarkSchema),
    MediationLink: conn.model<LinkDoc>('MediationLink', linkSchema),
    MediatorPhoneReveal: conn.model<RevealDoc>('MediatorPhoneReveal', revealSchema),
  }
}
