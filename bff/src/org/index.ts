import { defineDomain } from '../kernel/domain'
import { orgModels } from './model'
import { orgRoutes } from './routes'

/** The platform's address book: org sync and the signed event push (通讯录同步, 事件订阅). */
export const orgDomain = defineDomain({ name: 'org', models: orgModels, routes: orgRoutes })
