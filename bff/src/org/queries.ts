/** Reading what the address-book sync left for an admin: the newcomers nobody has added yet. */
import type { NewcomersView, OrgSyncReport } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { identityPrefix } from './commands'

/** The newcomers of the latest sync that nobody has added since (the 「通讯录新成员」 page). */
export async function pendingNewcomers(deps: AppDeps): Promise<NewcomersView> {
  const { OrgSyncRun, UserIdentity } = deps.db.models
  const run = await OrgSyncRun.findOne({}).sort({ at: -1, _id: -1 }).lean()
  if (!run) return { run: null, items: [] }
  const report = run.report as unknown as OrgSyncReport
  const prefix = identityPrefix(report.provider)
  const keys = (report.newcomers ?? []).map((n) => `${prefix}${n.externalId}`)
  const added = new Set((await UserIdentity.find({ _id: { $in: keys } }, { _id: 1 }).lean()).map((l) => l._id))
  return {
    run: { at: new Date(run.at).toISOString(), provider: report.provider, by: run.by.name },
    items: (report.newcomers ?? []).filter((n) => !added.has(`${prefix}${n.externalId}`)).map((n) => ({ ...n, provider: report.provider })),
  }
}
