import { zzdNonce, zzdSign, zzdStringToSign, zzdTimestamp } from '../../bff/src/dingtalk/zzd-signature'

/**
 * Known answers for the 浙政钉 request signature (docs/dingtalk.md#zzd-request-signing). The expected
 * values were computed once by hand, outside this code, from the spec's string-to-sign:
 *
 *   printf 'POST\n2024-05-01T10:20:30.123+08:00\n17145301301231234\n/message/workNotification\nbizMsgId=kat-1&msg={"msgtype":"text","text":{"content":"你好"}}&receiverIds=105401,105402&tenantId=196729' \
 *     | openssl dgst -sha256 -hmac 'kat-app-secret-0001' -binary | base64
 */
const SECRET = 'kat-app-secret-0001'

describe('浙政钉 signature, known answers', () => {
  it('POST workNotification: form fields sorted by name, the empty one left out, values not URL-encoded', () => {
    const text = zzdStringToSign('POST', '2024-05-01T10:20:30.123+08:00', '17145301301231234', '/message/workNotification', [
      ['tenantId', '196729'],
      ['receiverIds', '105401,105402'],
      ['organizationCodes', ''],
      ['msg', '{"msgtype":"text","text":{"content":"你好"}}'],
      ['bizMsgId', 'kat-1'],
    ])
    expect(text).toBe(
      'POST\n2024-05-01T10:20:30.123+08:00\n17145301301231234\n/message/workNotification\nbizMsgId=kat-1&msg={"msgtype":"text","text":{"content":"你好"}}&receiverIds=105401,105402&tenantId=196729',
    )
    expect(zzdSign(SECRET, text)).toBe('6A55Y7BEFBR8sBmTvibzqdGfKBW6uLdvhx5m1iT0Nl8=')
  })

  it('GET with a repeated list parameter (one pair per value, values sorted) and names ordered ignoring case', () => {
    // case-sensitive ordering would put "Tenantid" first; the Java SDK's CASE_INSENSITIVE_ORDER does not
    const text = zzdStringToSign('GET', '2024-05-01T02:20:30.123Z', '17145301301239876', '/mozi/employee/listEmployeesByCodes', [
      ['Tenantid', '196729'],
      ['employeeCodes', 'GE_b'],
      ['pageNo', '1'],
      ['employeeCodes', 'GE_a'],
    ])
    // printf 'GET\n2024-05-01T02:20:30.123Z\n17145301301239876\n/mozi/employee/listEmployeesByCodes\nemployeeCodes=GE_a&employeeCodes=GE_b&pageNo=1&Tenantid=196729' | openssl dgst -sha256 -hmac 'kat-app-secret-0001' -binary | base64
    expect(zzdSign(SECRET, text)).toBe('WNddj5/j+WfI5Sd51jYnVe1AbH09rvw+iN8iWx0kSvU=')
  })

  it('no parameters: the parameter line and its newline are left out', () => {
    const text = zzdStringToSign('GET', '2024-05-01T02:20:30.123Z', '17145301301239876', '/gettoken.json', [])
    expect(text.endsWith('/gettoken.json')).toBe(true)
    // printf 'GET\n2024-05-01T02:20:30.123Z\n17145301301239876\n/gettoken.json' | openssl dgst -sha256 -hmac 'kat-app-secret-0001' -binary | base64
    expect(zzdSign(SECRET, text)).toBe('PfCpjyufxYVIgsuu/1fCUPLVv06wFSPaFd8kU+uw/Rs=')
  })

  it('timestamps are ISO-8601 with milliseconds in +08:00; nonces are 13-digit milliseconds + 4 digits, unique', () => {
    const at = new Date('2024-05-01T02:20:30.123Z')
    expect(zzdTimestamp(at)).toBe('2024-05-01T10:20:30.123+08:00')
    const nonces = new Set(Array.from({ length: 1000 }, () => zzdNonce(at)))
    expect(nonces.size).toBe(1000)
    for (const n of nonces) expect(n).toMatch(/^1714530030123\d{4}$/)
  })
})
