/** The response component every endpoint shares: the error shape. Domains declare their own (`responses`). */
import { ERROR_STATUS } from '@jqtb/shared'
import { obj, type Schema, str } from './schema'

export const ERROR_SCHEMA: Record<string, Schema> = {
  Error: obj({
    error: obj(
      {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: str('给人看的中文说明'),
        details: { description: '程序可用的细节，例如 TASK_ALREADY_CLAIMED 的认领人与到期时间' },
      },
      ['code', 'message'],
    ),
  }),
}
