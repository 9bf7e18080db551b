import { checkLocation, distanceMeters, territoryGeofence } from './geofence'

describe('territory geofences (derived from the code alone)', () => {
  it('are deterministic and nest: a grid centre lies inside its community, a micro-grid inside its grid', () => {
    expect(territoryGeofence('GT-01-03')).toEqual(territoryGeofence('GT-01-03'))
    for (const [child, parent] of [
      ['GT-01', 'GT'],
      ['GT-16', 'GT'],
      ['GT-01-07', 'GT-01'],
      ['GT-05-Z1', 'GT-05'],
      ['GT-01-03-06', 'GT-01-03'],
    ]) {
      const c = territoryGeofence(child)
      const p = territoryGeofence(parent)
      expect(distanceMeters(c, p)).toBeLessThan(p.radiusM)
      expect(c.radiusM).toBeLessThan(p.radiusM)
    }
  })

  it('different grids have different centres', () => {
    const a = territoryGeofence('GT-01-01')
    const b = territoryGeofence('GT-01-02')
    expect(distanceMeters(a, b)).toBeGreaterThan(100)
  })

  it('flags a position farther than radius + accuracy, keeps one within it', () => {
    const g = territoryGeofence('GT-01-01')
    expect(checkLocation('GT-01-01', { lat: g.lat, lng: g.lng, accuracy: 10 })).toEqual({ distanceM: 0, outside: false })
    const far = territoryGeofence('GT-16-01')
    const r = checkLocation('GT-01-01', { lat: far.lat, lng: far.lng, accuracy: 30 })
    expect(r.outside).toBe(true)
    expect(r.distanceM).toBeGreaterThan(1000)
    // a poor GPS fix (accuracy 5 km) is given the benefit of the doubt
    expect(checkLocation('GT-01-01', { lat: far.lat, lng: far.lng, accuracy: 10_000 }).outside).toBe(false)
  })
})
