import Taro from '@tarojs/taro'
import { takeEarlyAnswer } from '../shell/boot'

/** An error the BFF returned: `code` for programs, `message` for people. Status 0 means the network failed. */
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

export const NETWORK_MESSAGE = '网络不稳定（已断开或响应太慢），请检查信号后重试'

/** A read that has not answered by then will not: say so and let the person retry (writes get longer, they carry forms). */
const READ_TIMEOUT_MS = 15_000
const WRITE_TIMEOUT_MS = 30_000

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  method?: HttpMethod
  data?: unknown
  token?: string | null
}

/** One HTTP call to the BFF, no login handling: the caller decides what a 401 means. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  if ((options.method ?? 'GET') === 'GET') {
    const early = await takeEarlyAnswer(path, options.token)
    if (early) return unwrap<T>(early.status, parseBody(early.body))
  }
  let res: Taro.request.SuccessCallbackResult<Record<string, unknown>>
  try {
    res = await Taro.request({
      url: `${BFF_BASE_URL}${path}`,
      method: options.method ?? 'GET',
      data: options.data as Record<string, unknown> | undefined,
      header: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      timeout: (options.method ?? 'GET') === 'GET' ? READ_TIMEOUT_MS : WRITE_TIMEOUT_MS,
    })
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE)
  }
  return unwrap<T>(res.statusCode, res.data)
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Turns a status and body into the data, or the server's error as an ApiError. */
export function unwrap<T>(statusCode: number, data: unknown): T {
  if (statusCode === 0) throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE)
  const body = data as { error?: { code: string; message: string; details?: unknown } } | null
  if (statusCode >= 400 || body?.error) {
    throw new ApiError(statusCode, body?.error?.code ?? `HTTP_${statusCode}`, body?.error?.message ?? httpMessage(statusCode), body?.error?.details)
  }
  return data as T
}

function httpMessage(status: number): string {
  if (status === 413) return '文件太大，请换一张较小的照片'
  if (status >= 500) return `服务器暂时出了问题（${status}），请稍后重试`
  return `请求失败（${status}）`
}

/** Query string from an object, skipping empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}
