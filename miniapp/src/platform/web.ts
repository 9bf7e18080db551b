import { type GeoFix, type PickedPhoto, PlatformError, type UploadRequest, type UploadResult } from './types'

/* Browser building blocks shared by every H5 container (plain browser, DingTalk H5, 浙政钉 H5). */

/**
 * A container call that never answers (a bridge that did not start, an old client) must not leave the person
 * looking at a spinner: after `ms` it fails with a message they can act on.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new PlatformError(message)), ms)
    promise.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })
}

/** The words in an error a JS bridge hands back ({ errorMessage } objects, strings, Errors). */
export function bridgeMessage(e: unknown): string {
  if (typeof e === 'string') return e
  const o = e as { errorMessage?: string; message?: string } | null
  return o?.errorMessage || o?.message || '未知错误'
}

let photoSeq = 0
export function photoKey(): string {
  photoSeq += 1
  return `p${Date.now().toString(36)}${photoSeq}`
}

/** Opens the system picker (camera or album) through a file input; resolves [] when the person cancels. */
export function pickImageFiles(max: number): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = 'image/*'
    input.multiple = max > 1
    input.style.display = 'none'
    let settled = false
    const done = (files: File[]) => {
      if (settled) return
      settled = true
      input.remove()
      resolve(files.slice(0, max))
    }
    input.addEventListener('change', () => done(Array.from(input.files ?? [])))
    input.addEventListener('cancel', () => done([]))
    document.body.appendChild(input)
    input.click()
  })
}

const MAX_EDGE = 1600

/**
 * Re-encodes a photo at most 1600 px on its long edge as JPEG: phone photos of 4–8 MB become a few hundred KB,
 * which is what makes an upload finish on a village's weak signal. Falls back to the original when the browser
 * cannot decode it (HEIC on some phones) or when it is already small.
 */
export async function shrinkImage(file: File): Promise<Blob> {
  if (file.size < 400 * 1024 || typeof createImageBitmap !== 'function') return file
  try {
    const bitmap = await createImageBitmap(file)
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height))
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(bitmap.width * scale)
    canvas.height = Math.round(bitmap.height * scale)
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    bitmap.close()
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8))
    return blob && blob.size < file.size ? blob : file
  } catch {
    return file
  }
}

export async function filesToPhotos(files: File[]): Promise<PickedPhoto[]> {
  const photos: PickedPhoto[] = []
  for (const file of files) {
    const blob = await shrinkImage(file)
    photos.push({ key: photoKey(), previewUrl: URL.createObjectURL(blob), name: jpegName(file.name, blob), size: blob.size, source: blob })
  }
  return photos
}

function jpegName(name: string, blob: Blob): string {
  if (blob.type !== 'image/jpeg') return name || 'photo'
  return `${(name || 'photo').replace(/\.[^.]+$/, '')}.jpg`
}

/** base64 (with or without a data: prefix) → Blob; 浙政钉 hands photos over this way. */
export function base64ToBlob(base64: string, type = 'image/jpeg'): Blob {
  const raw = base64.replace(/^data:[^,]*,/, '')
  const bytes = atob(raw)
  const buf = new Uint8Array(bytes.length)
  for (let i = 0; i < bytes.length; i++) buf[i] = bytes.charCodeAt(i)
  return new Blob([buf], { type })
}

export async function uploadWithFetch(req: UploadRequest): Promise<UploadResult> {
  const form = new FormData()
  const source = req.photo.source
  const blob = typeof source === 'string' ? await (await fetch(source)).blob() : source
  form.append(req.fieldName, blob, req.photo.name)
  let res: Response
  try {
    res = await fetch(req.url, { method: 'POST', headers: req.headers, body: form })
  } catch {
    return { statusCode: 0, data: null }
  }
  const text = await res.text()
  return { statusCode: res.status, data: parseJson(text) }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** navigator.geolocation with the accuracy the device reports. */
export function browserLocation(): Promise<GeoFix> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject(new PlatformError('此设备不支持定位'))
      return
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({ latitude: pos.coords.latitude, longitude: pos.coords.longitude, accuracy: Math.round(pos.coords.accuracy) }),
      (err) => reject(new PlatformError(geoErrorMessage(err.code))),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 },
    )
  })
}

function geoErrorMessage(code: number): string {
  if (code === 1) return '未获得定位权限，请在设置中允许本应用使用位置'
  if (code === 3) return '定位超时，请到信号好的地方重试'
  return '暂时无法定位，请稍后重试'
}

/** The browser's own on/offline signal (every H5 container has it). */
export function browserConnectivity(onChange: (online: boolean) => void): () => void {
  const on = () => onChange(true)
  const off = () => onChange(false)
  onChange(navigator.onLine !== false)
  window.addEventListener('online', on)
  window.addEventListener('offline', off)
  return () => {
    window.removeEventListener('online', on)
    window.removeEventListener('offline', off)
  }
}

/**
 * A full-screen photo viewer in plain DOM: tap the left or right third to move, the middle to close. Taro's H5
 * previewImage would bring ~190 KB of swiper into every page that shows photos.
 */
export function domImageViewer(urls: string[], current: string) {
  let index = Math.max(0, urls.indexOf(current))
  const overlay = document.createElement('div')
  overlay.className = 'jqtb-viewer'
  overlay.setAttribute('role', 'dialog')
  overlay.setAttribute('aria-label', '查看照片')
  overlay.style.cssText = 'position:fixed;inset:0;z-index:2000;background:#000;display:flex;align-items:center;justify-content:center;'
  const img = document.createElement('img')
  img.style.cssText = 'max-width:100%;max-height:100%;object-fit:contain;'
  const counter = document.createElement('div')
  counter.style.cssText = 'position:absolute;top:16px;left:0;right:0;text-align:center;color:#fff;font-size:15px;'
  const show = () => {
    img.src = urls[index]
    counter.textContent = urls.length > 1 ? `${index + 1} / ${urls.length}` : ''
  }
  overlay.addEventListener('click', (ev) => {
    const third = overlay.clientWidth / 3
    if (urls.length > 1 && ev.clientX < third) index = (index + urls.length - 1) % urls.length
    else if (urls.length > 1 && ev.clientX > 2 * third) index = (index + 1) % urls.length
    else {
      overlay.remove()
      return
    }
    show()
  })
  overlay.append(img, counter)
  document.body.appendChild(overlay)
  show()
}

/** Every H5 container (DingTalk and 浙政钉 WebViews included) hands a tel: link to the phone's dialler. */
export async function telLink(number: string): Promise<void> {
  const digits = number.replace(/[^\d+]/g, '')
  if (!digits) throw new PlatformError('号码无效')
  const a = document.createElement('a')
  a.href = `tel:${digits}`
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
}
