/**
 * What leaves the server (docs/architecture.md#domains): phones masked, declared relations only for
 * admins, exclusion reasons in the words the viewer may read, public cards with nothing private.
 */
import {
  AGE_BAND_LABELS,
  type CandidateView,
  CONTACT_CHANNEL_LABELS,
  durationLabel,
  type Exclusion,
  GUIDANCE_LABELS,
  INDUSTRY_LABELS,
  isEnded,
  MEDIATOR_KIND_LABELS,
  MEDIATOR_TYPE_LABELS,
  MEMBER_STATUS_LABELS,
  type MediatorListItem,
  type MediatorView,
  ORG_KIND_LABELS,
  type OrgView,
  OUTCOME_LABELS,
  type OutcomeView,
  type PublicMediatorCard,
  RELATION_KIND_LABELS,
  type ScoredCandidate,
  type SessionView,
  type SlotProposalView,
  statsOf,
  TASK_CATEGORY_LABELS,
  TEAM_STATUS_LABELS,
  type TeamProposal,
  type TeamProposalView,
  type TeamState,
  type TeamView,
} from '@jqtb/shared'
import { signedFileUrl } from '../files/signing'
import type { AuthUser } from '../kernel/actor'
import type { SmsStatus } from '../sms/service'
import { signedAgreementUrl } from './agreement-url'
import type { ConfirmationDoc, MediatorDoc, OrgDoc, OutcomeDoc, ScanDoc, SessionDoc, StatsDoc } from './model'
import { canRevealPhone, canSeeRelations, isAdmin } from './policy'

const iso = (d: Date | number | string | undefined) => (d === undefined ? undefined : new Date(d).toISOString())

export function presentOrg(o: OrgDoc, names: Map<string, string>, members: number): OrgView {
  return {
    id: o._id,
    name: o.name,
    kind: o.kind,
    kindLabel: ORG_KIND_LABELS[o.kind],
    ...(o.industry ? { industry: o.industry, industryLabel: INDUSTRY_LABELS[o.industry] } : {}),
    territory: { code: o.territory, name: names.get(o.territory) ?? o.territory },
    contactName: o.contactName,
    contactPhone: o.contactPhone,
    ...(o.address ? { address: o.address } : {}),
    ...(o.intro ? { intro: o.intro } : {}),
    active: o.active,
    rev: o.rev,
    members,
  }
}

const statsView = (s: StatsDoc | null | undefined, load: number, loadCap: number) => {
  const base = statsOf([], [])
  const stats = s
    ? {
        ...base,
        done: s.done,
        success: s.success,
        partial: s.partial,
        failed: s.failed,
        ratingSum: s.ratingSum,
        ratingCount: s.ratingCount,
        avgDurationMs: s.done ? Math.round(s.totalDurationMs / s.done) : null,
        successRate: s.done ? Math.round(((s.success + 0.5 * s.partial) / s.done) * 100) : null,
        averageRating: s.ratingCount ? Math.round((s.ratingSum / s.ratingCount) * 10) / 10 : null,
      }
    : base
  return { ...stats, avgDurationLabel: durationLabel(stats.avgDurationMs), load, loadCap }
}

export interface ProfileExtras {
  orgs: Map<string, string>
  territories: Map<string, string>
  stats: StatsDoc | null
  load: number
  defaultCap: number
  channel: MediatorView['channel']
  now: Date
}

export function presentMediator(m: MediatorDoc, viewer: AuthUser, x: ProfileExtras): MediatorView {
  const loadCap = m.loadCap ?? x.defaultCap
  const onLeave = m.leaveUntil && new Date(m.leaveUntil).getTime() > x.now.getTime()
  const self = viewer.id === m._id
  return {
    id: m._id,
    name: m.name,
    kind: m.kind,
    kindLabel: MEDIATOR_KIND_LABELS[m.kind],
    type: m.type,
    typeLabel: MEDIATOR_TYPE_LABELS[m.type],
    title: m.title,
    orgs: m.orgIds.map((id) => ({ id, name: x.orgs.get(id) ?? id })),
    domains: m.domains.map((code) => ({ code, label: TASK_CATEGORY_LABELS[code] })),
    specialties: m.specialties,
    dialects: m.dialects,
    ...(m.ageBand ? { ageBand: m.ageBand, ageBandLabel: AGE_BAND_LABELS[m.ageBand] } : {}),
    years: m.years,
    ...(m.home ? { home: { code: m.home, name: x.territories.get(m.home) ?? m.home } } : {}),
    ...(m.phoneMasked ? { phoneMasked: m.phoneMasked } : {}),
    channel: x.channel,
    channelLabel: CONTACT_CHANNEL_LABELS[x.channel],
    availability: {
      onLeaveUntil: onLeave ? (iso(m.leaveUntil) ?? null) : null,
      ...(onLeave && m.leaveNote && (self || isAdmin(viewer)) ? { note: m.leaveNote } : {}),
    },
    loadCap,
    ...(m.loadCap ? { ownLoadCap: m.loadCap } : {}),
    ...(m.intro ? { intro: m.intro } : {}),
    publicCard: m.publicCard,
    active: m.active,
    rev: m.rev,
    stats: statsView(x.stats, x.load, loadCap),
    ...(canSeeRelations(viewer)
      ? {
          relations: m.relations.map((r) => ({
            kind: r.kind,
            kindLabel: RELATION_KIND_LABELS[r.kind],
            name: r.name,
            ...(r.phoneMasked ? { phoneMasked: r.phoneMasked } : {}),
            ...(r.note ? { note: r.note } : {}),
          })),
        }
      : {}),
    can: {
      edit: isAdmin(viewer),
      editAvailability: self || isAdmin(viewer),
      seeRelations: canSeeRelations(viewer),
      revealPhone: canRevealPhone(viewer) && !!m.phoneMasked && m.kind === 'external',
    },
  }
}

export function presentListItem(
  m: MediatorDoc,
  x: { orgs: Map<string, string>; territories: Map<string, string>; stats?: StatsDoc; load: number; defaultCap: number; now: Date },
): MediatorListItem {
  const s = statsView(x.stats, x.load, m.loadCap ?? x.defaultCap)
  const onLeave = m.leaveUntil && new Date(m.leaveUntil).getTime() > x.now.getTime()
  return {
    id: m._id,
    name: m.name,
    kind: m.kind,
    kindLabel: MEDIATOR_KIND_LABELS[m.kind],
    type: m.type,
    typeLabel: MEDIATOR_TYPE_LABELS[m.type],
    title: m.title,
    orgNames: m.orgIds.map((id) => x.orgs.get(id) ?? id),
    ...(m.home ? { homeName: x.territories.get(m.home) ?? m.home } : {}),
    done: s.done,
    successRate: s.successRate,
    averageRating: s.averageRating,
    load: x.load,
    loadCap: s.loadCap,
    onLeaveUntil: onLeave ? (iso(m.leaveUntil) ?? null) : null,
    active: m.active,
  }
}

export function presentCard(m: MediatorDoc, x: { orgs: Map<string, string>; stats?: StatsDoc; now: Date }): PublicMediatorCard {
  const s = statsView(x.stats, 0, 1)
  return {
    id: m._id,
    name: m.name,
    typeLabel: MEDIATOR_TYPE_LABELS[m.type],
    title: m.title,
    orgs: m.orgIds.map((id) => x.orgs.get(id) ?? id),
    domains: m.domains.map((c) => TASK_CATEGORY_LABELS[c]),
    specialties: m.specialties,
    dialects: m.dialects,
    years: m.years,
    done: s.done,
    successRate: s.successRate,
    averageRating: s.averageRating,
    ratingCount: s.ratingCount,
    ...(m.intro ? { intro: m.intro } : {}),
    available: !(m.leaveUntil && new Date(m.leaveUntil).getTime() > x.now.getTime()),
  }
}

/** An exclusion as the viewer may read it: admins the relation named, others only that one exists. */
const reasonFor = (viewer: AuthUser) => (e: Exclusion) => (canSeeRelations(viewer) ? e.detail : e.shown)

function candidateView(c: ScoredCandidate, viewer: AuthUser): CandidateView {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    typeLabel: MEDIATOR_TYPE_LABELS[c.type],
    score: c.score,
    reasons: c.reasons,
    summary: c.summary,
    ...(c.exclusions ? { excludedBecause: c.exclusions.map(reasonFor(viewer)) } : {}),
  }
}

export function presentProposal(p: TeamProposal, viewer: AuthUser, task: { id: string; taskNo: string }, dialect?: string): TeamProposalView {
  const slots: SlotProposalView[] = p.slots.map((s) => ({
    key: s.key,
    label: s.label,
    type: s.slot.type,
    count: s.slot.count,
    picks: s.picks.map((c) => candidateView(c, viewer)),
    alternatives: s.alternatives.map((c) => candidateView(c, viewer)),
    excluded: s.excluded.map((c) => candidateView(c, viewer)),
    pool: s.pool,
    ...(s.shortfall ? { shortfall: s.shortfall } : {}),
  }))
  return {
    taskId: task.id,
    taskNo: task.taskNo,
    rule: p.rule,
    slots,
    ...(p.preferred
      ? {
          preferred: {
            id: p.preferred.id,
            name: p.preferred.name,
            status: p.preferred.status,
            message: p.preferred.message,
            reasons: (p.preferred.exclusions ?? []).map(reasonFor(viewer)),
          },
        }
      : {}),
    ...(dialect ? { dialect } : {}),
    detailed: canSeeRelations(viewer),
  }
}

export function presentTeam(
  t: TeamState,
  viewer: AuthUser,
  x: { holders: Set<string>; sms: Map<string, SmsStatus>; canManage: boolean; canRecord: boolean },
): TeamView {
  const ended = isEnded(t)
  const positions = t.members.filter((m) => ['invited', 'accepted', 'declined', 'left'].includes(m.status))
  return {
    id: t.id,
    taskId: t.taskId,
    taskNo: t.taskNo,
    status: t.status,
    statusLabel: TEAM_STATUS_LABELS[t.status],
    proposer: t.proposer,
    rule: t.rule,
    formedAt: iso(t.formedAt) as string,
    seats: positions.length,
    members: t.members.map((m) => {
      const sms = m.channel === 'sms' ? x.sms.get(`${t.id}:invite:${m.mediatorId}:${m.invitedSeq}`) : undefined
      return {
        mediatorId: m.mediatorId,
        name: m.name,
        typeLabel: MEDIATOR_TYPE_LABELS[m.type],
        slotKey: m.slotKey,
        slotLabel: m.slotLabel,
        status: m.status,
        statusLabel: MEMBER_STATUS_LABELS[m.status],
        channel: m.channel,
        channelLabel: CONTACT_CHANNEL_LABELS[m.channel],
        summary: m.summary,
        ...(m.reason && (x.canManage || viewer.id === m.mediatorId) ? { reason: m.reason } : {}),
        invitedAt: iso(m.invitedAt) as string,
        ...(m.answeredAt ? { answeredAt: iso(m.answeredAt) } : {}),
        ...(m.replacedBy ? { replacedBy: t.members.find((r) => r.mediatorId === m.replacedBy)?.name ?? m.replacedBy } : {}),
        holdsSeat: x.holders.has(m.mediatorId),
        ...(sms ? { delivery: sms.error ? `${sms.label}（${sms.error}）` : sms.label } : {}),
      }
    }),
    ...(t.endedAt ? { endedAt: iso(t.endedAt), endReason: t.endReason } : {}),
    can: {
      replace: ended || !x.canManage ? [] : t.members.filter((m) => ['invited', 'declined', 'left'].includes(m.status)).map((m) => m.mediatorId),
      remove:
        ended || !x.canManage || positions.length <= 1
          ? []
          : t.members.filter((m) => ['invited', 'declined', 'left'].includes(m.status)).map((m) => m.mediatorId),
      answer: !ended && t.members.some((m) => m.mediatorId === viewer.id && m.status === 'invited'),
      record: !ended && x.canRecord,
    },
  }
}

export const presentSession = (s: SessionDoc): SessionView => ({
  id: s._id,
  at: iso(s.at) as string,
  place: s.place,
  attendees: s.attendees,
  summary: s.summary,
  ...(s.nextStep ? { nextStep: s.nextStep } : {}),
  by: s.by,
  recordedAt: iso(s.recordedAt) as string,
})

export function presentOutcome(o: OutcomeDoc, scans: ScanDoc[], confirmation: ConfirmationDoc | null, x: { secret: string; now: Date }): OutcomeView {
  return {
    outcome: o.outcome,
    outcomeLabel: OUTCOME_LABELS[o.outcome],
    facts: o.facts,
    terms: o.terms,
    ...(o.performance ? { performance: o.performance } : {}),
    guidedTo: o.guidedTo.map((code) => ({ code, label: GUIDANCE_LABELS[code] })),
    ...(o.note ? { note: o.note } : {}),
    organisation: o.organisation,
    recordedAt: iso(o.recordedAt) as string,
    by: o.by,
    durationLabel: durationLabel(o.durationMs),
    ...(o.terms.length ? { agreementUrl: signedAgreementUrl(x.secret, o._id, x.now) } : {}),
    scans: scans.map((s) => ({ fileId: s.fileId, url: signedFileUrl(x.secret, s.fileId, x.now), by: s.by, at: iso(s.at) as string })),
    ...(confirmation
      ? {
          judicialConfirmation: {
            court: confirmation.court,
            ...(confirmation.note ? { note: confirmation.note } : {}),
            at: iso(confirmation.at) as string,
            by: confirmation.by,
          },
        }
      : {}),
  }
}
