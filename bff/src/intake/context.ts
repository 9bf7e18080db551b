/**
 * What cleaning needs for a channel — its profile, the taxonomy, the gazetteer's address index — read
 * from the database (defaults where nothing was saved) and cached per process: an import cleans
 * thousands of rows with the same context. A saved change is seen within a few seconds.
 */
import { buildTaxonomy, type ChannelCode, type ChannelProfile, DEFAULT_TAXONOMY, defaultProfile, type Taxonomy, type TaxonomyNode } from '@jqtb/shared'
import type { Gazetteer, GazetteerPlace } from '@jqtb/shared/src/intake/address/gazetteer'
import { type AddressIndex, indexGazetteer } from '@jqtb/shared/src/intake/address/match'
import type { CleanContext } from '@jqtb/shared/src/intake/clean/record'
import type { Db } from '../infra/db'
import { latestConfig } from './config'

const GAZETTEER_CACHE_MS = 60_000
const cache = new WeakMap<Db, { at: number; index: AddressIndex; street: string }>()

export const profileKind = (channel: ChannelCode) => `profile:${channel}`
export const TAXONOMY_KIND = 'taxonomy'

export async function profileOf(db: Db, channel: ChannelCode): Promise<{ profile: ChannelProfile; version: number }> {
  const doc = await latestConfig(db, profileKind(channel))
  if (!doc) return { profile: defaultProfile(channel), version: 0 }
  return { profile: { ...defaultProfile(channel), ...(doc.value as Partial<ChannelProfile>), channel }, version: doc.version }
}

/** The shipped taxonomy plus what admins added. */
export async function taxonomyOf(db: Db): Promise<{ taxonomy: Taxonomy; version: number }> {
  const doc = await latestConfig(db, TAXONOMY_KIND)
  const added = ((doc?.value as { added?: TaxonomyNode[] } | undefined)?.added ?? []).map((n) => ({ ...n, custom: true }))
  return { taxonomy: buildTaxonomy([...DEFAULT_TAXONOMY, ...added]), version: doc?.version ?? 0 }
}

export async function addressIndexOf(db: Db): Promise<AddressIndex> {
  const hit = cache.get(db)
  if (hit && performance.now() - hit.at < GAZETTEER_CACHE_MS) return hit.index
  const places = await db.models.GazetteerPlace.find({}).sort({ _id: 1 }).lean()
  const street = (await db.models.Territory.findOne({ level: 'street' }).sort({ order: 1, _id: 1 }).lean())?._id ?? ''
  const gazetteer: Gazetteer = {
    street,
    prefixes: [],
    places: places.map(({ _id, ...p }) => ({ id: _id, ...p }) as GazetteerPlace),
  }
  const index = indexGazetteer(gazetteer)
  cache.set(db, { at: performance.now(), index, street })
  return index
}

/** Forget the cached gazetteer (after the seed or an admin loads a new one). */
export const forgetGazetteer = (db: Db) => cache.delete(db)

export async function cleanContext(db: Db, channel: ChannelCode, now: Date): Promise<CleanContext> {
  const [{ profile }, { taxonomy }, addresses] = await Promise.all([profileOf(db, channel), taxonomyOf(db), addressIndexOf(db)])
  return { channel, profile, taxonomy, addresses, now }
}

const namesCache = new WeakMap<Db, { at: number; names: Map<string, string> }>()

/** Every territory's full name by code (新城社区第1网格第2微网格), cached like the gazetteer. */
export async function territoryNames(db: Db): Promise<Map<string, string>> {
  const hit = namesCache.get(db)
  if (hit && performance.now() - hit.at < GAZETTEER_CACHE_MS) return hit.names
  const docs = await db.models.Territory.find({}, { fullName: 1 }).lean()
  const names = new Map(docs.map((d) => [d._id, d.fullName]))
  namesCache.set(db, { at: performance.now(), names })
  return names
}
