import Taro from '@tarojs/taro'

/** An error the BFF returned: `code` for programs, `message` for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

let authToken: string | null = null
export function setAuthToken(token: string | null) {
  authToken = token
}

export async function api<T>(path: string, options: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; data?: unknown } = {}): Promise<T> {
  let res: Taro.request.SuccessCallbackResult<Record<string, unknown>>
  try {
    res = await Taro.request({
      url: `${BFF_BASE_URL}${path}`,
      method: options.method ?? 'GET',
      data: options.data as Record<string, unknown> | undefined,
      header: { 'content-type': 'application/json', ...(authToken ? { authorization: `Bearer ${authToken}` } : {}) },
      timeout: 20000,
    })
  } catch {
    throw new ApiError(0, 'NETWORK', '网络不稳定，请检查信号后重试')
  }
  const body = res.data as { error?: { code: string; message: string; details?: unknown } }
  if (res.statusCode >= 400 || body?.error) {
    throw new ApiError(
      res.statusCode,
      body?.error?.code ?? 'HTTP_' + res.statusCode,
      body?.error?.message ?? `请求失败（${res.statusCode}）`,
      body?.error?.details,
    )
  }
  return res.data as T
}
