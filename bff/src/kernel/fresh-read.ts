/**
 * One read shared by everyone who asks while it is on its way, but never a read that was already on its way
 * when they asked: a caller who arrives while a read is in flight waits for the next one, which starts when
 * that one ends. So a change that was written before a request arrived is seen by it. (In the few microtasks
 * between one read ending and the next starting, a caller may join a read started in that same turn of the
 * event loop — still after the request's bytes arrived.) A burst of 500 callers costs two reads, not 500.
 * Keyed by database connection, so the test apps in one process stay apart.
 */
interface Flight<T> {
  current: Promise<T> | null
  next: Promise<T> | null
}

export function freshReader<D extends object, T>(read: (db: D) => Promise<T>): (db: D) => Promise<T> {
  const flights = new WeakMap<D, Flight<T>>()
  const start = (db: D, f: Flight<T>): Promise<T> => {
    const p = read(db).finally(() => {
      if (f.current === p) f.current = null
    })
    f.current = p
    return p
  }
  return (db) => {
    let f = flights.get(db)
    if (!f) {
      f = { current: null, next: null }
      flights.set(db, f)
    }
    const flight = f
    if (!flight.current) return start(db, flight)
    if (!flight.next) {
      flight.next = flight.current
        .catch(() => undefined)
        .then(() => {
          flight.next = null
          // a caller who found nothing in flight may have started one after ours ended: it began later still
          return flight.current ?? start(db, flight)
        })
    }
    return flight.next
  }
}
