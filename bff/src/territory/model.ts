import { TERRITORY_LEVELS, type TerritoryNode } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'

/** A node of the territory tree as stored: the code is the `_id`. */
export type TerritoryDoc = Omit<TerritoryNode, 'code'> & { _id: string }

export interface DepartmentDoc {
  _id: string
  name: string
  domains: string[]
  order: number
}

const territorySchema = new Schema<TerritoryDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    fullName: { type: String, required: true },
    level: { type: String, enum: TERRITORY_LEVELS, required: true },
    parent: { type: String },
    ancestors: { type: [String], default: [] },
    dedicated: { type: Boolean },
    order: { type: Number, required: true },
  },
  { versionKey: false, collection: 'territories' },
)
territorySchema.index({ ancestors: 1 })
territorySchema.index({ parent: 1, order: 1, _id: 1 })

const departmentSchema = new Schema<DepartmentDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    domains: { type: [String], default: [] },
    order: { type: Number, required: true },
  },
  { versionKey: false, collection: 'departments' },
)

export function territoryModels(conn: Connection) {
  return {
    Territory: conn.model<TerritoryDoc>('Territory', territorySchema),
    Department: conn.model<DepartmentDoc>('Department', departmentSchema),
  }
}
