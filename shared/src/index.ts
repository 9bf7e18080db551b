export * from './errors'
export * from './roles'
export * from './tasks'
export * from './territory'
