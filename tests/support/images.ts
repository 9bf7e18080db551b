/** Real images for upload tests, made with sharp: what a phone camera hands over, metadata included. */
import zlib from 'node:zlib'
import sharp from 'sharp'

export interface PhotoOptions {
  width?: number
  height?: number
  format?: 'jpeg' | 'png' | 'webp'
  /** EXIF a phone writes: camera, capture time, GPS position, orientation */
  exif?: boolean
  orientation?: number
}

/** A photo with a gradient (so it compresses like a photo, not like a flat colour). */
export async function photo(opts: PhotoOptions = {}): Promise<Buffer> {
  const width = opts.width ?? 64
  const height = opts.height ?? 48
  const raw = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      raw[i] = (x * 255) / width
      raw[i + 1] = (y * 255) / height
      raw[i + 2] = 120
    }
  }
  let img = sharp(raw, { raw: { width, height, channels: 3 } })
  if (opts.exif) {
    img = img.withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Village-Phone-9', Software: 'camera 1.0' },
      IFD2: { DateTimeOriginal: '2026:11:27 09:15:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 10/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 15/1 0/1' },
    })
  }
  if (opts.orientation) img = img.withMetadata({ orientation: opts.orientation })
  const format = opts.format ?? 'jpeg'
  return format === 'jpeg' ? img.jpeg({ quality: 90 }).toBuffer() : format === 'png' ? img.png().toBuffer() : img.webp({ quality: 90 }).toBuffer()
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A decompression bomb: a PNG of a few hundred bytes whose header claims `width` × `height` pixels. */
export function pngBomb(width = 30_000, height = 30_000): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // greyscale
  const row = Buffer.alloc(1 + width) // filter byte + one row of zeros; the rest of the image is missing
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(row)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
