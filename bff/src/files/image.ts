/**
 * Photos are photos: an upload is decoded whole (sharp / libvips), refused if it does not decode, and stored
 * re-encoded — which drops everything that is not pixels: EXIF (the phone's GPS position, its serial number, the
 * time), XMP, comments, trailing bytes (an HTML page glued after a JPEG). The orientation the phone wrote in EXIF is
 * applied to the pixels first, so the photo stands the right way up without it. Where and when the work was done is
 * the progress record's own `location` and time, sent by the app; a photo does not carry it.
 *
 * A decompression bomb (a small file that claims a huge canvas) is refused from its header, before any pixel is
 * decoded; photos larger than 4096 px on their long edge are scaled down (a 12-megapixel phone photo is 4000 × 3000
 * and is kept as it is).
 */
import sharp from 'sharp'
import { AppError } from '../infra/errors'
import type { ImageType } from './sniff'

/** 50 megapixels: full-resolution photos of the phones in use, far below a bomb's canvas */
export const MAX_INPUT_PIXELS = 50_000_000
/** long edge of a stored photo */
export const MAX_STORED_EDGE = 4096
/** decoding a large photo takes a few hundred MB for a moment: at most this many at once per process */
const AT_ONCE = 2
/** uploads waiting for a decoder (each holds its bytes, up to 10 MB): more are told to come back shortly */
export const MAX_WAITING = 16

sharp.cache(false)

const FORMATS: Record<string, ImageType> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

let running = 0
const queue: Array<() => void> = []
async function oneOf<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE && queue.length >= MAX_WAITING) {
    throw new AppError('RATE_LIMITED', '正在处理的照片较多，请几秒后重试', { retryAfterSeconds: 5 })
  }
  if (running >= AT_ONCE) await new Promise<void>((resolve) => queue.push(resolve))
  running++
  try {
    return await work()
  } finally {
    running--
    queue.shift()?.()
  }
}

const notAPhoto = () => new AppError('UNSUPPORTED_MEDIA_TYPE', '照片无法读取：只能上传完整的 JPG、PNG 或 WebP 图片')

export interface StoredPhoto {
  bytes: Buffer
  contentType: ImageType
  width: number
  height: number
}

/** Decodes the upload whole and re-encodes it in its own format without metadata; 415 / 413 when it is not a photo we keep. */
export function normalisePhoto(upload: Buffer): Promise<StoredPhoto> {
  return oneOf(async () => {
    // `failOn: 'warning'`: a JPEG cut short or with corrupt data is refused, not stored grey at the bottom
    const open = () => sharp(upload, { failOn: 'warning', limitInputPixels: MAX_INPUT_PIXELS, animated: false })
    let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>
    try {
      meta = await sharp(upload, { limitInputPixels: false }).metadata()
    } catch {
      throw notAPhoto()
    }
    const contentType = meta.format ? FORMATS[meta.format] : undefined
    if (!contentType || !meta.width || !meta.height) throw notAPhoto()
    if (meta.width * meta.height > MAX_INPUT_PIXELS) {
      throw new AppError('PAYLOAD_TOO_LARGE', `照片像素过多（${meta.width} × ${meta.height}），上限 ${MAX_INPUT_PIXELS / 1_000_000} 百万像素`, {
        maxPixels: MAX_INPUT_PIXELS,
      })
    }
    const pipeline = open()
      .rotate() // apply the EXIF orientation to the pixels (the EXIF itself is not kept)
      .resize({ width: MAX_STORED_EDGE, height: MAX_STORED_EDGE, fit: 'inside', withoutEnlargement: true })
    const encoded =
      contentType === 'image/jpeg'
        ? pipeline.jpeg({ quality: 85 })
        : contentType === 'image/png'
          ? pipeline.png({ compressionLevel: 6 })
          : pipeline.webp({ quality: 85 })
    try {
      const { data, info } = await encoded.toBuffer({ resolveWithObject: true })
      return { bytes: data, contentType, width: info.width, height: info.height }
    } catch {
      throw notAPhoto()
    }
  })
}
