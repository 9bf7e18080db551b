import type { BackupProgress } from '../platform/backup'

/** One line per collection when it is done, and at most one a second while a big one is under way. */
export function progressPrinter(out: NodeJS.WritableStream = process.stdout): BackupProgress {
  let last = 0
  return ({ stage, name, done, total }) => {
    const finished = done >= total
    if (!finished && Date.now() - last < 1000) return
    last = Date.now()
    out.write(`  ${stage === 'files' ? 'photos' : name.padEnd(28)} ${done}${finished ? '' : ` / ${total}`}\n`)
  }
}
