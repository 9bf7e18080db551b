import { inDeferredWork, later, settleDeferred, stopDeferred } from './background'

describe('deferred work', () => {
  it('runs after the caller goes on, once per key while waiting, again when asked while running', async () => {
    const owner = { db: {} }
    const ran: string[] = []
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    later(owner, 'a', async () => {
      ran.push(`a:${inDeferredWork()}`)
      await gate
    })
    later(owner, 'a', async () => {
      ran.push('a-twice')
    })
    later(owner, 'b', async () => {
      ran.push('b')
    })
    expect(ran).toEqual([])
    expect(inDeferredWork()).toBe(false)
    await new Promise((r) => setTimeout(r, 30))
    expect(ran).toEqual(['a:true'])
    // asked again while its first run is under way: it runs again after
    later(owner, 'a', async () => {
      ran.push('a-again')
    })
    release()
    await settleDeferred(owner.db)
    expect(ran).toEqual(['a:true', 'b', 'a-again'])
  })

  it('a failing job is logged and the queue goes on', async () => {
    const warned: string[] = []
    const owner = { db: {}, logger: { warn: (_o: object, msg: string) => warned.push(msg) } }
    const ran: string[] = []
    later(owner, 'x', async () => {
      throw new Error('boom')
    })
    later(owner, 'y', async () => {
      ran.push('y')
    })
    await settleDeferred(owner.db)
    expect(ran).toEqual(['y'])
    expect(warned).toHaveLength(1)
  })

  it('lanes run side by side: a long lane does not hold up another, and a lane can be settled alone', async () => {
    const owner = { db: {} }
    const ran: string[] = []
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    later(owner, 'long', () => gate.then(() => void ran.push('long')), 'linking')
    later(owner, 'view', async () => void ran.push('view'))
    await settleDeferred(owner.db, 'views')
    expect(ran).toEqual(['view'])
    release()
    await settleDeferred(owner.db)
    expect(ran).toEqual(['view', 'long'])
  })

  it('a stop waits for the running job and drops the waiting ones (their catch-up redoes them)', async () => {
    const warned: object[] = []
    const owner = { db: {}, logger: { warn: (o: object) => void warned.push(o) } }
    const ran: string[] = []
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    later(owner, 'first', () => gate.then(() => void ran.push('first')), 'linking')
    for (const k of ['second', 'third']) later(owner, k, async () => void ran.push(k), 'linking')
    await new Promise((r) => setTimeout(r, 30))
    const stopped = stopDeferred(owner.db, owner.logger)
    release()
    await stopped
    expect(ran).toEqual(['first'])
    expect(warned).toEqual([{ dropped: 2 }])
    await new Promise((r) => setTimeout(r, 30))
    expect(ran).toEqual(['first'])
  })
})
