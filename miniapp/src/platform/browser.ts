import { type AuthConfig, InteractiveLoginRequired, type Platform, PlatformError } from './types'
import { browserConnectivity, browserLocation, domImageViewer, filesToPhotos, parseJson, pickImageFiles, telLink, uploadWithFetch } from './web'

/**
 * A plain browser (development, tests, demo). Nobody vouches for the person here, so an auth code exists only
 * when the BFF runs against the DingTalk simulator: `/api/dev/auth-code` stands in for `dd.getAuthCode` for the
 * demo user picked on the login page, and the rest of the login path is the real one.
 */
export const browserPlatform: Platform = {
  kind: 'browser',
  label: '浏览器',
  async requestAuthCode(config: AuthConfig, devUserId?: string) {
    if (!config.simulator || !devUserId) throw new InteractiveLoginRequired()
    const res = await fetch(`${BFF_BASE_URL}/api/dev/auth-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: devUserId, provider: config.provider }),
    }).catch(() => null)
    if (!res) throw new PlatformError('网络不稳定，请检查信号后重试')
    const body = parseJson(await res.text()) as { authCode?: string; error?: { message?: string } }
    if (!res.ok || !body?.authCode) throw new PlatformError(body?.error?.message ?? '模拟器未能签发授权码')
    return body.authCode
  },
  choosePhotos: async (max) => filesToPhotos(await pickImageFiles(max)),
  uploadPhoto: uploadWithFetch,
  getLocation: browserLocation,
  watchConnectivity: browserConnectivity,
  previewImages: domImageViewer,
  makePhoneCall: telLink,
}
