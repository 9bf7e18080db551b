// npm run reset: stops nothing, deletes the data folder (database files, uploads, logs).
// Stop `npm start` first. The built database binary in .tools/ is kept.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const { say } = require('./lib/say.cjs')
const { root, dataDir } = require('./lib/paths.cjs')

if (!fs.existsSync(dataDir)) {
  say(`nothing to reset: ${path.relative(root, dataDir)}/ does not exist`)
} else {
  fs.rmSync(dataDir, { recursive: true, force: true })
  say(`deleted ${path.relative(root, dataDir)}/ — the next npm start begins with a fresh database and the demo seed`)
}
