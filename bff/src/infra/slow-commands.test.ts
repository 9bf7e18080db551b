import { describeCommand, shapeOf } from './slow-commands'

describe('shapeOf', () => {
  it('keeps field names and operators and hides every value', () => {
    expect(shapeOf({ status: 'open', at: { $gte: new Date() }, tags: { $in: ['a', 'b'] } })).toEqual({
      status: '?',
      at: { $gte: '?' },
      tags: { $in: ['?'] },
    })
    expect(shapeOf({ $or: [{ a: 1 }, { b: 2 }] })).toEqual({ $or: [{ a: '?' }] })
    expect(shapeOf([])).toEqual([])
  })
  it('stops at a depth instead of following a deep document', () => {
    let deep: Record<string, unknown> = { v: 1 }
    for (let i = 0; i < 20; i++) deep = { d: deep }
    expect(JSON.stringify(shapeOf(deep))).toContain('…')
  })
})

describe('describeCommand', () => {
  it('finds the filter of each kind of command', () => {
    expect(describeCommand('find', { find: 'tasks', filter: { active: true }, sort: { at: 1 }, limit: 3 })).toEqual({
      command: 'find',
      collection: 'tasks',
      filter: { active: '?' },
      sort: { at: 1 },
      limit: 3,
    })
    expect(describeCommand('update', { update: 'tasks', updates: [{ q: { _id: 'x' }, u: { $set: { a: 1 } } }] }).filter).toEqual({ _id: '?' })
    expect(describeCommand('delete', { delete: 'leases', deletes: [{ q: { _id: 'x' }, limit: 1 }] }).filter).toEqual({ _id: '?' })
    expect(describeCommand('count', { count: 'leads', query: { at: { $lt: 1 } } }).filter).toEqual({ at: { $lt: '?' } })
    expect(describeCommand('aggregate', { aggregate: 'leads', pipeline: [{ $match: { k: 'v' } }] }).pipeline).toEqual([{ $match: { k: '?' } }])
    expect(describeCommand('ping', { ping: 1 })).toEqual({ command: 'ping', collection: undefined })
    expect(describeCommand('getMore', { getMore: 12345, collection: 'lead_events' }).collection).toBe('lead_events')
  })
})
