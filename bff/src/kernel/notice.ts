/**
 * Work notices (工作通知) as domains declare them. A domain lists its templates in its module
 * (`templates` in kernel/domain.ts); the notifications domain renders them into the platform's
 * message format (notifications/templates.ts) and sends them through the outbox. A template says
 * what the notice shows, from the data its domain queued; it never knows about DingTalk's formats.
 */

export type NoticeData = Record<string, string | number | undefined>

export type NoticeTone = 'info' | 'warn' | 'danger' | 'ok' | 'muted'

/** The usual notice: a heading, a coloured status, a few labelled lines and a sentence of what to do. */
export interface FormNotice {
  kind: 'form'
  head: string
  tone: NoticeTone
  status?: string
  /** label → value; an undefined value leaves the line out */
  form: Array<[string, string | undefined]>
  content: string
}

/** A card with a list of lines and one button (e.g. a batch of new tasks). */
export interface CardNotice {
  kind: 'card'
  title: string
  lines: string[]
  button: string
}

/**
 * One kind of notice. `maxLines` shrinks when the rendered message would be over the platform's
 * size limit: a template with a long list shows fewer of its items.
 */
export type NoticeTemplate = (data: NoticeData, maxLines: number) => FormNotice | CardNotice

export type NoticeTemplates = Record<string, NoticeTemplate>

/** A queued notice as the outbox is about to send it. */
export interface QueuedNotice {
  key: string
  template: string
  recipients: readonly string[]
  data: NoticeData
  /** what it is about, as the queuing domain named it (a task id) */
  subject?: string
  queuedAt: Date
}

/**
 * What the domain that declares a template says about its queued notices: a time-sensitive notice is retried
 * at most `maxRetryDelayMs` apart, and `staleReason` tells, before each attempt, whether its moment has passed
 * (the task moved on): the outbox then drops it instead of sending it late and records the reason.
 */
export interface NoticeRelevance {
  maxRetryDelayMs?: number
  staleReason?(notice: QueuedNotice): Promise<string | null>
}

export type NoticeRelevanceMap = Record<string, NoticeRelevance>

/** 2026-11-27 09:05:03 in China time, whatever the server's time zone. */
export function chinaTime(at: Date | string | number): string {
  const d = new Date(at)
  if (Number.isNaN(d.getTime())) return String(at)
  return new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19)
}

export const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s)

/** A value worth showing, or undefined (missing data keys are left out, never shown as "undefined"). */
export function shown(v: string | number | undefined, max = 60): string | undefined {
  if (v === undefined || v === null || String(v).trim() === '') return undefined
  return shorten(String(v).trim(), max)
}

/** Times arrive as ISO strings or epoch ms; show them the way people read them. */
export function shownTime(v: string | number | undefined): string | undefined {
  if (v === undefined || v === '') return undefined
  const ms = typeof v === 'number' ? v : Date.parse(v)
  return Number.isNaN(ms) ? shown(v) : chinaTime(ms).slice(0, 16)
}
