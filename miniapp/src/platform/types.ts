import type { AuthConfigView } from '@jqtb/shared/src/auth/dto'

/** Where the app runs. Only `platform/` knows; pages and services ask it through `Platform`. */
export type PlatformKind = 'dd-miniprogram' | 'dingtalk-h5' | 'zzd-h5' | 'browser'

/** `GET /api/auth/config`: which DingTalk the BFF talks to, and whether it is the simulator. */
export type AuthConfig = AuthConfigView

/** A photo the person picked, not yet uploaded. `source` is whatever this platform uploads from. */
export interface PickedPhoto {
  key: string
  /** something an <Image src> can show before the upload finishes */
  previewUrl: string
  name: string
  size: number
  source: Blob | string
}

export interface GeoFix {
  latitude: number
  longitude: number
  /** radius in metres the platform claims for this fix */
  accuracy: number
  address?: string
}

export interface UploadRequest {
  url: string
  headers: Record<string, string>
  /** multipart field name the server reads the file from */
  fieldName: string
  photo: PickedPhoto
}

export interface UploadResult {
  statusCode: number
  /** parsed JSON body when it is JSON */
  data: unknown
}

/** Raised when the platform cannot produce an auth code without the person choosing (plain browser). */
export class InteractiveLoginRequired extends Error {
  constructor() {
    super('请选择演示账号登录')
  }
}

/** A failure the person should read (permission denied, no signal …). */
export class PlatformError extends Error {}

export interface Platform {
  kind: PlatformKind
  /** shown on the 我的 page: 钉钉小程序 / 钉钉 / 浙政钉 / 浏览器 */
  label: string
  /**
   * A single-use auth code for `POST /api/auth/login`. In DingTalk and 浙政钉 the app asks the container;
   * in a plain browser it exists only against the simulator, for the demo user the person picked.
   */
  requestAuthCode(config: AuthConfig, devUserId?: string): Promise<string>
  choosePhotos(max: number): Promise<PickedPhoto[]>
  uploadPhoto(req: UploadRequest): Promise<UploadResult>
  getLocation(): Promise<GeoFix>
  /** full-screen photos, starting at `current` */
  previewImages(urls: string[], current: string): void
  /** calls `onChange` now and whenever the device goes on- or offline; returns the unsubscribe */
  watchConnectivity(onChange: (online: boolean) => void): () => void
  /** the platform's own font-size setting asks for large text (undefined: the bridge does not say) */
  prefersLargeText?(): boolean | undefined
  /** opens the phone's dialler with this number (the person still taps call there) */
  makePhoneCall(number: string): Promise<void>
}
