import { z } from 'zod'
import { AUDIT_GROUPS, AUDIT_KINDS } from './kinds'

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')

/** `GET /api/admin/audit` — newest first, by cursor. */
export const auditListQuery = z
  .object({
    /** a filter group of the page (人员与账号, 设置与规则, 查看号码, 到期匿名化) */
    group: z.enum(Object.keys(AUDIT_GROUPS) as [keyof typeof AUDIT_GROUPS, ...(keyof typeof AUDIT_GROUPS)[]], { error: '筛选类别不存在' }).optional(),
    kind: z.enum(AUDIT_KINDS, { error: '审计类型不存在' }).optional(),
    /** who did it (user id, or system:…) */
    actor: z.string().trim().min(1).max(64).optional(),
    /** whom or what it was about (a person's id, a task number …) */
    subject: z.string().trim().min(1).max(64).optional(),
    /** China-time days, inclusive */
    from: day.optional(),
    to: day.optional(),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict()

export type AuditListQuery = z.output<typeof auditListQuery>
export type AuditListInput = z.input<typeof auditListQuery>
