/**
 * Which task a citizen's case follows, decided once by insert (docs/database.md#unique-keys):
 * `public_case_tasks` `_id` = the case code → the first task linked to it, whether the task names the
 * code as its `sourceRef` (the desk accepted it, or the lead the citizen's record founded was converted)
 * or the lead the record joined became a task (docs/public.md#following-a-lead). The task side of a
 * lead-made link is a slot `<taskId>#<n>` in `public_task_cases`, so each task event finds its cases
 * with point reads by `_id` — one read that finds nothing for the tasks of no citizen.
 */
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import type { CaseTaskDoc, PublicCaseDoc, TaskCaseSlotDoc } from './model'

const MAX_SLOTS = 99
const slotId = (taskId: string, n: number) => `${taskId}#${String(n).padStart(2, '0')}`

/**
 * Links a case to a task unless it follows another one already; answers the task it follows (null: no
 * such case). Idempotent; of two links at once the first insert wins and both answer its task.
 */
export async function linkCaseToTask(deps: AppDeps, code: string, taskId: string, how: { via: CaseTaskDoc['via']; leadId?: string }): Promise<string | null> {
  const { PublicCase, PublicCaseTask } = deps.db.models
  const known = await PublicCaseTask.findById(code).lean<CaseTaskDoc>()
  let winner = known?.taskId
  if (!winner) {
    const c = await PublicCase.findById(code, { taskId: 1 }).lean<PublicCaseDoc>()
    if (!c) return null
    // a case whose desk task was noted before these links existed keeps that task (the cache alone is no
    // proof: a write racing an unlink may have put an old task back into it)
    const legacy = c.taskId ? await deps.db.models.Task.findById(c.taskId, { sourceRef: 1 }).lean<{ sourceRef?: string }>() : null
    const first = legacy?.sourceRef === code && c.taskId ? c.taskId : taskId
    const doc: CaseTaskDoc = {
      _id: code,
      taskId: first,
      via: first === taskId ? how.via : 'sourceRef',
      ...(how.leadId && first === taskId ? { leadId: how.leadId } : {}),
      at: deps.clock.now(),
    }
    try {
      await PublicCaseTask.collection.insertOne(doc as never)
      winner = doc.taskId
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      winner = (await PublicCaseTask.findById(code).lean<CaseTaskDoc>())?.taskId ?? doc.taskId
    }
    if (c.taskId !== winner) await PublicCase.updateOne({ _id: code }, { $set: { taskId: winner } })
  }
  if (winner === taskId && how.via === 'lead') await addSlot(deps, taskId, code)
  return winner
}

/** Puts the code in the first free slot of the task, unless a slot holds it already (slots never change). */
async function addSlot(deps: AppDeps, taskId: string, code: string): Promise<void> {
  const { PublicTaskCase } = deps.db.models
  for (let n = 1; n <= MAX_SLOTS; n++) {
    const slot = await PublicTaskCase.findById(slotId(taskId, n)).lean<TaskCaseSlotDoc>()
    if (slot) {
      if (slot.code === code) return
      continue
    }
    try {
      await PublicTaskCase.collection.insertOne({ _id: slotId(taskId, n), code } as never)
      return
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      n-- // someone filled it a moment ago: read it again
    }
  }
  throw new Error(`task ${taskId} carries more than ${MAX_SLOTS} citizens' cases`)
}

/** The codes linked to a task through its lead, in the order they were linked. */
export async function linkedCodes(deps: AppDeps, taskId: string): Promise<string[]> {
  const out: string[] = []
  for (let n = 1; n <= MAX_SLOTS; n++) {
    const slot = await deps.db.models.PublicTaskCase.findById(slotId(taskId, n)).lean<TaskCaseSlotDoc>()
    if (!slot) break
    out.push(slot.code)
  }
  return out
}
