export * from './dto'
export * from './tree'
