/**
 * Writing ledger entries, one correction per line.
 *
 * A line can be corrected two ways: an admin grants an appeal against it (`<entry>:appeal_granted`)
 * and the task is reopened, which reverses its acceptance line by line (`…:reopen_reversal…`). The
 * two have different ids, so the ledger's unique `_id` alone would let both give the points back.
 * Before a correction is written, the line it corrects is claimed in `points_ledger_corrections`
 * (`_id` = the corrected line): the first correction to claim it is written, the other is dropped.
 * A retry of the winner (a crash between claim and entry) finds its own claim and goes on.
 */
import { isDuplicateKey } from '../infra/errors'
import { insertOnce } from '../kernel/insert-once'
import type { LedgerCorrectionDoc, LedgerEntryDoc } from './model'
import type { PointsDeps } from './scoring'

/** Claims `entry.corrects` for `entry`; true when the claim is (or already was) this entry's. */
async function claimCorrection(deps: PointsDeps, entry: LedgerEntryDoc): Promise<boolean> {
  const { LedgerCorrection } = deps.db.models
  try {
    await LedgerCorrection.create({ _id: entry.corrects, correctionId: entry._id, at: entry.at })
    return true
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const holder = await LedgerCorrection.findById(entry.corrects).lean<LedgerCorrectionDoc>()
    return holder?.correctionId === entry._id
  }
}

/** The correction that holds `entryId`, if any. */
export async function correctionHolding(deps: PointsDeps, entryId: string): Promise<string | null> {
  const holder = await deps.db.models.LedgerCorrection.findById(entryId).lean<LedgerCorrectionDoc>()
  return holder?.correctionId ?? null
}

/**
 * Inserts the entries once each (unique `_id`); a correction only if it is the first to correct its
 * line. Returns how many entries were inserted now.
 */
export async function writeEntries(deps: PointsDeps, entries: readonly LedgerEntryDoc[]): Promise<number> {
  const kept: LedgerEntryDoc[] = []
  for (const e of entries) {
    if (!e.corrects) kept.push(e)
    else if (await claimCorrection(deps, e)) kept.push(e)
    else deps.logger?.info({ entryId: e._id, corrects: e.corrects }, 'ledger line already corrected; correction dropped')
  }
  return insertOnce(deps.db.models.LedgerEntry.collection as never, kept)
}
