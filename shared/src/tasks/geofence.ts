/**
 * Where a territory is, roughly. The seed has no boundaries, so every territory gets a deterministic
 * centre and radius derived from its code alone: communities on a 4×4 lattice around the street's
 * centre, grids on a ring inside their community, micro-grids on a ring inside their grid. A progress
 * record whose location is farther from its task's territory than radius + reported accuracy is kept
 * but flagged (现场核验). Replace `territoryGeofence` when real boundaries arrive.
 */

export interface Geofence {
  lat: number
  lng: number
  radiusM: number
}

/** 古塘街道, 慈溪 (approximate). */
const STREET_CENTRE = { lat: 30.1697, lng: 121.2447 }
const RADIUS_BY_DEPTH = [5000, 900, 330, 120]
const M_PER_DEG_LAT = 111_320

function shift(p: { lat: number; lng: number }, eastM: number, northM: number) {
  return { lat: p.lat + northM / M_PER_DEG_LAT, lng: p.lng + eastM / (M_PER_DEG_LAT * Math.cos((p.lat * Math.PI) / 180)) }
}

/** "07" → 7, "Z2" → 8 + 2 (dedicated grids after the ordinary ones). */
function segmentIndex(seg: string): number {
  const n = Number.parseInt(seg.replace(/^Z/, ''), 10) || 0
  return seg.startsWith('Z') ? 8 + n : n
}

export function territoryGeofence(code: string): Geofence {
  const segs = code.split('-').slice(1)
  let p = STREET_CENTRE
  segs.forEach((seg, depth) => {
    const i = segmentIndex(seg)
    if (depth === 0) {
      const col = (i - 1) % 4
      const row = Math.floor((i - 1) / 4)
      p = shift(p, (col - 1.5) * 1800, (1.5 - row) * 1800)
    } else {
      const ring = depth === 1 ? 520 : 160
      const slots = depth === 1 ? 11 : 6
      const angle = ((i - 1) * 2 * Math.PI) / slots
      p = shift(p, ring * Math.cos(angle), ring * Math.sin(angle))
    }
  })
  return { ...p, radiusM: RADIUS_BY_DEPTH[Math.min(segs.length, RADIUS_BY_DEPTH.length - 1)] }
}

/** Great-circle distance in metres. */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000
  const rad = (d: number) => (d * Math.PI) / 180
  const dLat = rad(b.lat - a.lat)
  const dLng = rad(b.lng - a.lng)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Is a reported position (with its accuracy radius) plausibly inside the territory? */
export function checkLocation(territory: string, at: { lat: number; lng: number; accuracy: number }): { distanceM: number; outside: boolean } {
  const fence = territoryGeofence(territory)
  const distanceM = Math.round(distanceMeters(fence, at))
  return { distanceM, outside: distanceM > fence.radiusM + at.accuracy }
}
