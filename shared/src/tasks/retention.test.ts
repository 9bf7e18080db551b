import { ANONYMISED_NAME, anonymiseParty, partiesDue } from './retention'

const DAY = 86_400_000
const now = Date.UTC(2026, 11, 3)
const party = { name: '张三', role: '报警人', phoneMasked: '138****5678', phoneEnc: 'x', phoneHash: 'h' }

describe('partiesDue', () => {
  it.each([
    ['closed 731 days ago, retention 730', 'closed', now - 731 * DAY, [party], true],
    ['cancelled 731 days ago', 'cancelled', now - 731 * DAY, [party], true],
    ['closed 729 days ago', 'closed', now - 729 * DAY, [party], false],
    ['closed exactly at the cutoff', 'closed', now - 730 * DAY, [party], true],
    ['still open (no closedAt)', 'claimed', undefined, [party], false],
    ['reopened: in progress although closedAt was set once', 'in_progress', now - 900 * DAY, [party], false],
    ['already anonymised', 'closed', now - 900 * DAY, [anonymiseParty(party)], false],
    ['no parties', 'closed', now - 900 * DAY, [], false],
  ] as const)('%s → %s', (_name, state, closedAt, parties, due) => {
    expect(partiesDue({ state, closedAt, parties: [...parties] } as never, now, 730)).toBe(due)
  })
})

it('anonymising keeps the role only', () => {
  expect(anonymiseParty(party)).toEqual({ name: ANONYMISED_NAME, role: '报警人' })
  expect(anonymiseParty({ name: '李四' })).toEqual({ name: ANONYMISED_NAME })
})
