// 统一归口: channel records, 窗口登记, file import (the centre's intake desk).
import type {
  AddressPreviewView,
  ChannelCode,
  ChannelView,
  ImportView,
  IntakeFlag,
  IntakeRecordDetailView,
  IntakeRecordListResponse,
  IntakeRecordView,
  TaxonomyNodeView,
  WindowInput,
} from '@jqtb/shared/src/intake'
import type { IngestResultView } from '@jqtb/shared/src/intake/dto'
import Taro from '@tarojs/taro'
import { api, withLogin } from './api'
import { ApiError, query, unwrap } from './http'

export interface RecordFilters {
  channel?: ChannelCode | ''
  flag?: IntakeFlag | ''
  q?: string
}

export type RecordRow = IntakeRecordView & { id: string }

export async function listRecords(f: RecordFilters, cursor: string | null, limit = 20): Promise<{ items: RecordRow[]; nextCursor: string | null }> {
  const page = await api<IntakeRecordListResponse>(
    `/api/intake/records${query({ channel: f.channel || undefined, flag: f.flag || undefined, q: f.q, cursor, limit })}`,
  )
  return { items: page.items.map((r) => ({ ...r, id: r.key })), nextCursor: page.nextCursor }
}

export const getRecord = (key: string) => api<IntakeRecordDetailView>(`/api/intake/records/${encodeURIComponent(key)}`)
export const getChannels = () => api<{ items: ChannelView[] }>('/api/intake/channels').then((r) => r.items)
export const getTaxonomy = () => api<{ version: number; items: TaxonomyNodeView[] }>('/api/intake/taxonomy')
export const previewAddress = (address: string) => api<AddressPreviewView>(`/api/intake/address${query({ address })}`)

export const registerWindow = (body: WindowInput) =>
  api<{ result: IngestResultView; record: IntakeRecordDetailView }>('/api/intake/window', { method: 'POST', data: body })

export const getImport = (id: string) => api<ImportView>(`/api/intake/imports/${id}`)
export const listImports = () => api<{ items: ImportView[] }>('/api/intake/imports').then((r) => r.items)
export const commitImport = (id: string) => api<ImportView>(`/api/intake/imports/${id}/commit`, { method: 'POST' })

/** File import needs a file picker and a download: the H5 app (PC DingTalk side panel, browser). */
export const canImportFiles = () => process.env.TARO_ENV === 'h5'

/** Lets the person pick an .xlsx / .csv file (H5). Resolves null when they cancel. */
export function pickFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv'
    input.onchange = () => resolve(input.files?.[0] ?? null)
    input.addEventListener('cancel', () => resolve(null))
    input.click()
  })
}

/** Uploads an export with its channel; `onProgress` gets 0–100 while the bytes go up. */
export function uploadImport(file: File, channel: ChannelCode, encoding: 'auto' | 'utf8' | 'gbk', onProgress: (percent: number) => void): Promise<ImportView> {
  return withLogin(
    (token) =>
      new Promise<ImportView>((resolve, reject) => {
        const form = new FormData()
        form.append('channel', channel)
        form.append('encoding', encoding)
        form.append('file', file, file.name)
        const xhr = new XMLHttpRequest()
        xhr.open('POST', `${BFF_BASE_URL}/api/intake/imports`)
        xhr.setRequestHeader('authorization', `Bearer ${token}`)
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100))
        }
        xhr.onload = () => {
          let body: unknown = null
          try {
            body = JSON.parse(xhr.responseText)
          } catch {}
          try {
            resolve(unwrap<ImportView>(xhr.status, body))
          } catch (e) {
            reject(e)
          }
        }
        xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '上传失败：网络中断，请重试'))
        xhr.send(form)
      }),
  )
}

/** Saves the error sheet of an import (H5: through a link). */
export async function downloadErrorSheet(imp: ImportView): Promise<void> {
  if (!imp.errorSheetUrl) return
  const url = imp.errorSheetUrl
  const blob = await withLogin(async (token) => {
    const res = await fetch(`${BFF_BASE_URL}${url}`, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok) unwrap(res.status, await res.json().catch(() => null))
    return res.blob()
  })
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = `错误表-${imp.filename.replace(/\.(csv|xlsx)$/i, '')}.xlsx`
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
  void Taro.showToast({ title: '错误表已下载', icon: 'success' })
}
