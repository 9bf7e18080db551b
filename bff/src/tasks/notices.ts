/** The work notices the task domain sends (工作通知), by template name; notify.ts decides who gets which. */
import { type NoticeTemplates, shorten, shown, shownTime } from '../kernel/notice'

export const TASK_NOTICES: NoticeTemplates = {
  task_published: (d, maxLines) => {
    const count = Number(d.count) || 1
    const titles = String(d.titles ?? '')
      .split(/\n|；|;/)
      .map((t) => t.trim())
      .filter(Boolean)
    const listed = titles.slice(0, maxLines).map((t) => `- ${shorten(t, 30)}`)
    if (titles.length > maxLines) listed.push(`- ……等 ${titles.length} 个`)
    const first = shown(d.taskNo)
    return { kind: 'card', title: `辖区有 ${count} 个新工单可认领`, lines: [...listed, ...(first ? ['', `首个工单：${first}`] : [])], button: '去揭榜大厅认领' }
  },
  task_routed: (d) => ({
    kind: 'form',
    head: '新工单待签收',
    tone: 'info',
    status: '待签收',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['承办部门', shown(d.department)],
      ['签收期限', shownTime(d.signDeadline)],
    ],
    content: '社治中心已将该工单路由到本部门，请在签收期限内签收并安排处置。',
  }),
  task_assigned: (d) => ({
    kind: 'form',
    head: '工单指派给您',
    tone: 'info',
    status: '处置中',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['指派人', shown(d.by)],
      ['办结期限', shownTime(d.dueAt)],
    ],
    content: '负责人已将该工单指派给您，请尽快到现场处置并回传进展。',
  }),
  claim_approved: (d) => ({
    kind: 'form',
    head: '认领已通过',
    tone: 'ok',
    status: '处置中',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['办结期限', shownTime(d.dueAt)],
    ],
    content: '您的认领已通过，请尽快到现场处置并回传进展。',
  }),
  claim_expiring: (d) => ({
    kind: 'form',
    head: '认领即将超时',
    tone: 'warn',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['认领到期', shownTime(d.expiresAt)],
    ],
    content: '您认领的工单即将超时，请尽快处置或申请延期，超时后工单将重新发布。',
  }),
  claim_expired: (d) => ({
    kind: 'form',
    head: '认领已超时',
    tone: 'muted',
    status: '已释放',
    form: [['工单编号', shown(d.taskNo)]],
    content: '您认领的工单已超时未处置，系统已将其重新发布到揭榜大厅。',
  }),
  task_submitted: (d) => ({
    kind: 'form',
    head: '工单待验收',
    tone: 'info',
    status: '待验收',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['提交人', shown(d.by)],
      ['办结期限', shownTime(d.dueAt)],
    ],
    content: '承办人已提交处置结果，请及时验收（通过或驳回）。',
  }),
  task_returned: (d) => ({
    kind: 'form',
    head: '工单被退回',
    tone: 'danger',
    status: '已退回',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['退回原因', shown(d.reason, 120)],
    ],
    content: '请按退回原因补充处置情况后重新提交。',
  }),
  task_reminder: (d) => ({
    kind: 'form',
    head: '工单催办',
    tone: 'warn',
    status: '催办',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['办结期限', shownTime(d.dueAt)],
    ],
    content: '该工单临近办结期限，请抓紧处置并回传进展。',
  }),
  task_escalated: (d) => ({
    kind: 'form',
    head: '工单已上报中心',
    tone: 'warn',
    status: '待协调',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['承办单位', shown(d.department)],
      ['上报原因', shown(d.reason, 120)],
    ],
    content: '该工单已上报社治中心，请协调处理（重新分拨、指派或督办）。',
  }),
  task_sent_back: (d) => ({
    kind: 'form',
    head: '上报已答复：请继续办理',
    tone: 'info',
    status: '继续办理',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['答复人', shown(d.by)],
      ['办理意见', shown(d.note || '无', 120)],
      ['办结期限', shownTime(d.dueAt)],
    ],
    content: '社治中心已答复您的上报，工单仍由您办理，请按意见继续处置。',
  }),
  task_taken_over: (d) => ({
    kind: 'form',
    head: '工单已改派',
    tone: 'muted',
    status: '无需继续办理',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['处理人', shown(d.by)],
    ],
    content: '该工单已改派他人，您无需继续办理，不扣积分。',
  }),
  task_source_added: (d) => ({
    kind: 'form',
    head: '同一事件又有来件',
    tone: 'warn',
    status: '已并入',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['来件渠道', shown(d.channels)],
      ['来件内容', shown(d.sourceTitle)],
    ],
    content: '社治中心把同一纠纷的新来件并入了您办理的工单，请一并处理并回复。',
  }),
  task_reported: (d) => ({
    kind: 'form',
    head: '新上报待分拨',
    tone: 'info',
    status: '待分拨',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['上报人', shown(d.by)],
      ['所属区域', shown(d.territory)],
    ],
    content: '网格员上报了一个需要其他部门处置的事项，请核实后分拨。',
  }),
  task_overdue_escalated: (d) => ({
    kind: 'form',
    head: '工单超期升级',
    tone: 'danger',
    status: '已超期',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['办结期限', shownTime(d.dueAt)],
      ['承办单位', shown(d.department)],
    ],
    content: '该工单已超过办结期限，已升级至负责人督办，请立即处置。',
  }),
  risk_red: (d, maxLines) => ({
    kind: 'form',
    head: '红色预警：请立即跟进',
    tone: 'danger',
    status: '红色预警',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['事项', shown(d.title, 40)],
      ['所属区域', shown(d.territory)],
      ['评分', shown(d.score)],
      ['预警来源', shown(d.by)],
      ['跟进时限', shownTime(d.followUpBy)],
    ],
    content: `${factorLines(d.factors, maxLines)}请在跟进时限前到场或联系当事人并记录进展，逾期未处置将向上一级督办。`,
  }),
  risk_escalated: (d, maxLines) => ({
    kind: 'form',
    head: '红色预警超时未处置：督办',
    tone: 'danger',
    status: '督办',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['事项', shown(d.title, 40)],
      ['所属区域', shown(d.territory)],
      ['跟进时限', shownTime(d.followUpBy)],
      ['承办人', shown(d.holders || '暂无')],
    ],
    content: `${factorLines(d.factors, maxLines)}该红色预警在跟进时限内无人处置，请督促责任单位立即处置。`,
  }),
}

/** 「风险因素：…」: the factors of a warning, as many as fit. */
function factorLines(factors: string | number | undefined, maxLines: number): string {
  const lines = String(factors ?? '')
    .split('\n')
    .filter(Boolean)
  if (!lines.length) return ''
  const shownLines = lines.slice(0, Math.max(1, maxLines))
  return `风险因素：${shownLines.map((l) => shorten(l, 40)).join('；')}${lines.length > shownLines.length ? `等 ${lines.length} 项` : ''}。`
}
