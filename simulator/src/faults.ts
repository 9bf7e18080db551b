/**
 * Fault injection, per endpoint, so the BFF's retry, backoff and give-up paths run against the same
 * answers the real platforms give when they are busy, rate-limiting, down or slow.
 */
export type FaultKind =
  /** answer with a platform error code (DingTalk `errcode`, 浙政钉 `responseCode`), HTTP 200 */
  | 'errcode'
  /** answer with an HTTP status (5xx) and a gateway-style body */
  | 'http'
  /** wait before answering normally */
  | 'latency'
  /** the per-IP ban page DingTalk serves instead of an errcode (docs/dingtalk.md#error-codes) */
  | 'ipban'
  /** do the work, then answer 502: the caller cannot tell the request went through */
  | 'lost-response'

export interface FaultSpec {
  /** matches when the request path ends with this (e.g. `asyncsend_v2`, `workNotification`), `*` for all */
  endpoint: string
  kind: FaultKind
  errcode?: number | string
  errmsg?: string
  status?: number
  ms?: number
  /** probability 0..1 that a matching request is hit (default 1) */
  rate?: number
  /** stop after this many hits (default: no limit) */
  times?: number
}

export interface Fault extends FaultSpec {
  id: number
  hits: number
}

/** Deterministic pseudo-random numbers (mulberry32), so a "30 % failure" run is the same every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class FaultTable {
  private faults: Fault[] = []
  private nextId = 1
  private random: () => number

  constructor(seed = 1) {
    this.random = seededRandom(seed)
  }

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, hits: 0 }
    this.faults.push(fault)
    return fault
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }))
  }

  clear(seed?: number): void {
    this.faults = []
    if (seed !== undefined) this.random = seededRandom(seed)
  }

  /** The faults that fire for this request (latency first, then at most one failure). */
  pick(path: string): { latency?: Fault; failure?: Fault } {
    const out: { latency?: Fault; failure?: Fault } = {}
    for (const f of this.faults) {
      if (f.endpoint !== '*' && !path.endsWith(f.endpoint)) continue
      if (f.times !== undefined && f.hits >= f.times) continue
      if (f.kind === 'latency' ? out.latency : out.failure) continue
      if (this.random() >= (f.rate ?? 1)) continue
      f.hits++
      if (f.kind === 'latency') out.latency = f
      else out.failure = f
    }
    return out
  }
}
