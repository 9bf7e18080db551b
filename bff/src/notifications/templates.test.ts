import { parseWorkMessage } from '../../../simulator/src/messages'
import { allNotices } from '../compose'
import { loadConfig } from '../config'
import { h5Link, messageLinks, normalisePage } from './links'
import { MAX_MESSAGE_BYTES, renderMessage } from './templates'

const NOTICES = allNotices()
const TEMPLATES = Object.keys(NOTICES)

const queuedAt = new Date('2026-11-27T01:05:03Z')
const links = { mobile: 'eapp://pages/task/index?id=T20261127-0001', pc: 'dingtalk://dingtalkclient/page/link?url=x&pc_slide=true' }
const full = {
  taskNo: 'T20261127-0001',
  title: '新城社区楼道堆物引发邻里纠纷',
  department: '古塘派出所',
  signDeadline: '2026-11-27T09:00:00Z',
  count: 3,
  titles: '楼道堆物纠纷\n噪音扰民\n欠薪投诉',
  expiresAt: '2026-11-28T01:00:00Z',
  reason: '现场照片不清晰，请补拍',
  dueAt: '2026-11-30T09:00:00Z',
  name: '王丽',
}
const render = (template: string, data: Record<string, string | number> = full, key = `k:${template}`, at = queuedAt) =>
  renderMessage({ template, data, key, queuedAt: at, links }, NOTICES)

describe('notification templates', () => {
  it.each(TEMPLATES)('%s renders a valid message the platform accepts, in Chinese, linking into the app', (template) => {
    const msg = render(template)
    expect(parseWorkMessage(msg)).toEqual({ msg })
    const json = JSON.stringify(msg)
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES)
    expect(json).toContain(links.mobile)
    expect(json).toMatch(/[\u4e00-\u9fa5]/)
    if (template !== 'test') expect(json).toContain('T20261127-0001')
  })

  it.each(TEMPLATES)('%s tolerates missing data keys (nothing shows "undefined")', (template) => {
    const msg = render(template, {})
    expect(parseWorkMessage(msg)).toEqual({ msg })
    expect(JSON.stringify(msg)).not.toMatch(/undefined|NaN|null/)
  })

  it('shows times in China time', () => {
    expect(JSON.stringify(render('task_routed'))).toContain('2026-11-27 17:00') // 09:00Z
    expect(JSON.stringify(render('task_routed'))).toContain('2026-11-27 09:05:03') // queued at, 01:05:03Z
  })

  it('is deterministic for one notice, and different for a second notice (so same-day dedup cannot swallow it)', () => {
    expect(JSON.stringify(render('task_reminder'))).toBe(JSON.stringify(render('task_reminder')))
    expect(JSON.stringify(render('task_reminder', full, 'reminder-1'))).not.toBe(JSON.stringify(render('task_reminder', full, 'reminder-2')))
    const later = new Date(queuedAt.getTime() + 3600_000)
    expect(JSON.stringify(render('task_reminder', full, 'k', queuedAt))).not.toBe(JSON.stringify(render('task_reminder', full, 'k', later)))
  })

  it('keeps a long batch of new tasks under 2048 bytes by listing fewer titles', () => {
    const titles = Array.from({ length: 60 }, (_, i) => `第${i + 1}号纠纷：某小区业主与物业因停车位收费问题发生争执`).join('\n')
    const msg = render('task_published', { count: 60, titles, taskNo: 'T20261127-0100' })
    expect(Buffer.byteLength(JSON.stringify(msg))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES)
    expect(JSON.stringify(msg)).toContain('等 60 个')
  })

  it('appeal_decided says 维持 or 已更正, the points and the admin’s note', () => {
    const base = { taskNo: 'JQ20261127-0003', delta: -2, entryReason: '认领后放弃 邻里纠纷（JQ20261127-0003）−2', note: '经核实确系临时抽调', by: '钱晓' }
    const granted = JSON.stringify(render('appeal_decided', { ...base, decision: '已更正' }))
    expect(granted).toContain('申诉成立，已更正')
    expect(granted).toContain('+2（冲正原扣分 −2）')
    expect(granted).toContain('经核实确系临时抽调')
    const upheld = JSON.stringify(render('appeal_decided', { ...base, decision: '维持', note: '未见抽调通知' }))
    expect(upheld).toContain('维持原扣分')
    expect(upheld).toContain('不变（原扣分 −2）')
    expect(upheld).toContain('未见抽调通知')
  })

  it('refuses an unknown template', () => {
    expect(() => render('no_such_template')).toThrow(/unknown notification template/)
  })
})

describe('message links', () => {
  const config = loadConfig({
    MONGODB_URI: 'mongodb://x',
    PUBLIC_URL: 'https://jqtb.example.gov.cn/app',
    JWT_SECRET: 'a'.repeat(40),
    PII_KEY: 'b'.repeat(40),
  })

  it('DingTalk: the mini-program page (eapp://, values URL-encoded), the H5 page in the PC side panel', () => {
    expect(normalisePage('/pages/task/index?id=T 1&tab=进展')).toBe('pages/task/index?id=T+1&tab=%E8%BF%9B%E5%B1%95')
    const { mobile, pc } = messageLinks(config, 'dingtalk', 'pages/task/index?id=T1')
    expect(mobile).toBe('eapp://pages/task/index?id=T1')
    expect(pc).toBe(`dingtalk://dingtalkclient/page/link?url=${encodeURIComponent('https://jqtb.example.gov.cn/app/#/pages/task/index?id=T1')}&pc_slide=true`)
  })

  it('浙政钉: the H5 page under PUBLIC_URL (hash route)', () => {
    expect(messageLinks(config, 'zhezhengding', 'pages/task/index?id=T1')).toEqual({
      mobile: 'https://jqtb.example.gov.cn/app/#/pages/task/index?id=T1',
      pc: 'https://jqtb.example.gov.cn/app/#/pages/task/index?id=T1',
    })
    expect(h5Link(config, undefined)).toBe('https://jqtb.example.gov.cn/app/#/pages/index/index')
  })
})
