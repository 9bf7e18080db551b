// npm run backup | restore | files:to-database: runs the BFF's data command (bff/src/cli/<name>.ts) against
// the database npm start uses (MONGODB_URI; a running npm start's; or the embedded one on .data/db),
// with DATA_DIR = .data unless set. Arguments after `--` are passed on.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { root, dataDir } = require('./lib/paths.cjs')
const { ensureNodeModules } = require('./lib/install.cjs')

const [command, ...args] = process.argv.slice(2)
await ensureNodeModules()
const { databaseForTool } = require('./lib/launched.cjs')
const { spawn } = require('node:child_process')
const db = await databaseForTool()
const child = spawn(process.execPath, ['--import', 'tsx', `bff/src/cli/${command}.ts`, ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MONGODB_URI: db.uri, MONGODB_DB: process.env.MONGODB_DB || 'jqtb', DATA_DIR: process.env.DATA_DIR || dataDir },
})
// the command's own exit code (backup: 2 when photos were missing) is the tool's
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))))
await db.stop()
process.exit(code)
