import path from 'node:path'
import { CITIZEN_PHOTO_LIMITS } from '@jqtb/shared/src/public/rules'
import { z } from 'zod'

const DEV_JWT_SECRET = 'dev-only-secret-do-not-use-in-production'
const DEV_PII_KEY = 'dev-only-pii-key-do-not-use-in-production'

const boolish = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true')

/** Every environment variable the BFF reads. The README's configuration table mirrors this list. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  MONGODB_URI: z.string().min(1, 'MONGODB_URI is required (npm start sets it for you)'),
  MONGODB_DB: z.string().default('jqtb'),
  DB_TIMEOUT_MS: z.coerce.number().int().min(500).max(60000).default(5000),
  DB_SLOW_MS: z.coerce.number().int().min(0).max(600000).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default(path.resolve(__dirname, '..', '..', '.data')),
  FILE_STORAGE: z.enum(['disk', 'database']).default('disk'),
  H5_DIST_DIR: z.string().optional(),
  /** the citizen's page (public-app/dist), served under /public/ */
  PUBLIC_APP_DIR: z.string().optional(),
  PUBLIC_URL: z.string().optional(),
  JWT_SECRET: z.string().optional(),
  PII_KEY: z.string().optional(),
  JWT_TTL: z
    .string()
    .regex(/^[1-9]\d*(s|m|h|d)$/, 'a duration such as 30m, 2h or 1d')
    .default('2h'),
  DINGTALK_PROVIDER: z.enum(['dingtalk', 'zhezhengding']).default('dingtalk'),
  DINGTALK_SIMULATOR: boolish,
  DINGTALK_SIM_URL: z.string().optional(),
  DINGTALK_OAPI_BASE: z.string().optional(),
  DINGTALK_API_BASE: z.string().optional(),
  DINGTALK_APP_KEY: z.string().optional(),
  DINGTALK_APP_SECRET: z.string().optional(),
  DINGTALK_AGENT_ID: z.string().optional(),
  DINGTALK_CORP_ID: z.string().optional(),
  DINGTALK_CALLBACK_TOKEN: z.string().optional(),
  DINGTALK_CALLBACK_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}$/, 'must be the 43-character EncodingAESKey from the DingTalk console')
    .optional(),
  DINGTALK_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
  ZZD_BASE: z.string().optional(),
  ZZD_APP_KEY: z.string().optional(),
  ZZD_APP_SECRET: z.string().optional(),
  ZZD_TENANT_ID: z.string().optional(),
  INTAKE_FEEDBACK_URL: z.string().optional(),
  SEED_DEMO: boolish,
  SEED_DEMO_LIGHT: boolish,
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_TOKEN: z.string().min(32, 'METRICS_TOKEN must be at least 32 characters').optional(),
  FRAME_ANCESTORS: z
    .string()
    .default('https://*.dingtalk.com https://*.dg-work.cn')
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z.array(z.string().regex(/^https:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?$/i, 'FRAME_ANCESTORS: https origins such as https://*.dingtalk.com, separated by spaces')),
    ),
  PARTY_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(730),
  TASK_ARCHIVE_AFTER_DAYS: z.coerce.number().int().min(1, 'at least 1 day').max(36500).default(180),
  // SMS (bff/src/sms): Aliyun Dysmsapi, or the simulator's copy of it in simulator mode; `off` queues but never sends
  SMS_PROVIDER: z.enum(['aliyun', 'off']).optional(),
  SMS_API_BASE: z.string().optional(),
  SMS_ACCESS_KEY_ID: z.string().optional(),
  SMS_ACCESS_KEY_SECRET: z.string().optional(),
  SMS_SIGN_NAME: z.string().optional(),
  /** `template=SMS_123456789,other=SMS_987654321`: our template names → the provider's approved template codes */
  SMS_TEMPLATE_CODES: z
    .string()
    .regex(/^([a-z_]+=[A-Za-z0-9_]+)(,[a-z_]+=[A-Za-z0-9_]+)*$/, 'a list such as mediation_invite=SMS_123456789,login_code=SMS_987654321')
    .optional(),
  SMS_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
  // the citizens' photos (bff/src/public/photos.ts): per citizen, counted in the database
  PUBLIC_PHOTOS_PER_HOUR: z.coerce.number().int().min(1).max(10000).default(CITIZEN_PHOTO_LIMITS.perHour),
  PUBLIC_PHOTO_MB_PER_DAY: z.coerce.number().positive().max(100000).default(CITIZEN_PHOTO_LIMITS.mbPerDay),
  // 浙里办 single sign-on for citizens (bff/src/public/zlb.ts): on by default only in simulator mode
  ZLB_SSO: z.enum(['on', 'off']).optional(),
  ZLB_API_BASE: z.string().optional(),
  ZLB_LOGIN_URL: z.string().optional(),
  ZLB_SERVICE_CODE: z.string().optional(),
  ZLB_SERVICE_SECRET: z.string().optional(),
})

export type Config = ReturnType<typeof loadConfig>

/**
 * The part of the configuration the data tools need (backup, restore, copying photos): where the data is,
 * nothing about DingTalk or secrets, so they run with only the database settings in the environment.
 */
export function loadDataConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.pick({ MONGODB_URI: true, MONGODB_DB: true, DATA_DIR: true, FILE_STORAGE: true }).safeParse(env)
  if (!parsed.success) throw new Error(`Invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`)
  const e = parsed.data
  return { mongodbUri: e.MONGODB_URI, mongodbDb: e.MONGODB_DB, dataDir: path.resolve(e.DATA_DIR), fileStorage: e.FILE_STORAGE }
}

/**
 * The apps the DingTalk / 浙政钉 simulator registers (simulator/src/org.ts `SEEDED_APPS`; a test keeps the
 * two equal). Used only in simulator mode, for settings the environment leaves unset.
 */
export const SIMULATOR_APPS = {
  url: 'http://127.0.0.1:8090',
  dingtalk: {
    appKey: 'dingsimjqtb00000001',
    appSecret: 'sim-dingtalk-app-secret-0123456789abcdef',
    agentId: '100000001',
    corpId: 'dingDEMO0001',
    callbackToken: 'simcallbacktoken',
    callbackAesKey: 'c2ltdWxhdG9yLWFlcy1rZXktMzItYnl0ZXMtbG9uZyE',
  },
  zhezhengding: { appKey: 'jqtb-sim-zzd', appSecret: 'sim-zzd-app-secret-0123456789abcdef', tenantId: '196729' },
  /** the simulator's 浙里办 single sign-on (simulator/src/zlb.ts) */
  zlb: { serviceCode: 'jqtb-sim-zlb', serviceSecret: 'sim-zlb-service-secret-0123456789abcdef' },
  /** the simulator's copy of Aliyun's SMS API (simulator/src/sms.ts) */
  sms: { accessKeyId: 'LTAIsimjqtb0000000001', accessKeySecret: 'sim-sms-access-key-secret-0123456789', signName: '警情通办' },
} as const

/**
 * The API keys the simulator's channel systems sign their pushes with (simulator/src/intake/systems.ts;
 * a test keeps the two equal). Installed by the seed only in simulator mode.
 */
export const SIMULATOR_CHANNEL_KEYS = {
  id: (channel: string) => `sim-${channel}`,
  secret: (channel: string) => `sim-intake-${channel}-secret-0123456789abcdef`,
} as const

const trimSlash = (url: string) => url.replace(/\/+$/, '')
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host)

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid configuration:\n${lines}`)
  }
  const e = parsed.data
  const production = e.NODE_ENV === 'production'
  const sim = e.DINGTALK_SIMULATOR
  const refuse = (why: string) => new Error(`Refusing to start${production ? ' in production' : ''}: ${why}`)
  if (production && sim) throw refuse('DINGTALK_SIMULATOR is on: the simulator login lets anyone sign in as anyone.')
  if (sim && !isLoopback(e.HOST)) {
    throw refuse(
      `DINGTALK_SIMULATOR is on and HOST=${e.HOST} is reachable from the network: the simulator login lets anyone sign in as anyone. Use HOST=127.0.0.1.`,
    )
  }
  // The published development secrets are only good enough where nobody else can reach the app: the
  // simulator on a loopback address. A real DingTalk setup without NODE_ENV=production still needs real ones.
  const devSecretsAllowed = !production && sim
  const why = devSecretsAllowed ? '' : ' (development defaults are used only with DINGTALK_SIMULATOR=1 on a loopback HOST)'
  if (!devSecretsAllowed || e.JWT_SECRET !== undefined) {
    if (!e.JWT_SECRET || e.JWT_SECRET.length < 32 || e.JWT_SECRET === DEV_JWT_SECRET) {
      throw refuse(`set JWT_SECRET to a random string of at least 32 characters${why}.`)
    }
  }
  if (!devSecretsAllowed || e.PII_KEY !== undefined) {
    if (!e.PII_KEY || e.PII_KEY.length < 32 || e.PII_KEY === DEV_PII_KEY || e.PII_KEY === e.JWT_SECRET) {
      throw refuse(
        `set PII_KEY (encrypts parties' phone numbers) to a random string of at least 32 characters, different from JWT_SECRET, and keep it: data encrypted with it cannot be read without it${why}.`,
      )
    }
  }
  // in simulator mode every unset setting points at the simulator's seeded apps; otherwise the real hosts
  const simUrl = trimSlash(e.DINGTALK_SIM_URL ?? SIMULATOR_APPS.url)
  const pick = (value: string | undefined, simValue: string, realDefault = '') => value ?? (sim ? simValue : realDefault)
  const dingtalk = {
    provider: e.DINGTALK_PROVIDER,
    simulator: sim,
    simulatorUrl: simUrl,
    oapiBase: trimSlash(pick(e.DINGTALK_OAPI_BASE, `${simUrl}/dingtalk-oapi`, 'https://oapi.dingtalk.com')),
    apiBase: trimSlash(pick(e.DINGTALK_API_BASE, `${simUrl}/dingtalk-api`, 'https://api.dingtalk.com')),
    appKey: pick(e.DINGTALK_APP_KEY, SIMULATOR_APPS.dingtalk.appKey),
    appSecret: pick(e.DINGTALK_APP_SECRET, SIMULATOR_APPS.dingtalk.appSecret),
    agentId: pick(e.DINGTALK_AGENT_ID, SIMULATOR_APPS.dingtalk.agentId),
    corpId: pick(e.DINGTALK_CORP_ID, SIMULATOR_APPS.dingtalk.corpId),
    /** event subscription (事件订阅, HTTP push); the endpoint exists only when both are set */
    callbackToken: pick(e.DINGTALK_CALLBACK_TOKEN, SIMULATOR_APPS.dingtalk.callbackToken),
    callbackAesKey: pick(e.DINGTALK_CALLBACK_AES_KEY, SIMULATOR_APPS.dingtalk.callbackAesKey),
    timeoutMs: e.DINGTALK_HTTP_TIMEOUT_MS,
  }
  const zzd = {
    base: trimSlash(pick(e.ZZD_BASE, `${simUrl}/zzd`, 'https://openplatform-pro.ding.zj.gov.cn')),
    appKey: pick(e.ZZD_APP_KEY, SIMULATOR_APPS.zhezhengding.appKey),
    appSecret: pick(e.ZZD_APP_SECRET, SIMULATOR_APPS.zhezhengding.appSecret),
    tenantId: pick(e.ZZD_TENANT_ID, SIMULATOR_APPS.zhezhengding.tenantId),
  }
  const smsProvider = e.SMS_PROVIDER ?? (sim ? 'aliyun' : 'off')
  const sms = {
    provider: smsProvider,
    /** true when the API base is the simulator's (it also accepts template registration) */
    simulator: sim && e.SMS_API_BASE === undefined,
    apiBase: trimSlash(pick(e.SMS_API_BASE, `${simUrl}/sms`, 'https://dysmsapi.aliyuncs.com')),
    accessKeyId: pick(e.SMS_ACCESS_KEY_ID, SIMULATOR_APPS.sms.accessKeyId),
    accessKeySecret: pick(e.SMS_ACCESS_KEY_SECRET, SIMULATOR_APPS.sms.accessKeySecret),
    signName: pick(e.SMS_SIGN_NAME, SIMULATOR_APPS.sms.signName),
    templateCodes: Object.fromEntries(
      (e.SMS_TEMPLATE_CODES ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => pair.split('=') as [string, string]),
    ),
    timeoutMs: e.SMS_HTTP_TIMEOUT_MS,
  }
  if (smsProvider === 'aliyun' && !sim) {
    const unset = Object.entries({ SMS_ACCESS_KEY_ID: sms.accessKeyId, SMS_ACCESS_KEY_SECRET: sms.accessKeySecret, SMS_SIGN_NAME: sms.signName })
      .filter(([, v]) => !v)
      .map(([k]) => k)
    if (unset.length) throw new Error(`Invalid configuration: SMS_PROVIDER=aliyun needs ${unset.join(', ')} (and SMS_TEMPLATE_CODES for every template used).`)
  }
  const zlbOn = (e.ZLB_SSO ?? (sim ? 'on' : 'off')) === 'on'
  const zlb = {
    enabled: zlbOn,
    /** the BFF validates tickets here (server to server) */
    apiBase: trimSlash(pick(e.ZLB_API_BASE, `${simUrl}/zlb`)),
    /** where the citizen's browser goes to log in to 浙里办; it comes back with `?ticket=` */
    loginUrl: pick(e.ZLB_LOGIN_URL, `${simUrl}/zlb/login`),
    serviceCode: pick(e.ZLB_SERVICE_CODE, SIMULATOR_APPS.zlb.serviceCode),
    serviceSecret: pick(e.ZLB_SERVICE_SECRET, SIMULATOR_APPS.zlb.serviceSecret),
  }
  if (zlbOn) {
    const unset = Object.entries({
      ZLB_API_BASE: zlb.apiBase,
      ZLB_LOGIN_URL: zlb.loginUrl,
      ZLB_SERVICE_CODE: zlb.serviceCode,
      ZLB_SERVICE_SECRET: zlb.serviceSecret,
    })
      .filter(([, v]) => !v)
      .map(([k]) => k)
    if (unset.length) throw new Error(`Invalid configuration: ZLB_SSO=on needs ${unset.join(', ')} (from the 浙里办 service registration).`)
  }
  if (production) {
    const missing =
      dingtalk.provider === 'dingtalk'
        ? Object.entries({ DINGTALK_APP_KEY: dingtalk.appKey, DINGTALK_APP_SECRET: dingtalk.appSecret, DINGTALK_AGENT_ID: dingtalk.agentId })
        : Object.entries({ ZZD_APP_KEY: zzd.appKey, ZZD_APP_SECRET: zzd.appSecret, ZZD_TENANT_ID: zzd.tenantId })
    // notification links point at the H5 app (浙政钉 always, DingTalk on PC): they need the public address
    missing.push(['PUBLIC_URL', e.PUBLIC_URL ?? ''])
    const unset = missing.filter(([, v]) => !v).map(([k]) => k)
    if (unset.length) throw new Error(`Refusing to start in production: ${unset.join(', ')} must be set for DINGTALK_PROVIDER=${dingtalk.provider}.`)
  }
  return {
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port: e.PORT,
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    /** how long a request waits on an absent database before answering 503 DB_UNAVAILABLE (db-availability.ts) */
    dbTimeoutMs: e.DB_TIMEOUT_MS,
    /** database commands slower than this are logged with their shape (infra/slow-commands.ts); 0: off */
    dbSlowMs: e.DB_SLOW_MS,
    logLevel: e.LOG_LEVEL,
    dataDir: path.resolve(e.DATA_DIR),
    /** where uploaded photos are kept: disk (DATA_DIR/files) or database (shared by every instance) */
    fileStorage: e.FILE_STORAGE,
    h5DistDir: e.H5_DIST_DIR ? path.resolve(e.H5_DIST_DIR) : undefined,
    publicAppDir: e.PUBLIC_APP_DIR ? path.resolve(e.PUBLIC_APP_DIR) : undefined,
    publicUrl: e.PUBLIC_URL,
    jwt: { secret: e.JWT_SECRET ?? DEV_JWT_SECRET, ttl: e.JWT_TTL },
    /** encrypts parties' phone numbers at rest; unlike JWT_SECRET it must never be rotated casually */
    piiKey: e.PII_KEY ?? DEV_PII_KEY,
    seedDemo: e.SEED_DEMO,
    /** the demo without its month of channel records and its year of history (tests that start whole processes) */
    seedDemoLight: e.SEED_DEMO_LIGHT,
    /** GET /metrics: on its own listener (port; off when unset) and/or on the main port behind a bearer token */
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST, token: e.METRICS_TOKEN },
    /** who may frame the H5 pages besides this origin (Content-Security-Policy frame-ancestors) */
    frameAncestors: e.FRAME_ANCESTORS,
    /** closed cases' parties (names, phones, 身份证) are anonymised this many days after closing (个人信息保护法) */
    partyRetentionDays: e.PARTY_RETENTION_DAYS,
    /** where feedback to the source channels goes (`<url>/<channel>/feedback`); empty: kept, not sent */
    intakeFeedbackUrl: trimSlash(pick(e.INTAKE_FEEDBACK_URL, `${simUrl}/channels`, '')),
    /** closed and cancelled tasks untouched this long move to the archive collections (tasks/archive.ts) */
    taskArchiveAfterDays: e.TASK_ARCHIVE_AFTER_DAYS,
    dingtalk,
    zzd,
    sms,
    /** citizens' photo limits (public/photos.ts) */
    publicPhotos: { perHour: e.PUBLIC_PHOTOS_PER_HOUR, bytesPerDay: Math.round(e.PUBLIC_PHOTO_MB_PER_DAY * 1024 * 1024) },
    zlb,
  }
}
