/**
 * Finding a lead by the number on a record: a citizen's case code (GZ…, as read from their phone), a
 * 110 警情编号, a 12345 工单编号 … What a person types (spaces, lower case, a case code's dashes) becomes
 * the record keys (`<channel>:<sourceId>`) it could mean, to be matched exactly against a lead's records.
 */
import { CHANNEL_CODES, type ChannelCode } from './channels'

/** The record keys a typed search could mean (empty when it cannot be a record number). */
export function recordKeysFor(typed: string): string[] {
  const s = typed.replace(/\s+/g, '')
  if (s.length < 4 || s.length > 64) return []
  const colon = s.indexOf(':')
  const prefix = colon > 0 ? s.slice(0, colon) : ''
  // a whole key pasted from the records page: only that channel
  const channels: readonly ChannelCode[] = (CHANNEL_CODES as readonly string[]).includes(prefix) ? [prefix as ChannelCode] : CHANNEL_CODES
  const id = channels.length === 1 ? s.slice(colon + 1) : s
  if (!id || /[:"$]/.test(id)) return []
  const keys = new Set<string>()
  for (const ch of channels) {
    keys.add(`${ch}:${id}`)
    keys.add(`${ch}:${id.toUpperCase()}`)
    // a case code is read out in groups: GZ-ABCD-EFGH
    if (ch === 'public') keys.add(`${ch}:${id.toUpperCase().replace(/-/g, '')}`)
  }
  return [...keys]
}
