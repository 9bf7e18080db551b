import Router from '@koa/router'
import Koa from 'koa'
import { offsetClock, type SimClock } from './clock'
import { controlRoutes } from './control'
import { dingtalkApiRoutes, dingtalkOapiRoutes } from './dingtalk'
import { platformGate } from './http'
import { intakeControlRoutes } from './intake/control'
import { feedbackReceiverRoutes } from './intake/feedback'
import { renderPhonePage } from './phone'
import { smsRoutes } from './sms'
import { SimState } from './state'
import { zlbRoutes } from './zlb'
import { zzdRoutes } from './zzd'

export interface SimulatorOptions {
  /** the simulator's time; default real time plus whatever `/__sim/clock/advance` added */
  clock?: SimClock
  /** where the H5 mini-app is served, so the phone page can open `eapp://` links in a browser */
  h5Url?: string
  /** the BFF the channel systems push to (default for `/__sim/intake/*`) */
  bffUrl?: string
}

/**
 * The DingTalk / 浙政钉 simulator (docs/dingtalk.md#simulator): public DingTalk under `/dingtalk-oapi` and
 * `/dingtalk-api`, 浙政钉 under `/zzd`, 浙里办 single sign-on under `/zlb`, Aliyun SMS under `/sms`, controls under `/__sim`, the phone page at `/`.
 */
export function createSimulator(opts: SimulatorOptions = {}): { app: Koa; state: SimState } {
  const ownClock = opts.clock ? undefined : offsetClock()
  const state = new SimState(opts.clock ?? ownClock!)
  const app = new Koa()
  // a caller that gave up (timeout tests, latency faults) is normal here, not an error worth printing
  app.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNRESET' || err.message === 'aborted') return
    process.stderr.write(`simulator: ${err.stack ?? err.message}\n`)
  })

  const root = new Router()
  root.get('/', (ctx) => {
    ctx.type = 'html'
    ctx.body = renderPhonePage(state, { h5Url: opts.h5Url, only: typeof ctx.query.user === 'string' ? ctx.query.user : undefined })
  })
  const control = controlRoutes(state, { resetClock: ownClock?.reset })
  const intake = intakeControlRoutes(state, { bffUrl: opts.bffUrl })

  const mount = (prefix: string, gate: ReturnType<typeof platformGate>, routes: Router) => {
    const outer = new Router({ prefix })
    outer.use(gate)
    outer.use(routes.routes(), routes.allowedMethods())
    return outer
  }
  const oapi = mount('/dingtalk-oapi', platformGate(state, 'dingtalk-oapi'), dingtalkOapiRoutes(state))
  const api = mount('/dingtalk-api', platformGate(state, 'dingtalk-api'), dingtalkApiRoutes(state))
  const zzd = mount('/zzd', platformGate(state, 'zzd'), zzdRoutes(state))
  // 浙里办 single sign-on for citizens (its error bodies are its own; faults answer like DingTalk's API)
  const zlb = mount('/zlb', platformGate(state, 'dingtalk-api'), zlbRoutes(state))
  // the channel systems' feedback receivers (faults like the platforms': endpoint `feedback`)
  const channels = mount('/channels', platformGate(state, 'dingtalk-api'), feedbackReceiverRoutes(state.feedback, state.clock))

  const sms = smsRoutes(state)
  for (const r of [root, control, intake, oapi, api, zzd, zlb, channels, sms]) app.use(r.routes()).use(r.allowedMethods())
  return { app, state }
}

export function createSimulatorApp(opts: SimulatorOptions = {}): Koa {
  return createSimulator(opts).app
}
