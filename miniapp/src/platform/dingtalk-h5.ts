import { type AuthConfig, type Platform, PlatformError } from './types'
import {
  bridgeMessage,
  browserConnectivity,
  browserLocation,
  domImageViewer,
  filesToPhotos,
  pickImageFiles,
  telLink,
  uploadWithFetch,
  withTimeout,
} from './web'

/*
 * An H5 micro-app inside public DingTalk. dingtalk-jsapi is loaded on first use only, and only here: it touches
 * `dd`/`navigator` at import and must never be bundled into code that Node runs (docs/dingtalk.md#dingtalk-h5).
 */

async function ddReady() {
  const dd = await import('dingtalk-jsapi/entry/union')
  await new Promise<void>((resolve) => dd.ready(() => resolve()))
  return dd
}

// long enough to fetch the SDK on a weak signal, short enough not to leave a spinner forever
const AUTH_TIMEOUT_MS = 30_000

function requestAuthCode(config: AuthConfig): Promise<string> {
  return withTimeout(authCode(config), AUTH_TIMEOUT_MS, '钉钉没有响应免登请求，请退出后重新打开应用')
}

async function authCode(config: AuthConfig): Promise<string> {
  await ddReady()
  // requestAuthCode (V2, needs clientId, DingTalk ≥ 7.0.45) first; the classic one works on every client
  if (config.clientId) {
    try {
      const { default: requestAuthCodeV2 } = await import('dingtalk-jsapi/api/union/requestAuthCode')
      const res = await requestAuthCodeV2({ corpId: config.corpId, clientId: config.clientId })
      if (res?.code) return res.code
    } catch {
      // older client: fall through to the classic API
    }
  }
  const { default: requestAuthCodeV1 } = await import('dingtalk-jsapi/api/runtime/permission/requestAuthCode')
  try {
    const res = await requestAuthCodeV1({ corpId: config.corpId })
    if (res?.code) return res.code
  } catch (e) {
    throw new PlatformError(`钉钉未能完成免登：${bridgeMessage(e)}`)
  }
  throw new PlatformError('钉钉未返回授权码，请退出后重新打开应用')
}

export const dingtalkH5Platform: Platform = {
  kind: 'dingtalk-h5',
  label: '钉钉',
  requestAuthCode,
  // the file input opens DingTalk's own camera/album sheet and uploads straight to our server
  choosePhotos: async (max) => filesToPhotos(await pickImageFiles(max)),
  uploadPhoto: uploadWithFetch,
  async getLocation() {
    try {
      await withTimeout(ddReady(), 5000, '')
      const { default: getGeolocation } = await import('dingtalk-jsapi/api/device/geolocation/get')
      const res = await getGeolocation({ targetAccuracy: 200, coordinate: 1, withReGeocode: true, useCache: false })
      if (typeof res?.latitude === 'number')
        return { latitude: res.latitude, longitude: res.longitude, accuracy: Math.round(res.accuracy), address: res.address }
    } catch {
      // not granted to this micro-app: the WebView's own geolocation still works
    }
    return browserLocation()
  },
  watchConnectivity: browserConnectivity,
  previewImages: domImageViewer,
  makePhoneCall: telLink,
}
