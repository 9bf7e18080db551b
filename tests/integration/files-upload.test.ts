/**
 * Photo uploads: the type is decided by the bytes (not the header), size over the limit is 413,
 * files are stored durably under the data directory, read back through signed URLs, and a
 * progress record takes at most 9 of the worker's own photos.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { MAX_UPLOAD_BYTES } from '../../bff/src/files/routes'
import { ManualClock } from '../../bff/src/infra/clock'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { as, CHENQIANG, publishedTask, WANGLI } from './tasks-fixtures'

const clock = new ManualClock(Date.now())
let app: TestApp
let dataDir: string

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(200, 7), Buffer.from([0xff, 0xd9])])
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)])
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(32, 2)])
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)])

beforeAll(async () => {
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
  it.each([
    ['JPEG', JPEG, 'image/jpeg'],
    ['PNG', PNG, 'image/png'],
    ['WebP', WEBP, 'image/webp'],
  ])('accepts a %s photo, stores it under the data directory and serves it back by signed URL', async (_name, bytes, type) => {
    const res = await upload(WANGLI, bytes, 'x.bin', 'application/octet-stream')
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ contentType: type, size: bytes.length })
    expect(res.body.id).toMatch(/^[a-f0-9]{32}$/)
    const stored = path.join(dataDir, 'files', res.body.id.slice(0, 2), res.body.id.slice(2, 4), res.body.id)
    expect(fs.readFileSync(stored).equals(bytes)).toBe(true)
    const got = await request(app.url).get(res.body.url).buffer(true)
    expect(got.status).toBe(200)
    expect(got.headers['content-type']).toBe(type)
    expect(Buffer.from(got.body).equals(bytes)).toBe(true)
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
