/**
 * Renders a queued notice into the message DingTalk / 浙政钉 shows. What a notice says is declared by
 * the domain that sends it (its `templates`, kernel/notice.ts); this file only knows the platforms'
 * message formats and size limit.
 */
import { createHash } from 'node:crypto'
import type { WorkMessage } from '../dingtalk/gateway'
import { type CardNotice, chinaTime, type FormNotice, type NoticeTemplate, type NoticeTemplates, type NoticeTone, shown } from '../kernel/notice'

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
const COLORS: Record<NoticeTone, string> = { info: 'FF1677FF', warn: 'FFFF8800', danger: 'FFF54A45', ok: 'FF00B42A', muted: 'FF8F959E' }

/** The notifications domain's own notice: proves the sending path works (我的 → 发送测试工作通知). */
export const NOTIFICATION_NOTICES: NoticeTemplates = {
  test: (d) => ({
    kind: 'card',
    title: '测试通知',
    lines: [`${shown(d.name) ?? '您好'}，这是一条来自${BRAND}的测试工作通知。`, '', '收到它说明钉钉工作通知的发送链路是通的。'],
    button: '打开警情通办',
  }),
}

function oa(input: RenderInput, spec: FormNotice, ref: string): WorkMessage {
  const taskNo = shown(input.data.taskNo, 40)
  const title = shown(input.data.title, 40)
  const heading = [taskNo ? `【${taskNo}】` : '', title ?? (taskNo ? '' : '工单')].join('')
  const color = COLORS[spec.tone]
  return {
    msgtype: 'oa',
    oa: {
      message_url: input.links.mobile,
      pc_message_url: input.links.pc,
      head: { bgcolor: color, text: BRAND },
      ...(spec.status ? { status_bar: { status_value: spec.status, status_bg: color.replace(/^FF/, '0xFF') } } : {}),
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

function actionCard(input: RenderInput, card: CardNotice, ref: string): WorkMessage {
  return {
    msgtype: 'action_card',
    action_card: {
      title: card.title,
      markdown: [`### ${card.title}`, '', ...card.lines, '', `通知时间：${chinaTime(input.queuedAt)}　通知编号 ${ref}`].join('\n'),
      single_title: card.button,
      single_url: input.links.mobile,
    },
  }
}

function build(input: RenderInput, template: NoticeTemplate, ref: string, maxLines: number): WorkMessage {
  const notice = template(input.data, maxLines)
  return notice.kind === 'card' ? actionCard(input, notice, ref) : oa(input, notice, ref)
}

/**
 * Turns an outbox entry into the message the platform shows. Deterministic: the same entry always
 * renders the same bytes (so a resend after a crash is deduplicated by the platform), while two
 * different notices always differ (the queue time and a reference from the key are in the content).
 */
export function renderMessage(input: RenderInput, templates: NoticeTemplates): WorkMessage {
  const template = Object.hasOwn(templates, input.template) ? templates[input.template] : undefined
  if (!template) throw new Error(`unknown notification template "${input.template}"`)
  const ref = createHash('sha1').update(input.key).digest('hex').slice(0, 8)
  for (let maxLines = 8; ; maxLines--) {
    const msg = build(input, template, ref, maxLines)
    if (Buffer.byteLength(JSON.stringify(msg), 'utf8') <= MAX_MESSAGE_BYTES || maxLines === 0) return msg
  }
}
