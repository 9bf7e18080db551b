/**
 * Task numbers people can read and say on the phone: `JQ20261127-0001` (date in China time, then
 * the day's running number). Allocated with the counter-slot insert (docs/database.md#counters): insert
 * `<day>-<n>`; on a duplicate key someone else has n, try the next. Never a `$inc` counter.
 */
import { AppError, isDuplicateKey } from '../infra/errors'
import type { TaskDeps } from './log'
import { cstDay } from './time'

const MAX_ATTEMPTS = 200
const lastIssued = new Map<string, number>()

export async function allocateTaskNumber(deps: TaskDeps): Promise<string> {
  const { TaskNumber } = deps.db.models
  const now = deps.clock.now()
  const day = `JQ${cstDay(now.getTime())}`
  const highest = async () => (await TaskNumber.findOne({ day }, { n: 1 }).sort({ n: -1 }).lean())?.n ?? 0
  // the number this process gave out last is a good first guess (the query is a scan on FerretDB);
  // a wrong guess only costs a duplicate-key answer and then the query
  const hint = lastIssued.get(day)
  let n = hint !== undefined ? hint + 1 : (await highest()) + 1
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const id = `${day}-${String(n).padStart(4, '0')}`
    try {
      await TaskNumber.collection.insertOne({ _id: id, day, n, at: now } as never)
      lastIssued.set(day, Math.max(n, lastIssued.get(day) ?? 0))
      return id
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // someone took n: continue after the highest number taken so far (no gaps, no $inc)
      n = Math.max(n + 1, (await highest()) + 1)
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(20, attempt)))
    }
  }
  throw new AppError('CONFLICT', '工单编号分配繁忙，请稍后重试')
}
