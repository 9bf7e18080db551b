import { defineDomain } from '../kernel/domain'
import { ERROR_SCHEMA } from './components'
import { openapiRoutes } from './routes'

/** GET /api/openapi.json, generated from every domain's described routes and response components. */
export const openapiDomain = defineDomain({ name: 'openapi', routes: openapiRoutes, responses: ERROR_SCHEMA })
