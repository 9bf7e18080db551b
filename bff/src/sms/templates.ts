/**
 * SMS templates as domains declare them (`smsTemplates` in their module, kernel/domain.ts). In China
 * every SMS text must be approved by the provider in advance: `text` is exactly what to register (in
 * Aliyun's `${var}` syntax), and SMS_TEMPLATE_CODES maps our name to the code the provider approved.
 * The BFF sends only the code and the variables; the provider (or the simulator) renders the text.
 */

export interface SmsTemplate {
  /** the text to register with the provider, with `${var}` placeholders */
  text: string
  /** the variables `text` uses; every one must be given when queueing */
  vars: readonly string[]
}

export type SmsTemplates = Record<string, SmsTemplate>

/** Longest value we send for one variable (providers cap variables; a link needs room). */
export const MAX_VAR_LENGTH = 120

/** The text a phone shows (for previews, tests and the simulator): placeholders filled in. */
export function renderSms(template: SmsTemplate, data: Record<string, string>): string {
  return template.text.replace(/\$\{(\w+)\}/g, (_m, name: string) => data[name] ?? '')
}

/** Checks a template declares exactly the variables its text uses. */
export function checkTemplate(name: string, t: SmsTemplate): void {
  const used = [...new Set([...t.text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort()
  if (used.join(',') !== [...t.vars].sort().join(','))
    throw new Error(`SMS template "${name}" declares ${t.vars.join(',')} but its text uses ${used.join(',')}`)
}
