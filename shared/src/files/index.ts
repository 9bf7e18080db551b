export * from './dto'
