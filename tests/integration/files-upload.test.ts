/**
 * Photo uploads: the type is decided by the bytes (not the header), the whole image is decoded and stored
 * re-encoded without its metadata (issue 8, item 6), size over the limit is 413, a decompression bomb is refused
 * from its header, files are stored durably under the data directory, read back through signed URLs, and a
 * progress record takes at most 9 of the worker's own photos.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import request from 'supertest'
import { MAX_UPLOAD_BYTES } from '../../bff/src/files/routes'
import { ManualClock } from '../../bff/src/infra/clock'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { photo, pngBomb } from '../support/images'
import { as, CHENQIANG, publishedTask, WANGLI } from './tasks-fixtures'

const clock = new ManualClock(Date.now())
let app: TestApp
let dataDir: string

let JPEG: Buffer
let PNG: Buffer
let WEBP: Buffer
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)])

beforeAll(async () => {
  ;[JPEG, PNG, WEBP] = await Promise.all([photo({ format: 'jpeg' }), photo({ format: 'png' }), photo({ format: 'webp' })])
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-files-'))
  app = await startTestApp({ clock, env: { DATA_DIR: dataDir } })
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const upload = (user: string, bytes: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg') =>
  request(app.url).post('/api/files').set(authHeader(app, user)).attach('file', bytes, { filename, contentType })

describe('POST /api/files', () => {
  it.each(['jpeg', 'png', 'webp'] as const)(
    'accepts a %s photo, stores it re-encoded under the data directory and serves it back by signed URL',
    async (format) => {
      const bytes = { jpeg: JPEG, png: PNG, webp: WEBP }[format]
      const type = `image/${format}`
      const res = await upload(WANGLI, bytes, 'x.bin', 'application/octet-stream')
      expect(res.status).toBe(201)
      expect(res.body).toMatchObject({ contentType: type })
      expect(res.body.id).toMatch(/^[a-f0-9]{32}$/)
      const stored = fs.readFileSync(path.join(dataDir, 'files', res.body.id.slice(0, 2), res.body.id.slice(2, 4), res.body.id))
      expect(res.body.size).toBe(stored.length)
      expect(await sharp(stored).metadata()).toMatchObject({ format, width: 64, height: 48 })
      const got = await request(app.url).get(res.body.url).buffer(true)
      expect(got.status).toBe(200)
      expect(got.headers['content-type']).toBe(type)
      expect(Buffer.from(got.body).equals(stored)).toBe(true)
    },
  )

  it('strips what a phone writes into a photo (camera, time, GPS position) and stands it the right way up', async () => {
    const withExif = await photo({ exif: true, width: 40, height: 20 })
    expect((await sharp(withExif).metadata()).exif).toBeDefined()
    expect(withExif.includes(Buffer.from('Village-Phone-9'))).toBe(true)
    const res = await upload(WANGLI, withExif)
    expect(res.status).toBe(201)
    const served = Buffer.from((await request(app.url).get(res.body.url).buffer(true)).body)
    const meta = await sharp(served).metadata()
    expect(meta.exif).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
    expect(served.includes(Buffer.from('Village-Phone-9'))).toBe(false)
    // EXIF orientation 6 (rotate 90°) is applied to the pixels, then dropped
    const sideways = await upload(WANGLI, await photo({ width: 40, height: 20, orientation: 6 }))
    const turned = await sharp(Buffer.from((await request(app.url).get(sideways.body.url).buffer(true)).body)).metadata()
    expect([turned.width, turned.height, turned.orientation]).toEqual([20, 40, undefined])
  })

  it('JPEG magic bytes followed by an HTML page are not a photo (415); a page glued after a real JPEG is not kept', async () => {
    const fake = Buffer.concat([JPEG.subarray(0, 20), Buffer.from('<html><body><script>alert(1)</script></body></html>')])
    const res = await upload(WANGLI, fake)
    expect(res.status).toBe(415)
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const glued = await upload(WANGLI, Buffer.concat([JPEG, Buffer.from('<html><script>alert(1)</script></html>')]))
    expect(glued.status).toBe(201)
    const served = Buffer.from((await request(app.url).get(glued.body.url).buffer(true)).body)
    expect(served.includes(Buffer.from('<html'))).toBe(false)
  })

  it('a photo cut off half-way does not decode: 415', async () => {
    const big = await photo({ width: 400, height: 300 })
    const res = await upload(WANGLI, big.subarray(0, Math.floor(big.length / 2)))
    expect(res.status).toBe(415)
    expect(res.body.error.message).toMatch(/无法读取/)
  })

  it('a decompression bomb (a tiny PNG claiming 30000 × 30000 pixels) is refused from its header: 413', async () => {
    const bomb = pngBomb(30_000, 30_000)
    expect(bomb.length).toBeLessThan(2000)
    const res = await upload(WANGLI, bomb, 'bomb.png', 'image/png')
    expect(res.status).toBe(413)
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/像素/) })
  })

  it('a photo larger than 4096 px on its long edge is stored scaled down', async () => {
    const res = await upload(WANGLI, await photo({ width: 5000, height: 1000 }))
    expect(res.status).toBe(201)
    const meta = await sharp(Buffer.from((await request(app.url).get(res.body.url).buffer(true)).body)).metadata()
    expect([meta.width, meta.height]).toEqual([4096, 819])
  })

  it('decides the type by content: an executable sent as image/jpeg is 415', async () => {
    const res = await upload(WANGLI, EXE, 'photo.jpg', 'image/jpeg')
    expect(res.status).toBe(415)
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const text = await upload(WANGLI, Buffer.from('这不是图片'), 'photo.png', 'image/png')
    expect(text.status).toBe(415)
  })

  it('a file over the size limit is 413', async () => {
    const big = Buffer.concat([JPEG.subarray(0, 6), Buffer.alloc(MAX_UPLOAD_BYTES + 10, 1)])
    const res = await upload(WANGLI, big)
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('refuses JSON instead of multipart (415), a form without a file (400), no login (401)', async () => {
    expect((await request(app.url).post('/api/files').set(authHeader(app, WANGLI)).send({ file: 'x' })).status).toBe(415)
    expect((await request(app.url).post('/api/files').set(authHeader(app, WANGLI)).field('note', 'x')).status).toBe(400)
    expect((await request(app.url).post('/api/files').attach('file', JPEG, 'a.jpg')).status).toBe(401)
  })

  it('reading: a tampered or expired signature is 403; without one only the uploader may read', async () => {
    const { body } = await upload(WANGLI, JPEG)
    const tampered = body.url.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
    expect((await request(app.url).get(tampered)).status).toBe(403)
    expect((await request(app.url).get(`/api/files/${body.id}`).set(authHeader(app, WANGLI))).status).toBe(200)
    expect((await request(app.url).get(`/api/files/${body.id}`).set(authHeader(app, CHENQIANG))).status).toBe(403)
    expect((await request(app.url).get(`/api/files/${body.id}`)).status).toBe(401)
    expect(
      (
        await request(app.url)
          .get(`/api/files/${'0'.repeat(32)}`)
          .set(authHeader(app, WANGLI))
      ).status,
    ).toBe(404)
    clock.advance(4 * 3_600_000)
    expect((await request(app.url).get(body.url)).status).toBe(403)
  })
})

describe('photos on a progress record', () => {
  it('up to 9 of the worker’s own photos; 10 is 400; someone else’s photo is 422; the timeline links them', async () => {
    const id = await publishedTask(app)
    await as(app, WANGLI).post(`/api/tasks/${id}/claim`)
    const photos: string[] = []
    for (let i = 0; i < 10; i++) photos.push((await upload(WANGLI, JPEG)).body.id)
    const ten = await as(app, WANGLI).post(`/api/tasks/${id}/progress`, { note: '现场照片', photos })
    expect(ten.status).toBe(400)
    expect(ten.body.error.code).toBe('VALIDATION_FAILED')
    const foreign = (await upload(CHENQIANG, JPEG)).body.id
    expect((await as(app, WANGLI).post(`/api/tasks/${id}/progress`, { note: '现场照片', photos: [foreign] })).status).toBe(422)
    const nine = await as(app, WANGLI).post(`/api/tasks/${id}/progress`, { kind: 'visit', note: '现场照片 9 张', photos: photos.slice(0, 9) })
    expect(nine.status).toBe(200)
    const shown = nine.body.event.data.photos as Array<{ id: string; url: string }>
    expect(shown.map((p) => p.id)).toEqual(photos.slice(0, 9))
    const img = await request(app.url).get(shown[0].url)
    expect(img.status).toBe(200)
    expect(img.headers['content-type']).toBe('image/jpeg')
  })
})
