import { defineDomain } from '../kernel/domain'
import { healthRoutes } from './routes'

/** /healthz and /readyz for supervisors and load balancers. */
export const healthDomain = defineDomain({ name: 'health', routes: healthRoutes })
