import Taro from '@tarojs/taro'
import { withLogin } from './api'
import { ApiError, unwrap } from './http'

/**
 * Downloads a spreadsheet the BFF makes. In a browser (and DingTalk/浙政钉 H5) the file is saved through a
 * link; in the DingTalk mini-program it is downloaded and opened with the system viewer.
 */
export async function downloadSheet(path: string, filename: string, forbidden: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const blob = await withLogin(async (token) => {
      const res = await fetch(`${BFF_BASE_URL}${path}`, { headers: { authorization: `Bearer ${token}` } })
      if (!res.ok) unwrap(res.status, await res.json().catch(() => null))
      return res.blob()
    })
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = filename
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return
  }
  const file = await withLogin(async (token) => {
    const res = await Taro.downloadFile({ url: `${BFF_BASE_URL}${path}`, header: { authorization: `Bearer ${token}` } })
    if (res.statusCode !== 200) throw new ApiError(res.statusCode, `HTTP_${res.statusCode}`, res.statusCode === 403 ? forbidden : '导出失败，请稍后重试')
    return res.tempFilePath
  })
  await Taro.openDocument({ filePath: file, fileType: 'xlsx' })
}
