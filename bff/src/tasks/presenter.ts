/** What leaves the server about a task: labels in Chinese, times as ISO, phones masked, photos as signed URLs. */
import {
  APPEAL_OUTCOME_LABELS,
  type AppealDecidedData,
  type AppealFiledData,
  availableActions,
  CLAIM_MODE_LABELS,
  CLOSURE_LABELS,
  type Doer,
  isOverdue,
  openSeats,
  PROGRESS_KIND_LABELS,
  RISK_LABELS,
  type RiskFactorRecord,
  riskFloor,
  signed,
  TASK_CATEGORY_LABELS,
  TASK_EVENT_LABELS,
  TASK_ORIGIN_LABELS,
  TASK_STATE_LABELS,
  TASK_TIER_LABELS,
  type TaskEvent,
  type TaskState,
  type TaskView,
  type TimelineEntry,
} from '@jqtb/shared'
import { signedFileUrl } from '../files/signing'
import type { AuthUser } from '../kernel/actor'
import { canSeeApplicant, taskUser } from './policy'
import { formatCst, iso } from './time'

export function presentTask(t: TaskState, user: AuthUser, now: Date): TaskView {
  const ms = now.getTime()
  const tu = taskUser(user)
  return {
    id: t.id,
    taskNo: t.taskNo,
    title: t.title,
    description: t.description,
    category: t.category,
    categoryLabel: TASK_CATEGORY_LABELS[t.category] ?? t.category,
    tier: t.tier,
    tierLabel: TASK_TIER_LABELS[t.tier],
    state: t.state,
    stateLabel: TASK_STATE_LABELS[t.state],
    origin: t.origin,
    originLabel: TASK_ORIGIN_LABELS[t.origin],
    territory: t.territory,
    department: t.department ?? null,
    riskColour: t.riskColour,
    riskLabel: RISK_LABELS[t.riskColour],
    risk: presentRisk(t),
    rewardPoints: t.rewardPoints,
    claimMode: t.claimMode ?? null,
    claimModeLabel: t.claimMode ? CLAIM_MODE_LABELS[t.claimMode] : null,
    seats: t.seats,
    openSeats: t.claimMode ? openSeats(t, ms) : 0,
    holders: t.holders.map((h) => ({
      userId: h.userId,
      name: h.name,
      seat: h.seat,
      claimedAt: iso(h.claimedAt) as string,
      expiresAt: h.startedAt === undefined ? iso(h.expiresAt) : null,
      extended: h.extended,
      via: h.via,
      startedAt: iso(h.startedAt),
    })),
    applicants: t.applicants
      .filter((a) => canSeeApplicant(t, user, a.userId))
      .map((a) => ({ userId: a.userId, name: a.name, at: iso(a.at) as string, note: a.note })),
    reservedFor: t.reservedFor,
    parties: t.parties.map((p) => ({ name: p.name, role: p.role, phone: p.phoneMasked, ...(p.flags?.length ? { flags: p.flags } : {}) })),
    location: t.location ?? null,
    createdAt: iso(t.createdAt) as string,
    updatedAt: iso(t.updatedAt) as string,
    dueAt: iso(t.dueAt) as string,
    claimDeadline: iso(t.claimDeadline),
    overdue: isOverdue(t, ms),
    submittedAt: iso(t.submittedAt),
    closedAt: iso(t.closedAt),
    closureCode: t.closureCode ?? null,
    closureLabel: t.closureCode ? CLOSURE_LABELS[t.closureCode] : null,
    rating: t.rating ?? null,
    reviewNote: t.reviewNote ?? null,
    bounceCount: t.bounceCount,
    returnCount: t.returnCount,
    progressCount: t.progressCount,
    lastProgressAt: iso(t.lastProgressAt),
    reporter: t.reporter ?? null,
    escalation: t.escalation ? { reason: t.escalation.reason, kind: t.escalation.kind, at: iso(t.escalation.at) as string, by: t.escalation.by.name } : null,
    source: t.source ? { leadId: t.source.leadId, channels: t.source.channels, records: t.source.records } : null,
    actions: availableActions(t, tu, ms),
    seq: t.seq,
  }
}

function presentRisk(t: TaskState): TaskView['risk'] {
  const floor = riskFloor(t)
  return {
    source: t.risk?.source ?? 'created',
    score: t.risk?.score ?? null,
    since: iso(t.risk?.since ?? t.createdAt) as string,
    followUpBy: iso(t.risk?.followUpBy),
    escalatedAt: iso(t.risk?.escalatedAt),
    floor: floor ? { colour: floor.colour, by: floor.by.name, at: iso(floor.at) as string, reason: floor.reason } : null,
  }
}

/** 「描述含「扬言」 +25；婚恋家庭纠纷 +10」: the factors of a risk event in one line. */
const factorLine = (factors: RiskFactorRecord[]) => factors.map((f) => `${f.text} ${f.points >= 0 ? '+' : '−'}${Math.abs(f.points)}`).join('；')

/** One timeline line: the label, who, when, and the human note in Chinese. */
/** `secret` signs the photo URLs (short-lived links; the JWT secret). */
export function presentEvent(e: TaskEvent, opts: { secret: string; now: Date }): TimelineEntry {
  const base = { seq: e.seq, type: e.type, label: TASK_EVENT_LABELS[e.type], actor: e.actor, at: iso(e.at) as string }
  const photos = (ids: string[]) => ids.map((id) => ({ id, url: signedFileUrl(opts.secret, id, opts.now) }))
  switch (e.type) {
    case 'created':
      return {
        ...base,
        note: `${TASK_ORIGIN_LABELS[e.data.origin]}：${e.data.title}`,
        data: { dueAt: iso(e.data.dueAt), ...(e.data.photos?.length ? { photos: photos(e.data.photos) } : {}) },
      }
    case 'routed':
      return {
        ...base,
        note: `分拨至${e.data.department.name}，请于${formatCst(e.data.signBy)}前签收${e.data.note ? `。${e.data.note}` : ''}${ended(e.data.ended)}`,
        data: { department: e.data.department },
      }
    case 'signed':
      return { ...base, note: e.data.note, data: {} }
    case 'bounced':
      return {
        ...base,
        note: `${e.data.department.name}退回：${e.data.reason}${e.data.escalate ? `（已退回 ${e.data.bounceCount} 次，上报社治中心）` : ''}`,
        data: { department: e.data.department, bounceCount: e.data.bounceCount },
      }
    case 'published': {
      const d = e.data
      const seats = d.claimMode === 'team' ? `，${d.seats} 个席位` : ''
      const reserved = d.reservedFor.length ? `，定向：${d.reservedFor.map((r) => r.name).join('、')}` : ''
      return {
        ...base,
        note: `${CLAIM_MODE_LABELS[d.claimMode]}${seats}，奖励 ${d.rewardPoints} 积分${reserved}${d.claimDeadline ? `，揭榜截止 ${formatCst(d.claimDeadline)}` : ''}${ended(d.ended)}`,
        data: { claimMode: d.claimMode, seats: d.seats, rewardPoints: d.rewardPoints },
      }
    }
    case 'claim_applied':
      return { ...base, note: e.data.note, data: { userId: e.data.userId, name: e.data.name } }
    case 'claimed':
    case 'claim_approved':
    case 'assigned': {
      const d = e.data
      const who = e.type === 'claim_approved' ? `批准${d.name}认领` : e.type === 'assigned' ? `指派给${d.name}` : `${d.name}认领`
      const replaced = e.type === 'assigned' && e.data.replaced ? `（替换${e.data.replaced.name}）` : ''
      const until = d.expiresAt ? `，须在${formatCst(d.expiresAt)}前开始处置` : ''
      const note = e.type === 'assigned' && e.data.note ? `。${e.data.note}` : ''
      return {
        ...base,
        note: `${who}${replaced}${until}${note}`,
        data: { userId: d.userId, name: d.name, seat: d.seat, expiresAt: iso(d.expiresAt) ?? undefined },
      }
    }
    case 'claim_extended':
      return {
        ...base,
        note: `延期至${formatCst(e.data.expiresAt)}：${e.data.reason}`,
        data: { userId: e.data.userId, expiresAt: iso(e.data.expiresAt) ?? undefined },
      }
    case 'released':
      return {
        ...base,
        note: `${e.data.name}放弃认领${e.data.reason ? `：${e.data.reason}` : ''}${e.data.republished ? '，工单重新进入揭榜大厅' : ''}`,
        data: { userId: e.data.userId, name: e.data.name },
      }
    case 'claim_expired':
      return {
        ...base,
        note: `${e.data.name}认领后超时未开始处置，已自动释放${e.data.republished ? '并重新发布' : ''}`,
        data: { userId: e.data.userId, name: e.data.name, expiresAt: iso(e.data.expiresAt) ?? undefined },
      }
    case 'progress': {
      const d = e.data
      return {
        ...base,
        label: PROGRESS_KIND_LABELS[d.kind] ?? base.label,
        note: d.note,
        data: {
          kind: d.kind,
          photos: photos(d.photos),
          ...(d.location ? { location: { ...d.location, outsideTerritory: d.outsideTerritory ?? false, distanceM: d.distanceM } } : {}),
        },
      }
    }
    case 'submitted':
      return { ...base, note: `${e.data.note}${e.data.overdueReason ? `（超期说明：${e.data.overdueReason}）` : ''}`, data: { late: e.data.late } }
    case 'accepted':
      return {
        ...base,
        note: `${CLOSURE_LABELS[e.data.closureCode]}，评分 ${e.data.rating} 星${e.data.note ? `：${e.data.note}` : ''}`,
        data: { rating: e.data.rating, closureCode: e.data.closureCode },
      }
    case 'returned':
      return { ...base, note: e.data.reason, data: { returnCount: e.data.returnCount } }
    case 'escalated':
      return { ...base, note: e.data.reason, data: { escalation: e.data.kind } }
    case 'sent_back':
      return { ...base, note: `社治中心发回，原承办人继续办理${e.data.note ? `：${e.data.note}` : ''}`, data: {} }
    case 'overdue_escalated':
      return { ...base, note: `已超过办理时限（${formatCst(e.data.dueAt)}），已通知社治中心督办`, data: {} }
    case 'reopened':
      return { ...base, note: `${e.data.reason}（新的办理时限：${formatCst(e.data.dueAt)}）`, data: {} }
    case 'cancelled':
      return { ...base, note: `${CLOSURE_LABELS[e.data.closureCode]}：${e.data.reason}`, data: { closureCode: e.data.closureCode } }
    case 'phone_revealed':
      return { ...base, note: `查看了当事人${e.data.partyName}的完整号码`, data: { party: e.data.party } }
    case 'appeal_filed': {
      const d = e.data
      return { ...base, note: `${d.name}对「${d.entryReason}」提出申诉：${d.reason}`, data: appealData(d) }
    }
    case 'team_formed':
      return {
        ...base,
        note: `${e.data.rule}；邀请：${e.data.members.map((m) => m.name).join('、')}（${e.data.seats} 个席位，成员接受后承办）`,
        data: { teamId: e.data.teamId, seats: e.data.seats },
      }
    case 'team_changed':
      return {
        ...base,
        note: `${e.data.note}；现有成员：${e.data.members.map((m) => m.name).join('、') || '无'}`,
        data: { teamId: e.data.teamId, seats: e.data.seats },
      }
    case 'appeal_decided': {
      const d = e.data
      const outcome = d.decision === 'granted' ? `申诉成立，冲正 ${signed(-d.delta)}` : `维持原扣分 ${signed(d.delta)}`
      return {
        ...base,
        label: `${base.label}：${APPEAL_OUTCOME_LABELS[d.decision]}`,
        note: `${d.name}对「${d.entryReason}」的申诉：${outcome}。${d.note}`,
        data: { ...appealData(d), decision: d.decision, correctionEntryId: d.correctionEntryId },
      }
    }
    case 'source_added':
      return {
        ...base,
        note: `线索 ${e.data.leadId}（${e.data.channels.join('、')}）是同一件事，已并入本工单：${e.data.title}`,
        data: { leadId: e.data.leadId, records: e.data.records, ...(e.data.photos?.length ? { photos: photos(e.data.photos) } : {}) },
      }
    case 'risk_changed': {
      const d = e.data
      const change = d.colour === d.previous ? `维持${RISK_LABELS[d.colour]}` : `${RISK_LABELS[d.previous]} → ${RISK_LABELS[d.colour]}`
      const why = d.source === 'manual' ? `人工设定，理由：${d.reason ?? ''}` : `系统评分 ${d.score} 分${d.factors.length ? `：${factorLine(d.factors)}` : ''}`
      const follow = d.followUpBy ? `。请于${formatCst(d.followUpBy)}前跟进处置` : ''
      return {
        ...base,
        label: `${base.label}：${RISK_LABELS[d.colour]}`,
        note: `${change}（${why}）${follow}`,
        data: { colour: d.colour, previous: d.previous, source: d.source, score: d.score, factors: d.factors },
      }
    }
    case 'risk_escalated': {
      const d = e.data
      return {
        ...base,
        note: `红色预警在${formatCst(d.followUpBy)}前无人跟进处置，已向上一级督办`,
        data: { score: d.score, factors: d.factors },
      }
    }
  }
}

/** The seats the centre's answer to an escalation ended, said in the timeline (they cost nobody points). */
function ended(doers: Doer[] | undefined): string {
  return doers?.length ? `（${doers.map((d) => d.name).join('、')}的承办随之结束）` : ''
}

function appealData(d: AppealFiledData | AppealDecidedData) {
  return { appealId: d.appealId, entryId: d.entryId, userId: d.userId, name: d.name, delta: d.delta }
}
