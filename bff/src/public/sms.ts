import type { SmsTemplates } from '../sms/templates'

/** The texts to register with the SMS provider (docs/sms.md#templates). */
export const PUBLIC_SMS: SmsTemplates = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the provider's placeholder syntax, not a JS template
  public_login_code: { text: '您的登录验证码为${code}，5分钟内有效。请勿告诉他人，如非本人操作请忽略。', vars: ['code'] },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the provider's placeholder syntax, not a JS template
  public_milestone: { text: '您反映的事项（案件码${code}）进展：${status}', vars: ['code', 'status'] },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the provider's placeholder syntax, not a JS template
  public_rating: { text: '您反映的事项（案件码${code}）已办结，请评价我们的服务：${link}', vars: ['code', 'link'] },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the provider's placeholder syntax, not a JS template
  public_answer: { text: '您咨询的法律问题已有解答，请打开查看：${link}', vars: ['link'] },
}
