// Runs once per jest run. `npm test` starts the database and passes JQTB_TEST_MONGO_URI; when jest is
// run directly (npx jest …) this starts a throw-away database itself.
/* eslint-disable @typescript-eslint/no-require-imports */
export default async function globalSetup() {
  if (process.env.JQTB_TEST_MONGO_URI) return
  const { resolveDatabase } = require('../../tools/lib/database.cjs')
  const db = await resolveDatabase({ temp: true })
  process.env.JQTB_TEST_MONGO_URI = db.uri
  process.env.JQTB_TEST_DB_KIND = db.kind
  process.env.JQTB_TEST_DB_BACKEND = db.backend
  ;(globalThis as { __jqtbDb?: { stop(): Promise<void> } }).__jqtbDb = db
}
