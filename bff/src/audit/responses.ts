/** OpenAPI response components of the audit trail. */
import { nullable, obj, ref, type Schema, str, time } from '../openapi/schema'

const arr = (items: Schema): Schema => ({ type: 'array', items })

export const AUDIT_RESPONSES: Record<string, Schema> = {
  AuditEntryView: obj({
    id: str(),
    at: time(),
    kind: str('审计类型，如 person.deactivated、phone.revealed'),
    kindLabel: str('类型的中文名'),
    actor: obj({ id: str(), name: str() }),
    subject: obj({ type: str(), id: str(), label: str() }),
    summary: str('发生了什么（号码不完整显示）'),
    fields: arr(str()),
  }),
  AuditList: obj({ items: arr(ref('AuditEntryView')), nextCursor: nullable(str()) }),
}
