import Taro from '@tarojs/taro'
import { type AuthConfig, type PickedPhoto, type Platform, PlatformError, type UploadRequest, type UploadResult } from './types'

/*
 * The DingTalk mini-program: the container injects a callback-style global `dd`
 * (docs/dingtalk.md#dingtalk-mini-program). Field names are DingTalk's own: getAuthCode → `authCode`;
 * chooseImage → `filePaths` (older clients `apFilePaths`); uploadFile needs `fileType`.
 */

interface DdCallbacks<T> {
  success?: (res: T) => void
  fail?: (err: { errorMessage?: string; errorCode?: number; error?: number }) => void
}
type DdApi = <T>(options: Record<string, unknown> & DdCallbacks<T>) => void
declare const dd: Record<'getAuthCode' | 'chooseImage' | 'uploadFile' | 'getLocation' | 'makePhoneCall', DdApi>

function call<T>(api: keyof typeof dd, options: Record<string, unknown>, failMessage: string): Promise<T> {
  return new Promise((resolve, reject) => {
    dd[api]<T>({
      ...options,
      success: resolve,
      fail: (err) => reject(new PlatformError(err?.errorMessage ? `${failMessage}：${err.errorMessage}` : failMessage)),
    })
  })
}

let photoSeq = 0

async function choosePhotos(max: number): Promise<PickedPhoto[]> {
  let res: { filePaths?: string[]; apFilePaths?: string[]; files?: Array<{ path: string; size: number }> }
  try {
    res = await call('chooseImage', { count: max, sourceType: ['camera', 'album'] }, '未能选择照片')
  } catch (e) {
    // cancelling the picker arrives as a failure too; it is not an error to show
    if (/cancel|取消/i.test((e as Error).message)) return []
    throw e
  }
  const paths = res.filePaths ?? res.apFilePaths ?? res.files?.map((f) => f.path) ?? []
  return paths.slice(0, max).map((path, i) => {
    photoSeq += 1
    return { key: `p${Date.now().toString(36)}${photoSeq}`, previewUrl: path, name: `photo-${i + 1}.jpg`, size: res.files?.[i]?.size ?? 0, source: path }
  })
}

async function uploadPhoto(req: UploadRequest): Promise<UploadResult> {
  try {
    const res = await call<{ data: string; statusCode: number }>(
      'uploadFile',
      { url: req.url, fileType: 'image', fileName: req.fieldName, filePath: req.photo.source, header: req.headers },
      '照片上传失败',
    )
    let data: unknown = res.data
    try {
      data = JSON.parse(res.data)
    } catch {
      // keep the text
    }
    return { statusCode: res.statusCode ?? 200, data }
  } catch {
    return { statusCode: 0, data: null }
  }
}

export const ddMiniProgramPlatform: Platform = {
  kind: 'dd-miniprogram',
  label: '钉钉小程序',
  async requestAuthCode(config: AuthConfig) {
    const res = await call<{ authCode: string }>('getAuthCode', { corpId: config.corpId }, '钉钉未能完成免登')
    if (!res?.authCode) throw new PlatformError('钉钉未返回授权码，请退出后重新打开小程序')
    return res.authCode
  },
  choosePhotos,
  uploadPhoto,
  async getLocation() {
    const res = await call<{ latitude: number | string; longitude: number | string; accuracy: number | string; address?: string }>(
      'getLocation',
      { type: 1, targetAccuracy: '200', coordinate: '1', useCache: false },
      '定位失败，请确认已允许钉钉使用位置',
    )
    return { latitude: Number(res.latitude), longitude: Number(res.longitude), accuracy: Math.round(Number(res.accuracy)), address: res.address }
  },
  previewImages(urls, current) {
    void Taro.previewImage({ urls, current })
  },
  watchConnectivity(onChange) {
    const listener = (res: { isConnected: boolean }) => onChange(res.isConnected)
    Taro.getNetworkType()
      .then((res) => onChange(res.networkType !== 'none'))
      .catch(() => onChange(true))
    Taro.onNetworkStatusChange(listener)
    return () => Taro.offNetworkStatusChange(listener)
  },
  prefersLargeText() {
    // 钉钉's 字体大小 setting; 16 is the standard size
    const size = Number((Taro.getSystemInfoSync() as { fontSizeSetting?: number }).fontSizeSetting)
    return Number.isFinite(size) && size > 0 ? size >= 18 : undefined
  },
  async makePhoneCall(number) {
    await call('makePhoneCall', { number }, '未能打开拨号')
  },
}
