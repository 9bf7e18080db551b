import { defineDomain } from '../kernel/domain'
import { territoryModels } from './model'
import { territoryRoutes } from './routes'
import { seedTerritory } from './seed'

/** 属地: the street's territory tree (街道 → 村社区 → 网格 → 微网格) and the departments. */
export const territoryDomain = defineDomain({ name: 'territory', models: territoryModels, routes: territoryRoutes, seed: seedTerritory })
