/**
 * Requests that once broke the BFF, kept as fixed cases: the fuzzer (fuzz-openapi.test.ts) replays them first on
 * every run. Each says what it broke. Add the shrunk counterexample of any new failure here.
 */

export interface FuzzRequest {
  method: string
  /** path and query string */
  url: string
  /** a seeded user's id (a valid token is minted), 'forged' (an unsigned token), or none */
  auth?: string
  json?: unknown
  /** a body sent as it is (not JSON-encoded) */
  rawBody?: string
  /** a binary body */
  bodyBase64?: string
  headers?: Record<string, string>
  /** a Content-Encoding header the body does not have; 'gzip-real' compresses it for real */
  encoding?: string
  /** declare this many bytes more than sent, then end the stream */
  truncate?: number
}

const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).toString('latin1')
const boundary = '----fuzzBoundary'

export const FIXED_CASES: Array<FuzzRequest & { why: string }> = [
  {
    why: 'issue 8: a multipart upload ending inside its file part ended the process (unhandled busboy stream error)',
    method: 'post',
    url: '/api/files',
    auth: 'u-wangli',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    bodyBase64: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n${JPEG_START}${'x'.repeat(500)}`,
      'latin1',
    ).toString('base64'),
  },
  {
    why: 'issue 8: a false Content-Encoding: gzip on the (unauthenticated) login was a 500 INTERNAL',
    method: 'post',
    url: '/api/auth/login',
    json: { authCode: 'x' },
    encoding: 'gzip',
  },
  {
    why: 'issue 8: a false Content-Encoding: br on a task command was a 500 INTERNAL',
    method: 'post',
    url: '/api/tasks',
    auth: 'u-zhaoyan',
    json: { title: '噪音' },
    encoding: 'br',
  },
  {
    why: 'issue 8: PROPFIND on an API path answered a plain-text 501',
    method: 'propfind',
    url: '/api/tasks',
    auth: 'u-zhaoyan',
  },
  {
    why: 'issue 8: JPEG magic bytes followed by HTML were stored as a photo',
    method: 'post',
    url: '/api/files',
    auth: 'u-wangli',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    bodyBase64: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n${JPEG_START}<html><script>alert(1)</script></html>\r\n--${boundary}--\r\n`,
      'latin1',
    ).toString('base64'),
  },
  {
    why: 'a JSON body shorter than its Content-Length, the stream then ended: Node answered a bare-text 400',
    method: 'post',
    url: '/api/auth/login',
    json: { authCode: 'abc' },
    truncate: 300,
  },
  {
    why: "issue 13: /m/%2e%2e is resolved by the client to /, which answered koa's plain-text 404 when no H5 build is served",
    method: 'get',
    url: '/m/%2e%2e?h%7D%2BBow=%7C%23',
    auth: 'u-fengbo',
  },
  {
    why: 'issue 13: an unknown SMS link answered its HTML page to a client that did not ask for HTML',
    method: 'post',
    url: '/m/AAAAAAAAAAAAAAAAAAAAAA',
    rawBody: 'answer=accept',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  },
]
