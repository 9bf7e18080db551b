import path from 'node:path'
import { z } from 'zod'

const DEV_JWT_SECRET = 'dev-only-secret-do-not-use-in-production'

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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default(path.resolve(__dirname, '..', '..', '.data')),
  H5_DIST_DIR: z.string().optional(),
  PUBLIC_URL: z.string().optional(),
  JWT_SECRET: z.string().optional(),
  JWT_TTL: z.string().default('2h'),
  DINGTALK_PROVIDER: z.enum(['dingtalk', 'zhezhengding']).default('dingtalk'),
  DINGTALK_SIMULATOR: boolish,
  DINGTALK_OAPI_BASE: z.string().default('https://oapi.dingtalk.com'),
  DINGTALK_API_BASE: z.string().default('https://api.dingtalk.com'),
  DINGTALK_APP_KEY: z.string().default(''),
  DINGTALK_APP_SECRET: z.string().default(''),
  DINGTALK_AGENT_ID: z.string().default(''),
  DINGTALK_CORP_ID: z.string().default(''),
  ZZD_BASE: z.string().default('https://openplatform-pro.ding.zj.gov.cn'),
  ZZD_APP_KEY: z.string().default(''),
  ZZD_APP_SECRET: z.string().default(''),
  ZZD_TENANT_ID: z.string().default(''),
  SEED_DEMO: boolish,
})

export type Config = ReturnType<typeof loadConfig>

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid configuration:\n${lines}`)
  }
  const e = parsed.data
  const production = e.NODE_ENV === 'production'
  if (production && (!e.JWT_SECRET || e.JWT_SECRET.length < 32 || e.JWT_SECRET === DEV_JWT_SECRET)) {
    throw new Error('Refusing to start in production: set JWT_SECRET to a random string of at least 32 characters.')
  }
  return {
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port: e.PORT,
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    logLevel: e.LOG_LEVEL,
    dataDir: path.resolve(e.DATA_DIR),
    h5DistDir: e.H5_DIST_DIR ? path.resolve(e.H5_DIST_DIR) : undefined,
    publicUrl: e.PUBLIC_URL,
    jwt: { secret: e.JWT_SECRET ?? DEV_JWT_SECRET, ttl: e.JWT_TTL },
    seedDemo: e.SEED_DEMO,
    dingtalk: {
      provider: e.DINGTALK_PROVIDER,
      simulator: e.DINGTALK_SIMULATOR,
      oapiBase: e.DINGTALK_OAPI_BASE,
      apiBase: e.DINGTALK_API_BASE,
      appKey: e.DINGTALK_APP_KEY,
      appSecret: e.DINGTALK_APP_SECRET,
      agentId: e.DINGTALK_AGENT_ID,
      corpId: e.DINGTALK_CORP_ID,
    },
    zzd: { base: e.ZZD_BASE, appKey: e.ZZD_APP_KEY, appSecret: e.ZZD_APP_SECRET, tenantId: e.ZZD_TENANT_ID },
  }
}
