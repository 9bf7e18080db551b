import { randomBytes } from 'node:crypto'
import os from 'node:os'

/** This process among the BFF instances sharing a database: host, pid and a random part (pids repeat across hosts and restarts). */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
