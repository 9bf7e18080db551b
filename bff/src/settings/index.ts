import { defineDomain } from '../kernel/domain'
import { settingsModels } from './model'
import { SETTINGS_RESPONSES } from './responses'
import { settingsRoutes } from './routes'

/** Admin-editable task settings (时限、提醒、认领上限…), versioned. */
export const settingsDomain = defineDomain({ name: 'settings', models: settingsModels, routes: settingsRoutes, responses: SETTINGS_RESPONSES })
