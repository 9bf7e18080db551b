import type { TaskView } from '@jqtb/shared/src/tasks/dto'
import Taro from '@tarojs/taro'
import { rulesOverview } from '../../services/points'

let penalties: Promise<{ released: number; claimExpired: number } | null> | null = null

/** What giving a claim up costs under the rules in force (read once per app start; null when unknown). */
function claimPenalties() {
  if (!penalties) {
    penalties = Promise.race([
      rulesOverview().then((o) => o.inForce.rules.penalties),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 4000)),
    ]).catch(() => null)
    void penalties.then((p) => {
      if (!p) penalties = null
    })
  }
  return penalties
}

/**
 * 揭榜 commits the person: giving the task up later, or not starting in time, costs points. One question before
 * the claim says how many (null: the person said no).
 */
export async function confirmClaim(task: TaskView): Promise<boolean> {
  const p = await claimPenalties()
  const cost = p ? `放弃扣 ${p.released} 分，认领后超时未开始处置扣 ${p.claimExpired} 分` : '放弃或认领后超时未开始处置，会按考核规则扣分'
  const res = await Taro.showModal({
    title: task.claimMode === 'team' ? '加入攻坚小组？' : '确认揭榜认领？',
    content: `「${task.title}」认领后请尽快到场处置。${cost}。`,
    confirmText: '确认认领',
    cancelText: '再想想',
    confirmColor: '#0b5ed7',
    cancelColor: '#1f2329',
  })
  return res.confirm
}
