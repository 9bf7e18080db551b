/**
 * The citizen's endpoints (`/api/public/…`, citizen token) and the centre's (`/api/public-cases/…`,
 * `/api/followups/…`, staff token). Thin: parse, authorise, one command or query.
 */
import { caseCode, consultBody, fileCaseBody, linkRateBody, preferMediatorBody, rateBody, sendCodeBody, verifyCodeBody, zlbLoginBody } from '@jqtb/shared'
import type Router from '@koa/router'
import { z } from 'zod'
import type { AppDeps } from '../deps'
import { receivePhotoUpload, withRetryAfter } from '../files/routes'
import { rateLimit } from '../infra/rate-limit'
import { parse } from '../infra/validate'
import { describeRoute, type RouteDescription } from '../openapi/registry'
import { fileCase, ownCase } from './cases'
import { askQuestion, myQuestions, questionToDispute } from './consultations'
import { caseOfLink, rateCase } from './followups'
import { sendLoginCode, smsLogin } from './login'
import { loginProviders, signInCitizen } from './login-providers'
import { askForMediator, cardsForCase } from './mediator-choice'
import { currentCitizen, requireCitizen } from './middleware'
import { openOwnPhoto, uploadCitizenPhoto } from './photos'
import { communities, placesOf } from './places'
import { myCase, myCases } from './queries'
import { zlbLogin } from './zlb'

const TAG = 'public'
const codeParam = z.object({ code: caseCode }).strict()
const questionParam = z.object({ id: z.string().regex(/^Q[0-9A-F]{15}$/, '咨询编号格式不正确') }).strict()
const photoParam = z.object({ id: z.string().regex(/^[a-f0-9]{32}$/, '照片编号格式不正确') }).strict()
const tokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '链接不完整') }).strict()
const communityParam = z.object({ community: z.string().regex(/^[A-Z]{2}-\d{2}(-\d{2}){0,2}$/, '村社编号格式不正确') }).strict()

export function publicRoutes(router: Router, deps: AppDeps) {
  const citizen = requireCitizen(deps)
  const d = (path: string, method: RouteDescription['method'], summary: string, rest: Partial<RouteDescription> & { response: string }) =>
    describeRoute(router, { path, method, summary, tag: TAG, audience: 'citizen', ...rest })
  const perAddress = (name: string, max: number, message: string) =>
    rateLimit({ name: `public-${name}`, max, windowMs: 60_000, key: (ctx) => `ip:${ctx.ip}`, message }, deps)

  // ------------------------------------------------------------------ login
  d(
    '/api/public/auth/code',
    'post',
    '公众登录：向手机号发送 6 位验证码（5 分钟有效；同一号码 60 秒一次、每小时 5 次、每天 10 次；同一地址每小时 30 次）。任何号码的回答都一样',
    {
      body: sendCodeBody,
      bodyName: 'CitizenCodeRequest',
      response: 'CodeSent',
      errors: [400, 429],
      public: true,
    },
  )
  router.post('/api/public/auth/code', perAddress('code', 20, '请求过于频繁，请稍后再试'), async (ctx) => {
    ctx.body = await sendLoginCode(deps, parse(sendCodeBody, ctx.request.body ?? {}), ctx.ip)
  })

  d('/api/public/auth/login', 'post', '公众登录：手机号 + 验证码换取公众令牌（与工作人员令牌互不通用）。每个验证码最多试 5 次', {
    body: verifyCodeBody,
    bodyName: 'CitizenLoginRequest',
    response: 'CitizenSession',
    errors: [400, 429],
    public: true,
  })
  router.post('/api/public/auth/login', perAddress('login', 30, '请求过于频繁，请稍后再试'), async (ctx) => {
    ctx.body = await signInCitizen(deps, await smsLogin.verify(deps, parse(verifyCodeBody, ctx.request.body ?? {}), ctx.ip))
  })

  d('/api/public/auth/providers', 'get', '公众登录方式：手机验证码，以及开通时的浙里办一键登录（loginUrl 之后加 &redirectUrl=本页地址）', {
    response: 'LoginProvidersView',
    public: true,
  })
  router.get('/api/public/auth/providers', (ctx) => {
    ctx.body = loginProviders(deps)
  })

  d('/api/public/auth/zlb', 'post', '浙里办一键登录：用浙里办带回的 ticket 换取公众令牌（服务端向浙里办核验，得到实名手机号和姓名；每个 ticket 只能用一次）', {
    body: zlbLoginBody,
    bodyName: 'ZlbLoginRequest',
    response: 'CitizenSession',
    errors: [400, 401, 404, 429, 502],
    public: true,
  })
  router.post('/api/public/auth/zlb', perAddress('zlb', 30, '请求过于频繁，请稍后再试'), async (ctx) => {
    ctx.body = await signInCitizen(deps, await zlbLogin.verify(deps, parse(zlbLoginBody, ctx.request.body ?? {}), ctx.ip))
  })

  // ------------------------------------------------------------------ photos
  d('/api/public/photos', 'post', '群众上传一张照片（上报、咨询用；JPG/PNG/WebP ≤ 10 MB，解码后去掉位置等元数据重新保存；每人每小时、每天有上限）', {
    multipart: true,
    response: 'FileView',
    status: 201,
    errors: [400, 413, 415, 429],
  })
  router.post('/api/public/photos', perAddress('photos', 60, '上传过于频繁，请稍后再试'), citizen, async (ctx) => {
    const who = currentCitizen(ctx)
    const body = await uploadCitizenPhoto(deps, who, await receivePhotoUpload(ctx)).catch(withRetryAfter(ctx))
    ctx.status = 201
    ctx.body = body
  })
  d('/api/public/photos/:id', 'get', '读取自己上传的照片（别人的照片回答 404）', {
    response: 'the image',
    binary: 'image/jpeg, image/png or image/webp',
    errors: [400, 404],
  })
  router.get('/api/public/photos/:id', citizen, async (ctx) => {
    const photo = await openOwnPhoto(deps, currentCitizen(ctx), parse(photoParam, ctx.params).id)
    ctx.type = photo.contentType
    ctx.set('cache-control', 'private, max-age=3600')
    ctx.set('x-content-type-options', 'nosniff')
    ctx.body = photo.stream
  })

  // ------------------------------------------------------------------ the address picker
  d('/api/public/places', 'get', '地址选择：村社列表（免登录）', { response: '{ items: [{ code, name }] }', errors: [429], public: true })
  router.get('/api/public/places', perAddress('places', 120, '访问过于频繁，请稍后再试'), async (ctx) => {
    ctx.body = { items: await communities(deps) }
  })
  d('/api/public/places/:community', 'get', '地址选择：一个村社里的小区、道路、村（免登录；只有名称）', {
    response: '{ items: [{ id, name, kind, unit }] }',
    errors: [400, 429],
    public: true,
  })
  router.get('/api/public/places/:community', perAddress('places', 120, '访问过于频繁，请稍后再试'), async (ctx) => {
    ctx.body = { items: await placesOf(deps, parse(communityParam, ctx.params).community) }
  })

  // ------------------------------------------------------------------ cases
  d('/api/public/cases', 'post', '群众上报一件纠纷：进入统一归口（公众上报渠道），返回案件码（一案一码）；同一 requestId 只登记一次', {
    body: fileCaseBody,
    bodyName: 'FileCaseRequest',
    response: '{ code, created }',
    status: 201,
    errors: [400, 422, 429],
  })
  router.post('/api/public/cases', citizen, perAddress('cases', 20, '提交过于频繁，请稍后再试'), async (ctx) => {
    const out = await fileCase(deps, currentCitizen(ctx), parse(fileCaseBody, ctx.request.body ?? {}))
    ctx.status = out.created ? 201 : 200
    ctx.body = out
  })

  d('/api/public/cases', 'get', '我的案件（最新在前）', { response: '{ items: PublicCaseSummary[] }' })
  router.get('/api/public/cases', citizen, async (ctx) => {
    ctx.body = await myCases(deps, currentCitizen(ctx))
  })

  d('/api/public/cases/:code', 'get', '我的一件案件：公开的进度（已提交、已受理、已分派、调解中、已办结）和案件二维码。别人的案件码回答 404', {
    response: 'PublicCaseView',
    errors: [400, 404],
  })
  router.get('/api/public/cases/:code', citizen, async (ctx) => {
    ctx.body = await myCase(deps, currentCitizen(ctx), parse(codeParam, ctx.params).code)
  })

  d('/api/public/cases/:code/rating', 'post', '回访：满意 / 基本满意 / 不满意（每件一次；再次提交回答 already）', {
    body: rateBody,
    bodyName: 'RateRequest',
    response: '{ result: recorded | already, rating, label }',
    errors: [400, 404, 422],
  })
  router.post('/api/public/cases/:code/rating', citizen, async (ctx) => {
    const c = await ownCase(deps, currentCitizen(ctx), parse(codeParam, ctx.params).code)
    ctx.body = await rateCase(deps, c, parse(rateBody, ctx.request.body ?? {}), 'app')
  })

  d('/api/public/cases/:code/mediators', 'get', '可选的调解员（公开名片，按这件事的纠纷类型筛选；无电话、住址等个人信息）', {
    response: '{ items: PublicMediatorCard[] }',
    errors: [400, 404],
  })
  router.get('/api/public/cases/:code/mediators', citizen, async (ctx) => {
    ctx.body = await cardsForCase(deps, await ownCase(deps, currentCitizen(ctx), parse(codeParam, ctx.params).code))
  })
  d('/api/public/cases/:code/mediator', 'post', '请中心安排我选的调解员（中心确认，或说明不能安排的原因）', {
    body: preferMediatorBody,
    bodyName: 'PreferMediatorRequest',
    response: '{ state, name }',
    errors: [400, 404, 409, 422],
  })
  router.post('/api/public/cases/:code/mediator', citizen, async (ctx) => {
    const c = await ownCase(deps, currentCitizen(ctx), parse(codeParam, ctx.params).code)
    ctx.body = await askForMediator(deps, c, parse(preferMediatorBody, ctx.request.body ?? {}).mediatorId)
  })

  // ------------------------------------------------------------------ 法律咨询
  d('/api/public/consultations', 'post', '法律咨询：提一个问题（律师、司法所解答；同一 requestId 只提交一次）', {
    body: consultBody,
    bodyName: 'ConsultRequest',
    response: '{ consultation, created }',
    status: 201,
    errors: [400, 429],
  })
  router.post('/api/public/consultations', citizen, perAddress('consultations', 20, '提交过于频繁，请稍后再试'), async (ctx) => {
    const out = await askQuestion(deps, currentCitizen(ctx), parse(consultBody, ctx.request.body ?? {}))
    ctx.status = out.created ? 201 : 200
    ctx.body = out
  })
  d('/api/public/consultations', 'get', '我的法律咨询和解答', { response: '{ items }' })
  router.get('/api/public/consultations', citizen, async (ctx) => {
    ctx.body = await myQuestions(deps, currentCitizen(ctx))
  })
  d('/api/public/consultations/:id/dispute', 'post', '把咨询转为纠纷上报（只转一次），返回案件码', { response: '{ code }', errors: [400, 404] })
  router.post('/api/public/consultations/:id/dispute', citizen, async (ctx) => {
    ctx.body = await questionToDispute(deps, parse(questionParam, ctx.params).id, currentCitizen(ctx))
  })

  d('/api/public/ratings/:token', 'get', '短信里的一次性评价链接：这件事的标题和是否已评价（免登录）', {
    response: '{ code, title, rated }',
    errors: [400, 404, 429],
    public: true,
  })
  router.get('/api/public/ratings/:token', perAddress('rating-read', 60, '访问过于频繁，请稍后再试'), async (ctx) => {
    const c = await caseOfLink(deps, parse(tokenParam, ctx.params).token)
    const rated = await deps.db.models.PublicRating.findById(c._id, { _id: 1 }).lean()
    ctx.body = { code: c._id, title: c.content.slice(0, 24), rated: !!rated }
  })
  d('/api/public/ratings/:token', 'post', '用短信链接评价（免登录；每件一次）', {
    body: linkRateBody,
    bodyName: 'LinkRateRequest',
    response: '{ result: recorded | already, rating, label }',
    errors: [400, 404, 422, 429],
    public: true,
  })
  router.post('/api/public/ratings/:token', perAddress('rating', 30, '提交过于频繁，请稍后再试'), async (ctx) => {
    const c = await caseOfLink(deps, parse(tokenParam, ctx.params).token)
    ctx.body = await rateCase(deps, c, parse(linkRateBody, ctx.request.body ?? {}), 'link')
  })
}
