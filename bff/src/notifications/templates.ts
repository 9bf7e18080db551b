import { createHash } from 'node:crypto'
import type { WorkMessage } from '../dingtalk/gateway'

/** Every kind of work notification the app sends; the task domain enqueues these by name. */
export const TEMPLATES = [
  'task_routed',
  'task_assigned',
  'task_published',
  'claim_approved',
  'claim_expiring',
  'claim_expired',
  'task_submitted',
  'task_returned',
  'task_reminder',
  'task_escalated',
  'task_sent_back',
  'task_taken_over',
  'task_reported',
  'task_overdue_escalated',
  'appeal_decided',
  'test',
] as const
export type TemplateName = (typeof TEMPLATES)[number]

export const isTemplate = (name: string): name is TemplateName => (TEMPLATES as readonly string[]).includes(name)

/** DingTalk and 浙政钉 refuse a `msg` over 2048 bytes. */
export const MAX_MESSAGE_BYTES = 2048

export interface RenderInput {
  template: string
  data: Record<string, string | number | undefined>
  /** the outbox key: a short reference derived from it makes each notice's content unique */
  key: string
  /** when the notice was queued (not sent): identical on every retry, different for a second notice */
  queuedAt: Date
  links: { mobile: string; pc: string }
}

const BRAND = '警情通办'
const COLORS = { blue: 'FF1677FF', orange: 'FFFF8800', red: 'FFF54A45', green: 'FF00B42A', grey: 'FF8F959E' }

/** 2026-11-27 09:05:03 in China time, whatever the server's time zone. */
export function chinaTime(at: Date | string | number): string {
  const d = new Date(at)
  if (Number.isNaN(d.getTime())) return String(at)
  return new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19)
}

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s)

/** A value worth showing, or undefined (missing data keys are left out, never shown as "undefined"). */
function shown(v: string | number | undefined, max = 60): string | undefined {
  if (v === undefined || v === null || String(v).trim() === '') return undefined
  return shorten(String(v).trim(), max)
}

/** Times arrive as ISO strings or epoch ms; show them the way people read them. */
function shownTime(v: string | number | undefined): string | undefined {
  if (v === undefined || v === '') return undefined
  const ms = typeof v === 'number' ? v : Date.parse(v)
  return Number.isNaN(ms) ? shown(v) : chinaTime(ms).slice(0, 16)
}

interface OaSpec {
  head: string
  color: string
  status?: string
  form: Array<[string, string | undefined]>
  content: string
}

function oa(input: RenderInput, spec: OaSpec, ref: string): WorkMessage {
  const taskNo = shown(input.data.taskNo, 40)
  const title = shown(input.data.title, 40)
  const heading = [taskNo ? `【${taskNo}】` : '', title ?? (taskNo ? '' : '工单')].join('')
  return {
    msgtype: 'oa',
    oa: {
      message_url: input.links.mobile,
      pc_message_url: input.links.pc,
      head: { bgcolor: spec.color, text: BRAND },
      ...(spec.status ? { status_bar: { status_value: spec.status, status_bg: spec.color.replace(/^FF/, '0xFF') } } : {}),
      body: {
        title: `${spec.head}｜${heading}`,
        form: [...spec.form, ['通知时间', chinaTime(input.queuedAt)] as [string, string]]
          .filter((f): f is [string, string] => f[1] !== undefined)
          .map(([key, value]) => ({ key: `${key}：`, value })),
        content: `${spec.content}（通知编号 ${ref}）`,
        author: BRAND,
      },
    },
  }
}

function actionCard(input: RenderInput, title: string, lines: string[], button: string, ref: string): WorkMessage {
  return {
    msgtype: 'action_card',
    action_card: {
      title,
      markdown: [`### ${title}`, '', ...lines, '', `通知时间：${chinaTime(input.queuedAt)}　通知编号 ${ref}`].join('\n'),
      single_title: button,
      single_url: input.links.mobile,
    },
  }
}

type Data = RenderInput['data']

/** The OA-message notices: what each one says, from the data the task domain queued. */
const OA_NOTICES: Record<Exclude<TemplateName, 'task_published' | 'test'>, (d: Data) => OaSpec> = {
  task_routed: (d) => ({
    head: '新工单待签收',
    color: COLORS.blue,
    status: '待签收',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['承办部门', shown(d.department)],
      ['签收期限', shownTime(d.signDeadline)],
    ],
    content: '社治中心已将该工单路由到本部门，请在签收期限内签收并安排处置。',
  }),
  task_assigned: (d) => ({
    head: '工单指派给您',
    color: COLORS.blue,
    status: '处置中',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['指派人', shown(d.by)],
      ['办结期限', shownTime(d.dueAt)],
    ],
    content: '负责人已将该工单指派给您，请尽快到现场处置并回传进展。',
  }),
  claim_approved: (d) => ({
    head: '认领已通过',
    color: COLORS.green,
    status: '处置中',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['办结期限', shownTime(d.dueAt)],
    ],
    content: '您的认领已通过，请尽快到现场处置并回传进展。',
  }),
  claim_expiring: (d) => ({
    head: '认领即将超时',
    color: COLORS.orange,
    form: [
      ['工单编号', shown(d.taskNo)],
      ['认领到期', shownTime(d.expiresAt)],
    ],
    content: '您认领的工单即将超时，请尽快处置或申请延期，超时后工单将重新发布。',
  }),
  claim_expired: (d) => ({
    head: '认领已超时',
    color: COLORS.grey,
    status: '已释放',
    form: [['工单编号', shown(d.taskNo)]],
    content: '您认领的工单已超时未处置，系统已将其重新发布到揭榜大厅。',
  }),
  task_submitted: (d) => ({
    head: '工单待验收',
    color: COLORS.blue,
    status: '待验收',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['提交人', shown(d.by)],
      ['办结期限', shownTime(d.dueAt)],
    ],
    content: '承办人已提交处置结果，请及时验收（通过或驳回）。',
  }),
  task_returned: (d) => ({
    head: '工单被退回',
    color: COLORS.red,
    status: '已退回',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['退回原因', shown(d.reason, 120)],
    ],
    content: '请按退回原因补充处置情况后重新提交。',
  }),
  task_reminder: (d) => ({
    head: '工单催办',
    color: COLORS.orange,
    status: '催办',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['办结期限', shownTime(d.dueAt)],
    ],
    content: '该工单临近办结期限，请抓紧处置并回传进展。',
  }),
  task_escalated: (d) => ({
    head: '工单已上报中心',
    color: COLORS.orange,
    status: '待协调',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['承办单位', shown(d.department)],
      ['上报原因', shown(d.reason, 120)],
    ],
    content: '该工单已上报社治中心，请协调处理（重新分拨、指派或督办）。',
  }),
  task_sent_back: (d) => ({
    head: '上报已答复：请继续办理',
    color: COLORS.blue,
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
    head: '工单已改派',
    color: COLORS.grey,
    status: '无需继续办理',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['处理人', shown(d.by)],
    ],
    content: '该工单已改派他人，您无需继续办理，不扣积分。',
  }),
  task_reported: (d) => ({
    head: '新上报待分拨',
    color: COLORS.blue,
    status: '待分拨',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['上报人', shown(d.by)],
      ['所属区域', shown(d.territory)],
    ],
    content: '网格员上报了一个需要其他部门处置的事项，请核实后分拨。',
  }),
  task_overdue_escalated: (d) => ({
    head: '工单超期升级',
    color: COLORS.red,
    status: '已超期',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['办结期限', shownTime(d.dueAt)],
      ['承办单位', shown(d.department)],
    ],
    content: '该工单已超过办结期限，已升级至负责人督办，请立即处置。',
  }),
  appeal_decided: (d) => {
    const granted = d.decision === '已更正'
    const deducted = Number(d.delta)
    const points = Number.isFinite(deducted) && deducted !== 0 ? Math.abs(deducted) : undefined
    return {
      head: '积分申诉已处理',
      color: granted ? COLORS.green : COLORS.grey,
      status: granted ? '已更正' : '维持',
      form: [
        ['工单编号', shown(d.taskNo)],
        ['处理结果', granted ? '申诉成立，已更正' : '维持原扣分'],
        ['积分变动', points === undefined ? undefined : granted ? `+${points}（冲正原扣分 −${points}）` : `不变（原扣分 −${points}）`],
        ['原扣分事由', shown(d.entryReason, 120)],
        ['处理意见', shown(d.note, 120)],
        ['处理人', shown(d.by)],
      ],
      content: granted ? '您的积分申诉已成立，扣减的积分已退回，可在「我的积分」查看明细。' : '经核实，维持原扣分。如仍有异议，请联系社治中心。',
    }
  },
}

function build(input: RenderInput, ref: string, maxTitles: number): WorkMessage {
  const d = input.data
  const template = input.template as TemplateName
  if (template === 'task_published') {
    const count = Number(d.count) || 1
    const titles = String(d.titles ?? '')
      .split(/\n|；|;/)
      .map((t) => t.trim())
      .filter(Boolean)
    const listed = titles.slice(0, maxTitles).map((t) => `- ${shorten(t, 30)}`)
    if (titles.length > maxTitles) listed.push(`- ……等 ${titles.length} 个`)
    const first = shown(d.taskNo)
    return actionCard(input, `辖区有 ${count} 个新工单可认领`, [...listed, ...(first ? ['', `首个工单：${first}`] : [])], '去揭榜大厅认领', ref)
  }
  if (template === 'test') {
    const lines = [`${shown(d.name) ?? '您好'}，这是一条来自${BRAND}的测试工作通知。`, '', '收到它说明钉钉工作通知的发送链路是通的。']
    return actionCard(input, '测试通知', lines, '打开警情通办', ref)
  }
  return oa(input, OA_NOTICES[template](d), ref)
}

/**
 * Turns an outbox entry into the message the platform shows. Deterministic: the same entry always
 * renders the same bytes (so a resend after a crash is deduplicated by the platform), while two
 * different notices always differ (the queue time and a reference from the key are in the content).
 */
export function renderMessage(input: RenderInput): WorkMessage {
  if (!isTemplate(input.template)) throw new Error(`unknown notification template "${input.template}"`)
  const ref = createHash('sha1').update(input.key).digest('hex').slice(0, 8)
  for (let maxTitles = 8; ; maxTitles--) {
    const msg = build(input, ref, maxTitles)
    if (Buffer.byteLength(JSON.stringify(msg), 'utf8') <= MAX_MESSAGE_BYTES || maxTitles === 0) return msg
  }
}
