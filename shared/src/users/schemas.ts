/**
 * 人员管理 requests: the BFF validates with them at the edge (and publishes them in GET /api/openapi.json),
 * the mini-app's forms are typed by them. Unknown keys are refused (`.strict()`), every message is one a
 * person can act on.
 */
import { z } from 'zod'
import { PLATFORMS } from '../platforms'
import { ROLES } from '../roles'
import { SPECIALTY_TAGS } from '../tags'
import { departmentCode, territoryCode, userId } from '../tasks/schemas'

export { userId as personId }

const name = z.string().trim().min(1, '请填写姓名').max(32, '姓名最多 32 个字')
const title = z.string().trim().max(40, '职务最多 40 个字')
const mobile = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号应为 11 位数字，以 1 开头')
const roles = z
  .array(z.enum(ROLES, { error: '角色不存在' }))
  .min(1, '请至少选择一个角色')
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, '角色不能重复')
const tags = z
  .array(z.enum(SPECIALTY_TAGS, { error: '专长不在可选列表中' }))
  .max(SPECIALTY_TAGS.length)
  .refine((t) => new Set(t).size === t.length, '专长不能重复')

/** DingTalk userid as the address book shows it (letters, digits, `_ - . @`). */
export const dingtalkUserid = z
  .string()
  .trim()
  .regex(/^[\w.@-]{1,64}$/, '钉钉 userid 只能包含字母、数字和 _ - . @，最长 64 位')
const ZZD_MESSAGE = '浙政钉 accountId 应为数字'
/** 浙政钉 accountId: a number (sent as a number or digits). */
export const zzdAccountId = z
  .union(
    [
      z.number({ error: ZZD_MESSAGE }).int(ZZD_MESSAGE).positive(ZZD_MESSAGE).max(Number.MAX_SAFE_INTEGER, ZZD_MESSAGE),
      z
        .string({ error: ZZD_MESSAGE })
        .trim()
        .regex(/^[1-9]\d{0,15}$/, ZZD_MESSAGE),
    ],
    { error: ZZD_MESSAGE },
  )
  .transform((v) => Number(v))

const identities = z
  .object({ dingtalk: dingtalkUserid.optional(), zhezhengding: zzdAccountId.optional() })
  .strict()
  .refine((i) => i.dingtalk !== undefined || i.zhezhengding !== undefined, '请至少填写钉钉 userid 或浙政钉 accountId 之一，否则此人无法登录')

export const addPersonBody = z
  .object({
    name,
    title: title.optional(),
    mobile: mobile.optional(),
    roles,
    territory: territoryCode,
    department: departmentCode.optional(),
    tags: tags.optional(),
    /** the platform ids this person signs in with (from the sync's newcomers, or typed) */
    identities,
  })
  .strict()

export const updatePersonBody = z
  .object({
    name: name.optional(),
    title: title.optional(),
    /** '' clears the number */
    mobile: z.union([mobile, z.literal('')]).optional(),
    roles: roles.optional(),
    territory: territoryCode.optional(),
    /** null clears the department */
    department: departmentCode.nullable().optional(),
    tags: tags.optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), '没有要修改的内容')

export const linkIdentityBody = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('dingtalk'), externalId: dingtalkUserid }).strict(),
  z.object({ provider: z.literal('zhezhengding'), externalId: zzdAccountId }).strict(),
])

export const identityProvider = z.enum(PLATFORMS, { error: '平台只能是 dingtalk 或 zhezhengding' })

export const deactivateBody = z.object({ reason: z.string().trim().max(200, '原因最多 200 个字').optional() }).strict()

export const reactivateBody = z.object({}).strict()

export const peopleListQuery = z
  .object({
    /** words in the name */
    q: z.string().trim().min(1).max(32).optional(),
    role: z.enum(ROLES, { error: '角色不存在' }).optional(),
    /** this territory and everything under it */
    territory: territoryCode.optional(),
    department: departmentCode.optional(),
    /** in post (default), departed, or everyone */
    status: z.enum(['active', 'inactive', 'all'], { error: '状态只能是 active、inactive 或 all' }).default('active'),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict()

export type AddPersonBody = z.output<typeof addPersonBody>
export type UpdatePersonBody = z.output<typeof updatePersonBody>
export type LinkIdentityBody = z.output<typeof linkIdentityBody>
export type PeopleListQuery = z.output<typeof peopleListQuery>
/** What the mini-app sends (before the server's trimming and transforms). */
export type AddPersonInput = z.input<typeof addPersonBody>
export type UpdatePersonInput = z.input<typeof updatePersonBody>
