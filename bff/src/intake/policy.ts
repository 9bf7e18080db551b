/**
 * Who may do what with intake — in one place.
 *
 * - 社治中心 (dispatchers) and admins see every channel's records, import files and read the
 *   configuration: intake is the centre's desk (统一归口), street-wide.
 * - The reception desk (窗口登记) is the centre's: dispatchers register walk-ins, calls and letters.
 * - Only admins change the configuration: channel profiles, taxonomy additions, API keys.
 * - Systems push with their channel's signed API key, not as a person (signing.ts).
 */
import { AppError } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'

export const canReadIntake = (u: AuthUser) => hasRole(u, 'dispatcher', 'admin')

export function assertCanReadIntake(u: AuthUser): void {
  if (!canReadIntake(u)) throw new AppError('FORBIDDEN', '只有社治中心和管理员可以查看渠道归集的记录')
}

export function assertCanRegisterWindow(u: AuthUser): void {
  if (!hasRole(u, 'dispatcher')) throw new AppError('FORBIDDEN', '窗口登记由社治中心接待人员办理')
}

export function assertCanImport(u: AuthUser): void {
  if (!hasRole(u, 'dispatcher', 'admin')) throw new AppError('FORBIDDEN', '只有社治中心和管理员可以导入渠道数据')
}

export function assertCanConfigure(u: AuthUser): void {
  if (!hasRole(u, 'admin')) throw new AppError('FORBIDDEN', '只有管理员可以修改渠道配置、分类和接口密钥')
}
