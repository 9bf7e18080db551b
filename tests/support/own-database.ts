/**
 * A database process of the test's own (tools/lib/database.cjs, as `npm start` starts it), for tests that pause,
 * kill or restart it; never the shared one the test run started.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const { resolveDatabase } = require('../../tools/lib/database.cjs') as {
  resolveDatabase(opts: { temp: boolean; own: boolean; supervise?: boolean; logFile?: string }): Promise<OwnDatabase>
}

export interface OwnDatabase {
  uri: string
  kind: string
  /** the database server's pid right now (a supervised one gets a new pid when it is restarted) */
  pid: number
  /** restarts so far (supervised only) */
  restarts?: number
  stop(): Promise<void>
}

export function startOwnDatabase(opts: { supervise?: boolean; logFile?: string } = {}): Promise<OwnDatabase> {
  return resolveDatabase({ temp: true, own: true, ...opts })
}
