import { messageTitle } from './messages'
import type { DeliveredMessage, SimState } from './state'

/**
 * The simulator's front page: each user's received work notifications, the way a phone shows them,
 * refreshed every few seconds so a person running `npm start` can watch them arrive.
 */
const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19)

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

/** `eapp://pages/x?y` opens the DingTalk mini-program; in a browser the H5 build of the same page stands in. */
function openable(url: string, h5Url?: string): string | undefined {
  if (/^https?:\/\//.test(url)) return url
  if (url.startsWith('eapp://') && h5Url) return `${h5Url.replace(/\/?$/, '/')}#/${url.slice('eapp://'.length)}`
  return undefined
}

function linkOf(msg: Record<string, unknown>): string {
  const type = String(msg.msgtype)
  const body = obj(msg[type])
  if (type === 'oa') return String(body.message_url ?? '')
  if (type === 'link') return String(body.messageUrl ?? '')
  if (type === 'action_card') return String(body.single_url ?? obj((body.btn_json_list as unknown[])?.[0]).action_url ?? '')
  return ''
}

/** Just enough markdown for a notification: headings, bullets, line breaks (a heading repeating the title is dropped). */
function markdown(text: unknown, title: unknown): string {
  const lines = String(text ?? '')
    .split('\n')
    .map((line) => {
      const heading = /^#{1,6}\s*(.*)$/.exec(line)
      if (heading) return heading[1] === String(title) ? null : `<b>${esc(heading[1])}</b>`
      const bullet = /^\s*[-*]\s+(.*)$/.exec(line)
      return bullet ? `• ${esc(bullet[1])}` : esc(line)
    })
    .filter((l): l is string => l !== null)
  while (lines[0] === '') lines.shift()
  return `<p class="md">${lines.join('\n')}</p>`
}

function renderBody(msg: Record<string, unknown>): string {
  const type = String(msg.msgtype)
  const body = obj(msg[type])
  if (type === 'oa') {
    const b = obj(body.body)
    const form = Array.isArray(b.form)
      ? (b.form as unknown[]).map((f) => `<div class="kv"><span>${esc(obj(f).key)}</span>${esc(obj(f).value)}</div>`).join('')
      : ''
    const status = obj(body.status_bar)
    return `<div class="head">${esc(obj(body.head).text)}</div><div class="title">${esc(b.title)}</div>${form}${b.content ? `<p>${esc(b.content)}</p>` : ''}${
      status.status_value ? `<div class="status">${esc(status.status_value)}</div>` : ''
    }`
  }
  if (type === 'action_card') return `<div class="title">${esc(body.title)}</div>${markdown(body.markdown, body.title)}`
  if (type === 'markdown') return `<div class="title">${esc(body.title)}</div>${markdown(body.text, body.title)}`
  if (type === 'link') return `<div class="title">${esc(body.title)}</div><p>${esc(body.text)}</p>`
  return `<p>${esc(body.content ?? messageTitle(msg))}</p>`
}

function renderMessage(m: DeliveredMessage, h5Url?: string): string {
  const link = linkOf(m.msg)
  const target = link ? openable(link, h5Url) : undefined
  const platform = m.platform === 'dingtalk' ? '钉钉' : '浙政钉'
  return `<li class="msg${m.recalled ? ' recalled' : ''}">
  <div class="meta"><span class="app">工作通知 · ${platform}</span><time>${chinaTime(m.at)}</time>${m.read ? '<span class="read">已读</span>' : '<span class="unread">未读</span>'}</div>
  ${m.recalled ? '<p class="gone">该消息已撤回</p>' : renderBody(m.msg)}
  ${link && !m.recalled ? `<div class="link">${target ? `<a href="${esc(target)}" target="_blank">查看详情</a>` : ''}<code>${esc(link)}</code></div>` : ''}
</li>`
}

export function renderPhonePage(state: SimState, opts: { h5Url?: string; only?: string }): string {
  const users = state.org.users.filter((u) => !opts.only || u.id === opts.only)
  const phones = users
    .map((u) => {
      const inbox = state.messages.filter((m) => m.userId === u.id).reverse()
      const unread = inbox.filter((m) => !m.read && !m.recalled).length
      return `<section class="phone${inbox.length ? '' : ' empty'}" id="${esc(u.id)}">
  <header><b>${esc(u.name)}</b> <small>${esc(u.title)}</small>${unread ? `<span class="badge">${unread}</span>` : ''}
    <div class="ids">${esc(u.id)} · ${esc(u.dingtalk.userid)} · accountId ${u.zzd.accountId}${u.active ? '' : ' · 已离职'}${u.inOurOrg ? '' : ' · 不在本单位通讯录'}</div></header>
  <ul>${inbox.length ? inbox.map((m) => renderMessage(m, opts.h5Url)).join('') : '<li class="none">暂无通知</li>'}</ul>
</section>`
    })
    .join('\n')
  const linkify = (text: string) => esc(text).replace(/https?:\/\/[^\s，。、）)]+/g, (u) => `<a href="${u}" target="_blank">${u}</a>`)
  const texts = opts.only ? [] : [...state.sms.messages].reverse()
  const smsPhone = texts.length
    ? `<section class="phone" id="sms"><header><b>短信</b> <small>阿里云短信（模拟）· 共 ${texts.length} 条</small></header><ul>${texts
        .map(
          (m) =>
            `<li class="msg"><div class="meta"><span class="app">${esc(m.phone)}</span><time>${chinaTime(m.at)}</time>${
              m.unreachable ? '<span class="unread">未送达（关机）</span>' : ''
            }</div><p class="md">${linkify(m.content)}</p></li>`,
        )
        .join('')}</ul></section>`
    : ''
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>钉钉 / 浙政钉 模拟器 · 工作通知</title>
<style>
body{margin:0;font:14px/1.5 system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;background:#eef1f5;color:#1f2329}
h1{font-size:18px;margin:0;padding:14px 20px;background:#1677ff;color:#fff}
.sub{padding:6px 20px;color:#555}
main{display:flex;flex-wrap:wrap;gap:16px;padding:16px}
.phone{width:300px;background:#fff;border-radius:22px;border:8px solid #222;min-height:200px;overflow:hidden}
.phone.empty{opacity:.6}
.phone header{padding:10px 12px;background:#f5f6f7;border-bottom:1px solid #e5e6eb;position:relative}
.phone header small{color:#646a73}.ids{font-size:11px;color:#8f959e}
.badge{position:absolute;right:12px;top:10px;background:#f54a45;color:#fff;border-radius:10px;padding:0 7px;font-size:12px}
ul{list-style:none;margin:0;padding:8px;max-height:520px;overflow:auto}
.msg{border:1px solid #e5e6eb;border-radius:10px;padding:8px 10px;margin-bottom:8px}
.msg.recalled{background:#fafafa;color:#999}
.meta{font-size:11px;color:#8f959e;display:flex;gap:6px}.meta time{margin-left:auto}
.unread{color:#f54a45}.read{color:#8f959e}
.head{font-size:12px;color:#1677ff}.title{font-weight:600;margin:2px 0}
.kv{font-size:12px}.kv span{color:#8f959e;margin-right:6px}
.md{white-space:pre-wrap;margin:4px 0}.status{display:inline-block;font-size:11px;background:#fff1f0;color:#f54a45;padding:0 6px;border-radius:4px}
.link{font-size:11px;margin-top:4px;word-break:break-all}.link a{margin-right:6px}
.link code{color:#8f959e}.none{color:#8f959e;padding:8px}
</style></head>
<body><h1>钉钉 / 浙政钉 模拟器 — 每位用户收到的工作通知</h1>
<div class="sub">共 ${state.messages.length} 条已送达，页面每 3 秒刷新。控制接口：<code>/__sim/*</code></div>
<main>
${smsPhone}
${phones}
</main></body></html>`
}
