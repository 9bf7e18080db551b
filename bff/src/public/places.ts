/**
 * The address picker's data (村社 → 小区/道路/村 → 门牌) from intake's gazetteer, and the address a
 * filing sends to intake's cleaning. Only names: which micro-grid a place lies in stays on the server.
 */
import type { FileCaseBody } from '@jqtb/shared'
import type { AppDeps } from '../deps'

const NUMBER_UNIT: Record<string, string> = { road: '号', compound: '幢', village: '组', natural: '组' }

export interface PlaceOption {
  id: string
  name: string
  kind: string
  /** what the number means here: 号 / 幢 / 组, or none */
  unit: string | null
}

export async function communities(deps: AppDeps): Promise<Array<{ code: string; name: string }>> {
  const docs = await deps.db.models.Territory.find({ level: 'community' }, { _id: 1, name: 1, order: 1 }).sort({ order: 1, _id: 1 }).lean()
  return docs.map((d) => ({ code: d._id, name: d.name }))
}

export async function placesOf(deps: AppDeps, community: string): Promise<PlaceOption[]> {
  const docs = await deps.db.models.GazetteerPlace.find({ community }, { _id: 1, name: 1, kind: 1 }).sort({ _id: 1 }).lean()
  return docs
    .filter((d) => d.kind !== 'community')
    .map((d) => ({ id: d._id, name: d.name, kind: d.kind, unit: NUMBER_UNIT[d.kind] ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
}

/** The address for cleaning, and the words the citizen sees back. */
export async function placeText(deps: AppDeps, body: Pick<FileCaseBody, 'community' | 'place' | 'number' | 'addressNote'>) {
  const parts: string[] = []
  if (body.community) {
    const t = await deps.db.models.Territory.findById(body.community, { name: 1 }).lean()
    if (t) parts.push(t.name)
  }
  if (body.place) {
    const p = await deps.db.models.GazetteerPlace.findById(body.place, { name: 1, kind: 1 }).lean()
    if (p) parts.push(`${p.name}${body.number ? `${body.number.replace(/[号幢组]$/, '')}${NUMBER_UNIT[p.kind] ?? ''}` : ''}`)
  }
  const picked = parts.join('')
  const note = body.addressNote?.trim() ?? ''
  const address = [picked, note].filter(Boolean).join(' ') || '（群众未填写地址）'
  return { address, shown: address }
}
