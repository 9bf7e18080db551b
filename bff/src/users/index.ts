import { defineDomain } from '../kernel/domain'
import { userModels } from './model'
import { userRoutes } from './routes'
import { seedUsers } from './seed'

/** 人员管理: people, their platform accounts, roles, territory and departures. */
export const usersDomain = defineDomain({ name: 'users', models: userModels, routes: userRoutes, seed: seedUsers })
