export * from './dto'
export * from './schemas'
