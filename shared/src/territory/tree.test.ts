import { ancestorsOf, territoryContains } from './tree'

describe('territory codes', () => {
  it('derives ancestors from the code', () => {
    expect(ancestorsOf('GT')).toEqual([])
    expect(ancestorsOf('GT-01')).toEqual(['GT'])
    expect(ancestorsOf('GT-01-03-04')).toEqual(['GT', 'GT-01', 'GT-01-03'])
  })

  it('a scope contains itself and everything below it, nothing beside it', () => {
    const micro = { code: 'GT-01-03-04', ancestors: ancestorsOf('GT-01-03-04') }
    expect(territoryContains('GT', micro)).toBe(true)
    expect(territoryContains('GT-01', micro)).toBe(true)
    expect(territoryContains('GT-01-03', micro)).toBe(true)
    expect(territoryContains('GT-01-03-04', micro)).toBe(true)
    expect(territoryContains('GT-01-02', micro)).toBe(false)
    expect(territoryContains('GT-02', micro)).toBe(false)
    // a code that merely starts with the same characters is not inside
    expect(territoryContains('GT-01-0', micro)).toBe(false)
  })
})
