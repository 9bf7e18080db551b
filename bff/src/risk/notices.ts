/** The work notice the risk domain sends itself (the red warning and its escalation are task events: tasks/notices.ts). */
import type { NoticeTemplates } from '../kernel/notice'

export const RISK_NOTICES: NoticeTemplates = {
  risk_watch_review: (d) => ({
    kind: 'form',
    head: '重点关注名单每周复核',
    tone: 'warn',
    status: `${d.total ?? 0} 个对象`,
    form: [
      ['名单对象', `${d.total ?? 0} 个`],
      ['其中红色', `${d.red ?? 0} 个`],
      ['待复核', `${d.due ?? 0} 个`],
    ],
    content: '请逐一复核重点关注的当事人和地址：最近是否联系、是否有新的矛盾，并记录复核情况；平稳满规定天数的可以销号。',
  }),
}
