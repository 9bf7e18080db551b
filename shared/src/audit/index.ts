export * from './dto'
export * from './kinds'
export * from './schemas'
