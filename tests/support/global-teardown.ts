export default async function globalTeardown() {
  const db = (globalThis as { __jqtbDb?: { stop(): Promise<void> } }).__jqtbDb
  if (db) await db.stop()
}
