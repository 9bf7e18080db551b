// npm run seed: seeds the demo street into the database npm start uses (idempotent).

import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const { say } = require('./lib/say.cjs')
const { root, dataDir } = require('./lib/paths.cjs')
const { ensureNodeModules } = require('./lib/install.cjs')

await ensureNodeModules()
const { resolveDatabase } = require('./lib/database.cjs')
const { run } = require('./lib/run.cjs')
const db = await resolveDatabase({ dataDir: path.join(dataDir, 'db') })
try {
  await run(process.execPath, ['--import', 'tsx', 'bff/src/cli/seed.ts'], {
    cwd: root,
    env: { ...process.env, MONGODB_URI: db.uri, MONGODB_DB: process.env.MONGODB_DB || 'jqtb' },
  })
  say('seed done')
} finally {
  await db.stop()
}
