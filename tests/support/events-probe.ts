import { defineDomain } from '../../bff/src/kernel/domain'

/**
 * A domain whose one listener records every task event it hears, once (`_id` = the event), in
 * `probe_effects` — or, for the event type `crashOn`, kills the process before recording it.
 */
export const probeDomain = (crashOn?: string) =>
  defineDomain({
    name: 'probe',
    listeners: (deps) => [
      {
        topic: 'task.appended',
        name: 'probe.record',
        handle: async ({ event }) => {
          if (event.type === crashOn) process.kill(process.pid, 'SIGKILL')
          try {
            await deps.db.conn.collection('probe_effects').insertOne({ _id: `${event.taskId}:${event.seq}` as never, type: event.type })
          } catch (err) {
            if ((err as { code?: number }).code !== 11000) throw err
          }
        },
      },
    ],
  })
