/** The work notices (工作通知) and SMS of 多元化解队伍; reconcile.ts decides who gets which, once. */
import { type NoticeTemplates, shown } from '../kernel/notice'
import type { SmsTemplates } from '../sms/templates'

export const MEDIATION_NOTICES: NoticeTemplates = {
  mediation_invite: (d) => ({
    kind: 'form',
    head: '攻坚小组邀请',
    tone: d.riskColour === 'red' ? 'danger' : 'info',
    status: '待答复',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['纠纷类型', shown(d.category)],
      ['属地', shown(d.territory)],
      ['您的席位', shown(d.slot)],
      ['邀请人', shown(d.by)],
    ],
    content: `${shown(d.by) ?? '社治中心'}邀请您加入攻坚小组${d.why ? `（${shown(d.why, 80)}）` : ''}。请打开查看，接受或婉拒。`,
  }),
  mediation_declined: (d) => ({
    kind: 'form',
    head: '攻坚小组成员婉拒',
    tone: 'warn',
    status: '待替补',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['婉拒成员', shown(d.member)],
      ['原因', shown(d.reason, 80)],
      ['推荐替补', shown(d.replacement)],
    ],
    content: `${shown(d.member) ?? '一名成员'}婉拒了邀请。${d.replacement ? `系统推荐${shown(d.replacement)}替补（${shown(d.replacementWhy, 60) ?? ''}），` : ''}请打开攻坚小组确认替补人选。`,
  }),
  mediation_member_left: (d) => ({
    kind: 'form',
    head: '攻坚小组成员退出',
    tone: 'warn',
    status: '待替补',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['退出成员', shown(d.member)],
      ['原因', shown(d.reason, 80)],
    ],
    content: '该成员已放弃承办。请打开攻坚小组邀请替补人选。',
  }),
  mediation_team_ready: (d) => ({
    kind: 'form',
    head: '攻坚小组已组齐',
    tone: 'ok',
    status: '调解中',
    form: [
      ['工单编号', shown(d.taskNo)],
      ['成员', shown(d.members, 120)],
    ],
    content: '全部成员已接受邀请，工单已指派给小组成员。请安排调解并填写调解记录。',
  }),
}

/** The SMS an external mediator gets (register exactly this text with the SMS provider: docs/sms.md). */
export const MEDIATION_SMS: SmsTemplates = {
  mediation_invite: {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the provider's placeholder syntax, not a JS template
    text: '${name}您好，${unit}邀请您参加${category}调解（${taskNo}），请打开 ${link} 确认是否参加。',
    vars: ['name', 'unit', 'category', 'taskNo', 'link'],
  },
}
