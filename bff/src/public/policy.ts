/**
 * Who may do what on the citizen's side — in one place.
 *
 * - A citizen sees and acts on their own cases and questions only; another citizen's case code is
 *   404, exactly like a code that does not exist (cases.ts ownCase), so codes cannot be probed.
 * - Staff tokens never work on citizen endpoints and citizen tokens never on staff ones (tokens.ts).
 * - The reception desk's lookup by case code, accepting a case into a task, 回访 and follow-ups are
 *   the centre's (社治中心); admins may look.
 * - 法律咨询 is answered by staff tagged 专科医生 (lawyers, 司法所) — and the centre.
 */
import { forbidden } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'

export const CONSULT_TAG = '专科医生'

export function assertCentreDesk(u: AuthUser) {
  if (!hasRole(u, 'dispatcher', 'admin')) throw forbidden('只有社治中心可以查看群众上报的案件')
}

export function assertCentreAct(u: AuthUser) {
  if (!hasRole(u, 'dispatcher')) throw forbidden('只有社治中心可以受理群众上报、做回访和处理不满意件')
}

export const canAnswerConsultations = (u: AuthUser) => u.tags.includes(CONSULT_TAG) || hasRole(u, 'dispatcher')

export function assertAnswerConsultations(u: AuthUser) {
  if (!canAnswerConsultations(u)) throw forbidden('法律咨询由标记为「专科医生」的律师、司法所工作人员解答')
}
