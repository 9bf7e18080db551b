// Which database a running `npm start` uses, so the data tools (backup, restore, seed, copying photos)
// talk to that one instead of starting a second server on the same files (one FerretDB process per data
// directory: docs/database.md#launcher). `npm start` writes .data/db/running.json and removes it on exit.
const fs = require('node:fs')
const path = require('node:path')
const { dataDir } = require('./paths.cjs')

const FILE = path.join(dataDir, 'db', 'running.json')

function recordRunning({ uri, kind }) {
  fs.mkdirSync(path.dirname(FILE), { recursive: true })
  fs.writeFileSync(FILE, JSON.stringify({ uri, kind, pid: process.pid }))
}

function clearRunning() {
  try {
    if (JSON.parse(fs.readFileSync(FILE, 'utf8')).pid === process.pid) fs.rmSync(FILE)
  } catch {}
}

/** The running launcher's database, or null (no file, or its launcher is gone). */
function runningDatabase() {
  try {
    const state = JSON.parse(fs.readFileSync(FILE, 'utf8'))
    process.kill(state.pid, 0)
    return state
  } catch {
    return null
  }
}

/**
 * The database a data tool should use: MONGODB_URI; else the one a running `npm start` uses; else the
 * embedded one on .data/db, started for the tool and stopped after it.
 */
async function databaseForTool() {
  const { resolveDatabase } = require('./database.cjs')
  if (!process.env.MONGODB_URI) {
    const running = runningDatabase()
    if (running) return { uri: running.uri, kind: running.kind, stop: async () => {} }
  }
  return resolveDatabase({ dataDir: path.join(dataDir, 'db') })
}

module.exports = { recordRunning, clearRunning, runningDatabase, databaseForTool }
