/** OpenAPI response components of the citizen's side (requests come from the zod schemas in shared/). */
import { MILESTONES, PUBLIC_CATEGORY_CODES, RATINGS } from '@jqtb/shared'
import { int, nullable, obj, type Schema, str, time } from '../openapi/schema'

const milestone = { type: 'string', enum: [...MILESTONES] }
const rating = { type: 'string', enum: [...RATINGS] }

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
  CitizenSession: obj({ token: str('公众令牌（只能用于 /api/public/…）'), expiresAt: time(), citizen: obj({ phoneMasked: str() }) }, [
    'token',
    'expiresAt',
    'citizen',
  ]),
  PublicCaseSummary: obj(summary, Object.keys(summary)),
  PublicCaseView: obj(
    {
      ...summary,
      content: str(),
      occurredAt: nullable(time()),
      otherParty: nullable(str()),
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
