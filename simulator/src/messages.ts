/**
 * Work-notification message bodies (docs/dingtalk.md#work-notifications; 浙政钉 uses the same shapes): what a
 * valid `msg` looks like, so a malformed message is rejected the way the platform rejects it.
 */
export const MAX_MSG_BYTES = 2048

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0
const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined)

/** Parses `msg` (object, or JSON string in a form body) and returns it or the reason it is invalid. */
export function parseWorkMessage(raw: unknown): { msg: Record<string, unknown> } | { error: string } {
  let value = raw
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw)
    } catch {
      return { error: 'msg 不是合法的 JSON' }
    }
  }
  const msg = obj(value)
  if (!msg) return { error: '缺少参数 msg' }
  const bytes = Buffer.byteLength(JSON.stringify(msg), 'utf8')
  if (bytes > MAX_MSG_BYTES) return { error: `msg 超过 ${MAX_MSG_BYTES} 字节（${bytes}）` }
  const type = msg.msgtype
  const body = typeof type === 'string' ? obj(msg[type]) : undefined
  if (!body) return { error: 'msgtype 与消息体不匹配' }
  switch (type) {
    case 'text':
      return isStr(body.content) ? { msg } : { error: 'text.content 不能为空' }
    case 'link':
      return isStr(body.messageUrl) && isStr(body.title) && isStr(body.text) ? { msg } : { error: 'link 需要 messageUrl、title、text' }
    case 'markdown':
      return isStr(body.title) && isStr(body.text) ? { msg } : { error: 'markdown 需要 title、text' }
    case 'action_card': {
      if (!isStr(body.title) || !isStr(body.markdown)) return { error: 'action_card 需要 title、markdown' }
      const single = isStr(body.single_title) && isStr(body.single_url)
      const buttons =
        Array.isArray(body.btn_json_list) && body.btn_json_list.length > 0 && body.btn_json_list.every((b) => isStr(obj(b)?.title) && isStr(obj(b)?.action_url))
      return single || buttons ? { msg } : { error: 'action_card 需要 single_title+single_url 或 btn_json_list' }
    }
    case 'oa': {
      const head = obj(body.head)
      const content = obj(body.body)
      if (!isStr(body.message_url)) return { error: 'oa.message_url 不能为空' }
      if (!head || !content) return { error: 'oa 需要 head 和 body' }
      return { msg }
    }
    case 'image':
    case 'file':
    case 'voice':
      return isStr(body.media_id) ? { msg } : { error: `${type}.media_id 不能为空` }
    default:
      return { error: `不支持的 msgtype：${String(type)}` }
  }
}

/** A one-line preview of a message, for the phone page and logs. */
export function messageTitle(msg: Record<string, unknown>): string {
  const type = String(msg.msgtype)
  const body = obj(msg[type]) ?? {}
  if (type === 'text') return String(body.content ?? '')
  if (type === 'oa') return String(obj(body.body)?.title ?? obj(body.head)?.text ?? '')
  return String(body.title ?? '')
}
