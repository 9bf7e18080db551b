/**
 * Our side of every channel mapping: the fields a cleaned intake record is made of. A channel's
 * profile (profiles.ts) says which of its columns fill which of these; cleaning (clean/record.ts)
 * turns the values into a `CleanRecord`.
 */
export const INTAKE_FIELDS = [
  'sourceId',
  'reportedAt',
  'occurredAt',
  'sourceUpdatedAt',
  'reporterName',
  'reporterPhone',
  'reporterIdNo',
  'otherPartyName',
  'otherPartyPhone',
  'otherPartyIdNo',
  'partiesText',
  'address',
  'place',
  'category',
  'content',
  'policeFlag',
  'handlingUnit',
  'handlingNote',
  'status',
  'dueAt',
  'peopleCount',
  'amount',
  'form',
  'receiver',
] as const
export type IntakeField = (typeof INTAKE_FIELDS)[number]

/** What each of our fields means, in the words the import page shows next to a mapped column. */
export const INTAKE_FIELD_LABELS: Record<IntakeField, string> = {
  sourceId: '来源编号',
  reportedAt: '登记/来电时间',
  occurredAt: '事发时间',
  sourceUpdatedAt: '来源更新时间',
  reporterName: '反映人',
  reporterPhone: '反映人电话',
  reporterIdNo: '反映人证件号',
  otherPartyName: '对方当事人',
  otherPartyPhone: '对方电话',
  otherPartyIdNo: '对方证件号',
  partiesText: '当事人（多人）',
  address: '事发地址',
  place: '问题属地',
  category: '渠道分类',
  content: '诉求/情况',
  policeFlag: '警务/非警务',
  handlingUnit: '承办单位',
  handlingNote: '处置情况',
  status: '状态/结果',
  dueAt: '办理时限',
  peopleCount: '涉及人数',
  amount: '涉及金额（元）',
  form: '形式',
  receiver: '接待人',
}

/** Fields whose values are times (parsed into Asia/Shanghai). */
export const TIME_FIELDS: readonly IntakeField[] = ['reportedAt', 'occurredAt', 'sourceUpdatedAt', 'dueAt']
/** Fields whose values are phone numbers (normalised, then stored encrypted with a keyed hash). */
export const PHONE_FIELDS: readonly IntakeField[] = ['reporterPhone', 'otherPartyPhone']
/** Fields whose values are 居民身份证 numbers (check digit validated, stored like phones). */
export const ID_FIELDS: readonly IntakeField[] = ['reporterIdNo', 'otherPartyIdNo']
