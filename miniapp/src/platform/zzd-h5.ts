import { type AuthConfig, type PickedPhoto, type Platform, PlatformError } from './types'
import {
  base64ToBlob,
  bridgeMessage,
  browserConnectivity,
  browserLocation,
  domImageViewer,
  filesToPhotos,
  photoKey,
  pickImageFiles,
  telLink,
  uploadWithFetch,
  withTimeout,
} from './web'

/*
 * An H5 app inside 浙政钉 (专有钉钉). gdt-jsapi is loaded per API on first use, only here (it crashes on import
 * where there is no `navigator`). Its field names differ from DingTalk's: getAuthCode answers `code` or `auth_code`.
 */

/** gdt-jsapi refuses calls on mobile until its bridge is up (`dd.ready`). */
async function gdtReady(): Promise<void> {
  const { default: ready } = await import('gdt-jsapi/ready')
  await withTimeout(new Promise<void>((resolve) => ready(() => resolve())), 10_000, '浙政钉客户端没有响应，请退出后重新打开应用')
}

function requestAuthCode(config: AuthConfig): Promise<string> {
  return withTimeout(authCode(config), 30_000, '浙政钉没有响应免登请求，请退出后重新打开应用')
}

async function authCode(config: AuthConfig): Promise<string> {
  await gdtReady()
  const { default: getAuthCode } = await import('gdt-jsapi/getAuthCode')
  try {
    // corpId here is the 浙政钉 tenant id
    const res = await getAuthCode({ corpId: config.corpId || undefined })
    const code = res?.code ?? res?.auth_code
    if (code) return code
  } catch (e) {
    throw new PlatformError(`浙政钉未能完成免登：${bridgeMessage(e)}`)
  }
  throw new PlatformError('浙政钉未返回授权码，请退出后重新打开应用')
}

/**
 * 浙政钉's chooseImage hands back local paths only its own uploader can read; readImageToBase64 turns them into
 * bytes we can send to our server. When either is missing on this client, the WebView's file input still works.
 */
async function choosePhotos(max: number): Promise<PickedPhoto[]> {
  try {
    const [{ default: chooseImage }, { default: readImageToBase64 }] = await Promise.all([
      import('gdt-jsapi/chooseImage'),
      import('gdt-jsapi/readImageToBase64'),
    ])
    const res = await chooseImage({ enableVideo: false })
    const photos: PickedPhoto[] = []
    for (const image of (res?.images ?? []).slice(0, max)) {
      const { base64 } = await readImageToBase64({ filePath: image.path })
      const blob = base64ToBlob(base64)
      photos.push({ key: photoKey(), previewUrl: URL.createObjectURL(blob), name: 'photo.jpg', size: blob.size, source: blob })
    }
    return photos
  } catch (e) {
    if ((e as { errorCode?: string })?.errorCode === '-1') return [] // the person cancelled
    return filesToPhotos(await pickImageFiles(max))
  }
}

export const zzdH5Platform: Platform = {
  kind: 'zzd-h5',
  label: '浙政钉',
  requestAuthCode,
  choosePhotos,
  uploadPhoto: uploadWithFetch,
  async getLocation() {
    try {
      await gdtReady()
      const { default: getGeolocation } = await import('gdt-jsapi/getGeolocation')
      const res = await getGeolocation({ targetAccuracy: 200, coordinate: 1, withReGeocode: true, useCache: false })
      if (typeof res?.latitude === 'number' && !res.errorCode) {
        return { latitude: res.latitude, longitude: res.longitude, accuracy: Math.round(res.accuracy), address: res.address }
      }
    } catch {
      // fall back to the WebView's geolocation below
    }
    return browserLocation()
  },
  watchConnectivity: browserConnectivity,
  previewImages: domImageViewer,
  makePhoneCall: telLink,
}
