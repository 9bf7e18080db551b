import type { CommandStartedEvent } from 'mongodb'
import type { Db } from '../../bff/src/infra/db'

/** The commands `run` sends on `db`'s connection that `keep` accepts (every command when none is given). */
export async function commandsDuring(
  db: Db,
  run: () => Promise<unknown>,
  keep: (e: CommandStartedEvent) => boolean = () => true,
): Promise<CommandStartedEvent[]> {
  const seen: CommandStartedEvent[] = []
  const client = db.conn.getClient()
  const listen = (e: CommandStartedEvent) => {
    if (keep(e)) seen.push(e)
  }
  client.on('commandStarted', listen)
  try {
    await run()
  } finally {
    client.off('commandStarted', listen)
  }
  return seen
}
