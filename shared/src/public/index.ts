export * from './consult'
export * from './dto'
export * from './rules'
export * from './schemas'
