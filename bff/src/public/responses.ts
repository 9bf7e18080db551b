/** OpenAPI response components of the citizen's side (requests come from the zod schemas in shared/). */
import { MILESTONES, PUBLIC_CATEGORY_CODES, RATINGS } from '@jqtb/shared'
import { int, nullable, obj, type Schema, str, time } from '../openapi/schema'

const milestone = { type: 'string', enum: [...MILESTONES] }
const rating = { type: 'string', enum: [...RATINGS] }

const photos = { type: 'array', items: obj({ id: str(), url: str('签名链接，短时有效') }, ['id', 'url']) }

const summary = {
  code: str('案件码 GZ + 8 位'),
  category: { type: 'string', enum: [...PUBLIC_CATEGORY_CODES] },
  categoryLabel: str(),
  title: str(),
  place: str(),
  filedAt: time(),
  milestone,
  milestoneLabel: str(),
  canRate: { type: 'boolean' },
}

export const PUBLIC_RESPONSES: Record<string, Schema> = {
  CodeSent: obj({ sent: { type: 'boolean', const: true }, resendAfter: int(), expiresIn: int() }, ['sent', 'resendAfter', 'expiresIn']),
  CitizenSession: obj(
    { token: str('公众令牌（只能用于 /api/public/…）'), expiresAt: time(), citizen: obj({ phoneMasked: str(), name: str('浙里办实名姓名（短信登录没有）') }) },
    ['token', 'expiresAt', 'citizen'],
  ),
  PublicCaseSummary: obj(summary, Object.keys(summary)),
  PublicCaseView: obj(
    {
      ...summary,
      content: str(),
      occurredAt: nullable(time()),
      otherParty: nullable(str()),
      photos,
      timeline: { type: 'array', items: obj({ milestone, label: str(), text: str(), at: time() }, ['milestone', 'label', 'text', 'at']) },
      rating: nullable(obj({ rating, label: str(), comment: nullable(str()), at: time() })),
      mediatorRequest: nullable(obj({ name: str(), state: str(), label: str(), reason: nullable(str()) })),
      qrSvg: str('案件码的二维码（SVG）'),
    },
    [...Object.keys(summary), 'content', 'timeline', 'rating', 'qrSvg'],
  ),
  StaffPublicCaseView: obj(
    {
      code: str(),
      categoryLabel: str(),
      content: str(),
      place: str(),
      photos,
      filedAt: time(),
      citizenPhoneMasked: str(),
      citizenName: nullable(str()),
      intakeKey: str('统一归口记录编号 public:<案件码>'),
      territory: nullable(obj({ code: str(), name: str() }, ['code', 'name'])),
      taskId: nullable(str()),
      milestone,
      milestoneLabel: str(),
      rating: nullable(obj({ rating, label: str(), comment: nullable(str()), via: str() })),
    },
    ['code', 'content', 'intakeKey', 'taskId', 'milestone'],
  ),
  LoginProvidersView: obj(
    {
      providers: {
        type: 'array',
        items: obj({ id: { type: 'string', enum: ['sms', 'zlb'] }, label: str(), loginUrl: str('浙里办登录页（加 &redirectUrl=…）') }, ['id', 'label']),
      },
    },
    ['providers'],
  ),
  FollowupView: obj(
    {
      code: str(),
      kind: { type: 'string', enum: ['phone', 'unsatisfied'] },
      state: { type: 'string', enum: ['open', 'done'] },
      dueAt: time(),
      caseTitle: str(),
      citizenPhoneMasked: str(),
      rating: nullable(obj({ rating, label: str(), comment: nullable(str()) })),
      taskId: nullable(str()),
    },
    ['code', 'kind', 'state', 'dueAt'],
  ),
}
