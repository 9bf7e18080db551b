/** Small builders for the OpenAPI response components each domain declares (its `responses`). */
export type Schema = Record<string, unknown>

export const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) })
export const time = (description?: string): Schema => ({ type: 'string', format: 'date-time', ...(description ? { description } : {}) })
export const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] })
export const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) })
export const obj = (properties: Record<string, Schema>, required = Object.keys(properties), extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  required,
  ...extra,
})
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })
export const codeName = obj({ code: str(), name: str() })
