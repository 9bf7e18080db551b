import { freshReader } from './fresh-read'

/** A read that ends when the test says so, numbered in the order begun. */
function controlledReads() {
  const ends: Array<(v: number) => void> = []
  const read = freshReader(async (_db: object) => new Promise<number>((resolve) => ends.push(() => resolve(ends.length))))
  return { read, ends, begun: () => ends.length }
}

describe('freshReader', () => {
  it('a burst costs two reads: the one begun by the first caller, and one shared by all who came during it', async () => {
    const { read, ends, begun } = controlledReads()
    const db = {}
    const first = read(db)
    const rest = Promise.all(Array.from({ length: 50 }, () => read(db)))
    expect(begun()).toBe(1)
    ends[0](0)
    await first
    await new Promise((r) => setImmediate(r))
    expect(begun()).toBe(2)
    ends[1](0)
    expect(new Set(await rest).size).toBe(1)
    expect(begun()).toBe(2)
  })

  it('a caller arriving while a read is on its way gets the next read, begun after it arrived', async () => {
    const { read, ends, begun } = controlledReads()
    const db = {}
    const early = read(db)
    const late1 = read(db)
    const late2 = read(db)
    expect(begun()).toBe(1)
    ends[0](0)
    await early
    await new Promise((r) => setImmediate(r))
    expect(begun()).toBe(2) // one more read for both late callers
    ends[1](0)
    expect(await late1).toBe(await late2)
    expect(begun()).toBe(2)
  })

  it('a failed read fails its callers only; the next caller reads again', async () => {
    let n = 0
    const read = freshReader(async (_db: object) => {
      n++
      if (n === 1) throw new Error('down')
      return n
    })
    const db = {}
    await expect(read(db)).rejects.toThrow('down')
    await expect(read(db)).resolves.toBe(2)
  })

  it('keeps databases apart', async () => {
    const { read, begun, ends } = controlledReads()
    const both = Promise.all([read({}), read({})])
    expect(begun()).toBe(2)
    for (const end of ends) end(0)
    await both
  })
})
