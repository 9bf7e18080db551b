/** The work notices the points domain sends (工作通知). */
import { type NoticeTemplates, shown } from '../kernel/notice'

export const POINTS_NOTICES: NoticeTemplates = {
  appeal_decided: (d) => {
    const granted = d.decision === '已更正'
    const deducted = Number(d.delta)
    const points = Number.isFinite(deducted) && deducted !== 0 ? Math.abs(deducted) : undefined
    return {
      kind: 'form',
      head: '积分申诉已处理',
      tone: granted ? 'ok' : 'muted',
      status: granted ? '已更正' : '维持',
      form: [
        ['工单编号', shown(d.taskNo)],
        ['处理结果', granted ? '申诉成立，已更正' : '维持原扣分'],
        ['积分变动', points === undefined ? undefined : granted ? `+${points}（冲正原扣分 −${points}）` : `不变（原扣分 −${points}）`],
        ['原扣分事由', shown(d.entryReason, 120)],
        ['处理意见', shown(d.note, 120)],
        ['处理人', shown(d.by)],
      ],
      content: granted ? '您的积分申诉已成立，扣减的积分已退回，可在「我的积分」查看明细。' : '经核实，维持原扣分。如仍有异议，请联系社治中心。',
    }
  },
}
