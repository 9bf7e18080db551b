// npm run reindex: recomputes the key indices (关键指数) from the task logs, in the database npm start
// uses — with npm start stopped, like npm run seed (one embedded database process per data folder) —
// or in MONGODB_URI, where it is safe while the BFF runs: it rewrites only what differs.

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
  await run(process.execPath, ['--import', 'tsx', 'bff/src/cli/reindex.ts'], {
    cwd: root,
    env: { ...process.env, MONGODB_URI: db.uri, MONGODB_DB: process.env.MONGODB_DB || 'jqtb' },
  })
  say('reindex done')
} finally {
  await db.stop()
}
