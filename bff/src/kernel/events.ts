/**
 * Events between domains. A domain that wants others to react to what happened in it publishes a
 * topic; other domains subscribe with listeners declared in their module (domain.ts). The topics
 * and their payloads are declared by the publishing domain by augmenting `DomainEvents`:
 *
 *   declare module '../kernel/events' { interface DomainEvents { 'task.appended': TaskAppended } }
 *
 * Delivery is at-least-once: `publish` awaits every listener and, when any failed, throws after all
 * have run. The publisher treats that as "effects not done" and its repair path publishes the same
 * event again later (tasks: the projection stays behind its log until every effect succeeded), so
 * every listener must be idempotent (unique-key inserts, as everywhere else).
 */

// biome-ignore lint/suspicious/noEmptyInterface: augmented by each publishing domain
export interface DomainEvents {}

export type Topic = keyof DomainEvents

/** One subscription: `name` appears in logs and in the error when it fails. */
export type Listener = {
  [K in Topic]: { topic: K; name: string; handle(payload: DomainEvents[K]): Promise<void> }
}[Topic]

export interface EventBus {
  publish<K extends Topic>(topic: K, payload: DomainEvents[K]): Promise<void>
  /** the listeners of a topic (tests, diagnostics) */
  listenersOf(topic: Topic): string[]
}

export class ListenerError extends Error {
  constructor(
    readonly topic: string,
    readonly failures: Array<{ listener: string; error: unknown }>,
  ) {
    super(`${failures.length} listener(s) of ${topic} failed: ${failures.map((f) => f.listener).join(', ')}`)
    this.name = 'ListenerError'
  }
}

/** Listeners of a topic run one after another, in registration order (the order of domains.ts). */
interface AnyListener {
  topic: string
  name: string
  handle(payload: unknown): Promise<void>
}

export function createEventBus(listeners: readonly Listener[]): EventBus {
  const byTopic = new Map<string, AnyListener[]>()
  for (const l of listeners as readonly AnyListener[]) byTopic.set(l.topic, [...(byTopic.get(l.topic) ?? []), l])
  return {
    async publish(topic, payload) {
      const failures: Array<{ listener: string; error: unknown }> = []
      for (const l of byTopic.get(topic) ?? []) {
        try {
          await l.handle(payload)
        } catch (error) {
          failures.push({ listener: l.name, error })
        }
      }
      if (failures.length) throw new ListenerError(topic, failures)
    },
    listenersOf: (topic) => (byTopic.get(topic) ?? []).map((l) => l.name),
  }
}
