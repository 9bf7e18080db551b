import type { Role } from '@jqtb/shared'
import { keepsWatch } from './policy'

const rules = { dutyDepartment: 'PCS' }
const person = (roles: Role[], department?: string) => ({ id: 'u', name: '某人', roles, territory: 'GT', department, tags: [] })

describe('who keeps the watch list (重点关注)', () => {
  it.each<[string, Role[], string | undefined, boolean]>([
    ['a centre dispatcher', ['dispatcher'], undefined, true],
    ['the 派出所 lead', ['dept_lead'], 'PCS', true],
    ['a 派出所 officer who is also in the mediator pool (派出所调解室)', ['dept_staff', 'mediator'], 'PCS', true],
    ['a mediator from outside (司法所, 律师 …)', ['mediator'], undefined, false],
    ['staff of another department', ['dept_staff'], 'SFS', false],
    ['a grid worker', ['grid_worker'], undefined, false],
    ['a 派出所 officer who also works as a grid worker', ['dept_staff', 'grid_worker'], 'PCS', false],
    ['an admin outside the centre', ['admin'], undefined, false],
  ])('%s → %s', (_who, roles, department, keeps) => {
    expect(keepsWatch(person(roles, department), rules)).toBe(keeps)
  })
})
