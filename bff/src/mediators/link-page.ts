/**
 * The tiny mobile page behind an SMS invitation link (`/m/<code>`), for mediators without DingTalk:
 * server-rendered HTML that works on any phone browser without JavaScript — the invitation, who
 * else is on the team, and 接受 / 婉拒 (with a reason) as a plain form. The link answers its one
 * invitation once; after that it shows the answer. docs/mediators.md#external-mediators.
 * A phone's browser (which asks for HTML) gets its failures as pages too; any other client gets them in
 * the API's JSON error shape, like every other endpoint.
 */
import type Router from '@koa/router'
import type { Context } from 'koa'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { rateLimit } from '../infra/rate-limit'
import { describeRoute } from '../openapi/registry'
import { resolveLink } from './links'
import { invitationView } from './queries'
import { readTeam } from './team-store'
import { answerInvitation } from './teams'

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

const STYLE = `body{margin:0;font:17px/1.6 system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;background:#f5f6f7;color:#1f2329}
header{background:#1677ff;color:#fff;padding:14px 18px;font-size:19px;font-weight:600}
main{padding:14px 16px 32px;max-width:560px;margin:0 auto}
.card{background:#fff;border-radius:10px;padding:14px 16px;margin-bottom:12px}
h1{font-size:19px;margin:0 0 6px}.kv{margin:4px 0}.kv b{display:inline-block;min-width:5.5em;color:#3b4048;font-weight:500}
.red{color:#c0281b;font-weight:600}.ok{color:#0b7a29;font-weight:600}.muted{color:#4e5969}
ul{margin:4px 0;padding-left:1.2em}
button{display:block;width:100%;min-height:48px;font-size:18px;border-radius:8px;border:0;margin-top:10px}
.accept{background:#1677ff;color:#fff}.decline{background:#fff;color:#c0281b;border:1px solid #c0281b}
textarea{width:100%;box-sizing:border-box;min-height:84px;font-size:17px;border:1px solid #86909c;border-radius:8px;padding:8px}
label{display:block;margin-top:12px;color:#3b4048}.err{background:#fff1f0;color:#a8071a;padding:10px;border-radius:8px}`

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body><header>警情通办 · 攻坚小组邀请</header><main>${body}</main></body></html>`
}

const gone = () =>
  page(
    '链接已失效',
    '<div class="card"><h1>链接已失效</h1><p>该邀请链接不存在或已过期（链接 14 天内有效）。如需参加调解，请联系邀请您的社治中心工作人员。</p></div>',
  )

async function render(deps: AppDeps, code: string, error?: string): Promise<{ status: number; html: string }> {
  const link = await resolveLink(deps, code)
  const team = link ? await readTeam(deps, link.teamId) : null
  if (!link || !team) return { status: 404, html: gone() }
  const v = await invitationView(deps, team, link.mediatorId)
  const me = team.members.filter((m) => m.mediatorId === link.mediatorId).at(-1)
  const current = me?.invitedSeq === link.invitedSeq
  const ended = team.status === 'done' || team.status === 'dissolved'
  const details = `<div class="card"><h1>${esc(v.title)}</h1>
<div class="kv"><b>工单编号</b>${esc(v.taskNo)}</div>
<div class="kv"><b>纠纷类型</b>${esc(v.categoryLabel)}${v.riskColour === 'red' ? ` · <span class="red">${esc(v.riskLabel)}</span>` : ''}</div>
<div class="kv"><b>属地</b>${esc(v.territoryName)}</div>
<div class="kv"><b>当事人</b>${esc(v.parties.join('、'))}</div>
<div class="kv"><b>您的席位</b>${esc(v.slotLabel)}</div>
<div class="kv"><b>邀请人</b>${esc(v.proposer.name)}</div>
<div class="kv"><b>推荐理由</b>${esc(v.summary)}</div>
<div class="kv"><b>其他成员</b></div><ul>${v.others.map((o) => `<li>${esc(o.name)}（${esc(o.typeLabel)}）${esc(o.statusLabel)}</li>`).join('')}</ul></div>`
  let action: string
  if (ended)
    action = `<div class="card"><p class="muted">该攻坚小组${team.status === 'done' ? '已结束调解' : `已解散（${esc(team.endReason ?? '')}）`}，无需再答复。谢谢您！</p></div>`
  else if (!current || !me) action = '<div class="card"><p class="muted">这条邀请已由新的邀请代替，请以最新的短信为准。</p></div>'
  else if (me.status === 'invited')
    action = `<form class="card" method="post">${error ? `<p class="err">${esc(error)}</p>` : ''}
<p>如您与当事人有亲属、同户、雇佣等利害关系，请婉拒并说明，以便回避。</p>
<button class="accept" name="answer" value="accept">接受邀请</button>
<label for="reason">如需婉拒，请简要说明原因：</label><textarea id="reason" name="reason" maxlength="200"></textarea>
<button class="decline" name="answer" value="decline">婉拒</button></form>`
  else if (me.status === 'accepted')
    action = '<div class="card"><p class="ok">您已接受邀请。</p><p>小组会与您约定调解的时间和地点。感谢您参与化解矛盾！</p></div>'
  else action = `<div class="card"><p class="muted">您${esc(v.statusLabel)}。${me.reason ? `原因：${esc(me.reason)}` : ''}</p></div>`
  return { status: 200, html: page(`攻坚小组邀请 ${v.taskNo}`, details + action) }
}

/** A browser asks for text/html first; a program (no Accept, or any other) gets the JSON error shape. */
const wantsPage = (ctx: Context) => ctx.accepts('json', 'html') === 'html'

/** Answers a failure: the page for a person's browser, the API's error for anyone else. */
function fail(ctx: Context, status: number, html: string, error: AppError) {
  if (!wantsPage(ctx)) throw error
  secure(ctx)
  ctx.status = status
  ctx.body = html
}

const LINK_GONE = () => new AppError('NOT_FOUND', '该邀请链接不存在或已过期（链接 14 天内有效），请联系邀请您的社治中心工作人员')

function secure(ctx: Context) {
  ctx.set('Cache-Control', 'no-store')
  ctx.set('Referrer-Policy', 'no-referrer')
  ctx.set('X-Frame-Options', 'DENY')
  ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'")
  ctx.type = 'html'
}

async function formBody(ctx: Context): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length
    if (size > 4096) throw new AppError('PAYLOAD_TOO_LARGE', '内容过长')
    chunks.push(chunk as Buffer)
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

export function linkPageRoutes(router: Router, deps: AppDeps) {
  const limit = rateLimit({ max: 60, windowMs: 60_000, key: (ctx) => `ip:${ctx.ip}`, message: '访问过于频繁，请稍后再试' }, deps.clock)
  describeRoute(router, {
    method: 'get',
    path: '/m/:code',
    tag: 'mediators',
    summary: '短信邀请链接：无钉钉账号的调解员查看攻坚小组邀请（HTML 页面，免登录，链接即凭证，14 天有效）',
    response: 'HTML',
    binary: 'text/html',
    public: true,
    errors: [404, 429],
  })
  router.get('/m/:code', limit, async (ctx) => {
    const { status, html } = await render(deps, ctx.params.code)
    if (status === 404) return fail(ctx, status, html, LINK_GONE())
    secure(ctx)
    ctx.status = status
    ctx.body = html
  })
  describeRoute(router, {
    method: 'post',
    path: '/m/:code',
    tag: 'mediators',
    summary: '短信邀请链接：接受或婉拒（表单 answer=accept|decline，reason；只对这一条邀请有效一次）',
    response: 'HTML',
    binary: 'text/html',
    public: true,
    errors: [404, 413, 429],
  })
  router.post('/m/:code', limit, async (ctx) => {
    const code = ctx.params.code
    const link = await resolveLink(deps, code)
    const team = link ? await readTeam(deps, link.teamId) : null
    if (!link || !team) return fail(ctx, 404, gone(), LINK_GONE())
    const form = await formBody(ctx)
    const answer = form.get('answer')
    const reason = (form.get('reason') ?? '').trim().slice(0, 200)
    const me = team.members.filter((m) => m.mediatorId === link.mediatorId).at(-1)
    let error: string | undefined
    if (answer !== 'accept' && answer !== 'decline') error = '请选择接受或婉拒'
    else if (answer === 'decline' && reason.length < 2) error = '婉拒请简要说明原因，便于另行安排'
    else if (me?.invitedSeq !== link.invitedSeq) error = '这条邀请已由新的邀请代替'
    else {
      try {
        await answerInvitation(deps, { id: link.mediatorId, name: me.name }, team.id, answer, reason || undefined, 'sms_link')
      } catch (err) {
        if (!(err instanceof AppError)) throw err
        error = err.message
      }
    }
    const { status, html } = await render(deps, code, error)
    if (error) return fail(ctx, 422, html, new AppError('DOMAIN_RULE', error))
    secure(ctx)
    ctx.status = status
    ctx.body = html
  })
}
