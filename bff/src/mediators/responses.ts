/** OpenAPI response components of the mediators endpoints (requests come from the zod schemas in shared/). */
import { MEDIATOR_TYPES, MEMBER_STATUSES, OUTCOMES, TEAM_STATUSES } from '@jqtb/shared'
import { int, nullable, obj, type Schema, str, time } from '../openapi/schema'

const candidate = obj(
  {
    id: str(),
    name: str(),
    type: { type: 'string', enum: [...MEDIATOR_TYPES] },
    typeLabel: str(),
    score: { type: 'number' },
    reasons: { type: 'array', items: obj({ label: str(), points: { type: 'number' } }) },
    summary: str('主要理由，一句话'),
    excludedBecause: { type: 'array', items: str('排除理由；申报关系的详情仅管理员可见') },
  },
  ['id', 'name', 'type', 'typeLabel', 'score', 'reasons', 'summary'],
)

const member = obj(
  {
    mediatorId: str(),
    name: str(),
    slotLabel: str(),
    status: { type: 'string', enum: [...MEMBER_STATUSES] },
    statusLabel: str(),
    channelLabel: str('钉钉工作通知 / 短信'),
    summary: str(),
    holdsSeat: { type: 'boolean' },
    delivery: str('短信送达情况'),
  },
  ['mediatorId', 'name', 'slotLabel', 'status', 'statusLabel', 'channelLabel', 'summary', 'holdsSeat'],
)

const team: Schema = obj(
  {
    id: str('<工单编号>:team:<轮次>'),
    status: { type: 'string', enum: [...TEAM_STATUSES] },
    statusLabel: str(),
    proposer: obj({ id: str(), name: str() }),
    rule: obj({ id: str(), description: str() }),
    seats: int(),
    members: { type: 'array', items: member },
    can: obj({ replace: { type: 'array', items: str() }, remove: { type: 'array', items: str() }, answer: { type: 'boolean' }, record: { type: 'boolean' } }),
  },
  ['id', 'status', 'statusLabel', 'proposer', 'rule', 'seats', 'members', 'can'],
)

export const MEDIATOR_RESPONSES: Record<string, Schema> = {
  TeamProposalView: obj(
    {
      taskId: str(),
      taskNo: str(),
      rule: obj({ id: str(), description: str(), note: str() }, ['id', 'description']),
      slots: {
        type: 'array',
        items: obj(
          {
            key: str(),
            label: str(),
            count: int(),
            picks: { type: 'array', items: candidate },
            alternatives: { type: 'array', items: candidate },
            excluded: { type: 'array', items: candidate },
            pool: obj({ total: int(), excluded: int() }),
            shortfall: str(),
          },
          ['key', 'label', 'count', 'picks', 'alternatives', 'excluded', 'pool'],
        ),
      },
      detailed: { type: 'boolean', description: '查看人是否可见申报关系详情（仅管理员）' },
    },
    ['taskId', 'taskNo', 'rule', 'slots', 'detailed'],
  ),
  TaskMediationView: obj(
    {
      task: obj({ id: str(), taskNo: str(), title: str(), categoryLabel: str(), riskLabel: str() }, ['id', 'taskNo', 'title']),
      canPropose: { type: 'boolean' },
      proposeBlocked: str(),
      team: nullable(team),
      sessions: { type: 'array', items: obj({ id: str(), at: time(), place: str(), attendees: { type: 'array', items: str() }, summary: str() }) },
      outcome: nullable(
        obj({ outcome: { type: 'string', enum: [...OUTCOMES] }, outcomeLabel: str(), terms: { type: 'array', items: str() }, agreementUrl: str() }, [
          'outcome',
          'outcomeLabel',
          'terms',
        ]),
      ),
    },
    ['task', 'canPropose', 'team', 'sessions', 'outcome'],
  ),
  PublicMediatorCard: obj(
    {
      id: str(),
      name: str(),
      typeLabel: str(),
      orgs: { type: 'array', items: str() },
      domains: { type: 'array', items: str() },
      dialects: { type: 'array', items: str() },
      years: int(),
      done: int(),
      successRate: nullable(int()),
      averageRating: nullable({ type: 'number' }),
      available: { type: 'boolean' },
    },
    ['id', 'name', 'typeLabel'],
  ),
}
