import type { MeView } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { readPerson } from '../users/store'
import { presentMe } from './presenter'

/** The signed-in person as they are now (roles or territory may have changed since the login). */
export async function me(deps: AppDeps, userId: string): Promise<MeView> {
  const user = (await readPerson(deps.db, userId))?.user
  if (!user) throw new AppError('USER_NOT_IN_ORG', '您的账号已停用或不在本单位通讯录中，请联系管理员')
  return presentMe(deps.db, user)
}
