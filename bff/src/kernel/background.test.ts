import { answeringRequest, inDeferredWork, later, settleDeferred, stopDeferred } from './background'

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

  it('yields while the process is busy (two or more requests at once): it runs at a quieter moment, or after a second under a steady load', async () => {
    const owner = { db: {} }
    const ran: string[] = []
    // one request at a time is no load
    const alone = answeringRequest()
    later(owner, 'alone', async () => void ran.push('alone'))
    await new Promise((r) => setTimeout(r, 30))
    expect(ran).toEqual(['alone'])
    const second = answeringRequest()
    later(owner, 'view', async () => void ran.push('view'))
    await new Promise((r) => setTimeout(r, 100))
    expect(ran).toEqual(['alone'])
    second()
    await new Promise((r) => setTimeout(r, 20))
    expect(ran).toEqual(['alone', 'view'])

    // a load that never pauses: still one job a second
    const busy = answeringRequest()
    const t = Date.now()
    later(owner, 'under-load', async () => void ran.push('under-load'))
    while (!ran.includes('under-load')) await new Promise((r) => setTimeout(r, 20))
    expect(Date.now() - t).toBeGreaterThanOrEqual(900)
    busy()
    alone()
  })

  it('does not yield while someone waits for it (a rebuild inside a request settles the views at once)', async () => {
    const owner = { db: {} }
    const ran: string[] = []
    const ended = [answeringRequest(), answeringRequest()]
    for (const k of ['a', 'b', 'c']) later(owner, k, async () => void ran.push(k))
    const t = Date.now()
    await settleDeferred(owner.db)
    expect(ran).toEqual(['a', 'b', 'c'])
    expect(Date.now() - t).toBeLessThan(500)
    for (const end of ended) end()
  })
})
