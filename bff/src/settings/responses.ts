/** OpenAPI response components of the settings endpoints. */
import { int, nullable, obj, ref, type Schema, str, time } from '../openapi/schema'

const settingsView = obj(
  {
    version: int(),
    settings: { type: 'object', additionalProperties: true },
    updatedAt: nullable(time()),
    updatedBy: nullable(obj({ id: str(), name: str() })),
  },
  ['version', 'settings', 'updatedAt', 'updatedBy'],
)

export const SETTINGS_RESPONSES: Record<string, Schema> = {
  TaskSettingsView: settingsView,
  TaskSettingsHistory: obj({ items: { type: 'array', items: ref('TaskSettingsView') } }),
}
