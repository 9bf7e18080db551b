/**
 * Citizens' photos: uploaded through the citizens' own route (a staff token is refused there, a citizen
 * token on the staff route), checked and stored like every photo (type from the bytes, size, EXIF with the
 * home position dropped), limited per citizen per hour and per day in the database (also when uploads
 * race), attachable only by their uploader (another citizen's photo is 404), and carried with the filing
 * into intake, the 研判 lead, the task the lead becomes and the desk's task; on a question too.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import sharp from 'sharp'
import request from 'supertest'
import { MAX_UPLOAD_BYTES } from '../../bff/src/files/routes'
import { ManualClock } from '../../bff/src/infra/clock'
import { citizenIdOf } from '../../bff/src/public/login'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { photo } from '../support/images'
import { citizen, fileDispute, leadsWaitForCentre, loginCitizen } from './public-fixtures'
import { as, DISPATCHER, WANGLI, XUMING } from './tasks-fixtures'

const PER_HOUR = 4
const MB_PER_DAY = 0.1
const clock = new ManualClock(new Date('2026-12-03T02:00:00Z'))
let app: TestApp
let JPEG: Buffer

beforeAll(async () => {
  app = await startTestApp({ clock, env: { PUBLIC_PHOTOS_PER_HOUR: String(PER_HOUR), PUBLIC_PHOTO_MB_PER_DAY: String(MB_PER_DAY) } })
  await leadsWaitForCentre(app)
  await app.db.models.User.updateOne({ _id: XUMING }, { $set: { tags: ['专科医生'] } })
  JPEG = await photo({ format: 'jpeg', exif: true })
})
afterAll(async () => app.close())

const upload = (token: string, bytes: Buffer, contentType = 'image/jpeg') =>
  request(app.url).post('/api/public/photos').set('authorization', `Bearer ${token}`).attach('file', bytes, { filename: 'p.jpg', contentType })

async function uploaded(token: string, bytes = JPEG): Promise<{ id: string; url: string }> {
  const res = await upload(token, bytes)
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** A noisy photo: it compresses like a real one, so its size is what a phone's shrunk photo weighs. */
async function noisy(width: number, height: number): Promise<Buffer> {
  const raw = randomBytes(width * height * 3)
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer()
}

const fetchBytes = async (url: string) => {
  const res = await request(app.url).get(url).buffer(true)
  expect(res.status).toBe(200)
  return Buffer.from(res.body)
}

describe('the citizens’ upload route', () => {
  let token: string
  beforeAll(async () => {
    token = await loginCitizen(app, '13905746001')
  })

  it.each(['jpeg', 'png', 'webp'] as const)('takes a %s photo, decided by its bytes, and stores it without its EXIF position', async (format) => {
    const bytes = await photo({ format, exif: true })
    const res = await upload(token, bytes, 'application/octet-stream')
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ contentType: `image/${format}`, id: expect.stringMatching(/^[a-f0-9]{32}$/) })
    const stored = await app.db.models.StoredFile.findById(res.body.id).lean()
    expect(stored?.ownerId).toBe(`citizen:${citizenIdOf(app.config.piiKey, '13905746001')}`)
    const meta = await sharp(await fetchBytes(res.body.url)).metadata()
    expect(meta.format).toBe(format)
    expect(meta.exif).toBeUndefined()
    clock.advance(61 * 60_000) // the next upload is in a new hour (4 an hour in this app)
  })

  it('refuses what is not a photo (415) and what is too large (413), whatever the client says it is', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)])
    const notPhoto = await upload(token, exe, 'image/jpeg')
    expect([notPhoto.status, notPhoto.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE'])
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(MAX_UPLOAD_BYTES + 100 * 1024, 1)])
    const tooLarge = await upload(token, huge).catch((err) => err.response ?? { status: 'reset' })
    // refused from its declared length; the server may close the connection before the body is sent
    if (tooLarge.status !== 'reset') expect([tooLarge.status, tooLarge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
    clock.advance(61 * 60_000)
  })

  it('refuses a staff token on the citizens’ route, and a citizen token on the staff route', async () => {
    const staff = await request(app.url)
      .post('/api/public/photos')
      .set(authHeader(app, WANGLI))
      .attach('file', JPEG, { filename: 'p.jpg', contentType: 'image/jpeg' })
    expect([staff.status, staff.body.error.code]).toEqual([401, 'TOKEN_INVALID'])
    const onStaff = await request(app.url)
      .post('/api/files')
      .set('authorization', `Bearer ${token}`)
      .attach('file', JPEG, { filename: 'p.jpg', contentType: 'image/jpeg' })
    expect(onStaff.status).toBe(401)
    const none = await request(app.url).post('/api/public/photos').attach('file', JPEG, { filename: 'p.jpg', contentType: 'image/jpeg' })
    expect(none.status).toBe(401)
  })
})

describe('per-citizen limits, counted in the database', () => {
  it(`takes ${PER_HOUR} photos an hour, then 429 with Retry-After, and more in the next hour`, async () => {
    const token = await loginCitizen(app, '13905746002')
    for (let i = 0; i < PER_HOUR; i++) await uploaded(token)
    const refused = await upload(token, JPEG)
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMITED'])
    expect(refused.body.error.message).toContain(`一小时内最多上传 ${PER_HOUR} 张`)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    // another citizen is not held back by this one
    await uploaded(await loginCitizen(app, '13905746003'))
    clock.advance(61 * 60_000)
    await uploaded(token)
  })

  it('racing uploads of one citizen never pass the hourly limit', async () => {
    const token = await loginCitizen(app, '13905746004')
    const results = await Promise.all(Array.from({ length: PER_HOUR + 3 }, () => upload(token, JPEG)))
    const ok = results.filter((r) => r.status === 201).length
    expect(ok).toBeGreaterThan(0)
    expect(ok).toBeLessThanOrEqual(PER_HOUR)
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 429)).toBe(true)
    expect(await app.db.models.StoredFile.countDocuments({ ownerId: { $regex: '^citizen:' } })).toBeGreaterThan(0)
    clock.advance(61 * 60_000)
  })

  it('sums the bytes of the day: past the daily amount, 429 until the day has passed', async () => {
    const token = await loginCitizen(app, '13905746005')
    const big = await noisy(256, 192)
    const fits = Math.floor((MB_PER_DAY * 1024 * 1024) / big.length)
    expect(fits).toBeGreaterThanOrEqual(1)
    expect(fits).toBeLessThan(PER_HOUR) // the day's bytes run out before the hour's count
    for (let i = 0; i < fits; i++) await uploaded(token, big)
    const refused = await upload(token, big)
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMITED'])
    expect(refused.body.error.message).toContain('今天上传的照片已达')
    clock.advance(2 * 3_600_000)
    expect((await upload(token, big)).status).toBe(429)
    clock.advance(23 * 3_600_000)
    await uploaded(token, big)
  })
})

describe('one citizen’s photos are nobody else’s', () => {
  let alice: string
  let bob: string
  let alicePhoto: { id: string; url: string }
  beforeAll(async () => {
    alice = await loginCitizen(app, '13905746011')
    bob = await loginCitizen(app, '13905746012')
    alicePhoto = await uploaded(alice)
  })

  it('the uploader reads her photo; another citizen gets 404, the same as for no photo at all', async () => {
    expect((await citizen(app, alice).get(`/api/public/photos/${alicePhoto.id}`)).status).toBe(200)
    const other = await citizen(app, bob).get(`/api/public/photos/${alicePhoto.id}`)
    const none = await citizen(app, bob).get(`/api/public/photos/${'0'.repeat(32)}`)
    expect([other.status, other.body.error.code]).toEqual([404, 'NOT_FOUND'])
    expect(other.body).toEqual(none.body)
    // and a staff member cannot read it without a signed link either
    expect((await as(app, WANGLI).get(`/api/files/${alicePhoto.id}`)).status).toBe(403)
  })

  it('another citizen cannot attach it to a filing or a question (404), nor can anyone attach a staff photo', async () => {
    const filing = await citizen(app, bob).post('/api/public/cases', {
      requestId: randomUUID(),
      category: 'neighbour',
      content: '楼上漏水到我家，已经很多天了',
      addressNote: '新城花苑5幢',
      photos: [alicePhoto.id],
    })
    expect([filing.status, filing.body.error?.code]).toEqual([404, 'NOT_FOUND'])
    const question = await citizen(app, bob).post('/api/public/consultations', {
      requestId: randomUUID(),
      topic: 'property',
      question: '楼上漏水不修怎么办？',
      photos: [alicePhoto.id],
    })
    expect([question.status, question.body.error?.code]).toEqual([404, 'NOT_FOUND'])
    const staffPhoto = await request(app.url)
      .post('/api/files')
      .set(authHeader(app, WANGLI))
      .attach('file', JPEG, { filename: 'p.jpg', contentType: 'image/jpeg' })
    expect(staffPhoto.status).toBe(201)
    const withStaff = await citizen(app, alice).post('/api/public/cases', {
      requestId: randomUUID(),
      category: 'neighbour',
      content: '楼上漏水到我家，已经很多天了',
      addressNote: '新城花苑5幢',
      photos: [staffPhoto.body.id],
    })
    expect(withStaff.status).toBe(404)
    // nothing was filed by the refused requests
    expect(await app.db.models.PublicCase.countDocuments({ citizenId: { $in: [citizenIdOf(app.config.piiKey, '13905746012')] } })).toBe(0)
  })

  it('takes at most 6 photos on a filing (400)', async () => {
    const seven = Array.from({ length: 7 }, (_, i) => `${String(i).repeat(32)}`.slice(0, 32))
    const res = await citizen(app, alice).post('/api/public/cases', {
      requestId: randomUUID(),
      category: 'neighbour',
      content: '楼上漏水到我家，已经很多天了',
      addressNote: '新城花苑5幢',
      photos: seven,
    })
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(res.body.error.message).toContain('最多附 6 张照片')
  })
})

describe('the photos follow the filing', () => {
  let token: string
  let photos: Array<{ id: string; url: string }>
  let code: string
  let leadId: string
  const ids = () => photos.map((p) => p.id)

  beforeAll(async () => {
    clock.advance(61 * 60_000)
    token = await loginCitizen(app, '13905746021')
    photos = [await uploaded(token), await uploaded(token, await photo({ format: 'png' }))]
    code = await fileDispute(app, token, { photos: ids(), content: '邻居在楼道堆放杂物，堵住消防通道' })
  })

  it('the citizen sees her photos on her case', async () => {
    const view = await citizen(app, token).get(`/api/public/cases/${code}`)
    expect(view.body.photos.map((p: { id: string }) => p.id)).toEqual(ids())
    for (const p of view.body.photos) await fetchBytes(p.url)
  })

  it('the intake record and the 研判 lead carry them', async () => {
    const record = await as(app, DISPATCHER).get(`/api/intake/records/public:${code}`)
    expect(record.status).toBe(200)
    expect(record.body.photos.map((p: { id: string }) => p.id)).toEqual(ids())
    leadId = (await app.db.models.IntakeSource.findById(`public:${code}`).lean())?.leadId as string
    expect(leadId).toMatch(/^XS/)
    const lead = await as(app, DISPATCHER).get(`/api/intake/leads/${leadId}`)
    expect(lead.status).toBe(200)
    const source = lead.body.sources.find((s: { key: string }) => s.key === `public:${code}`)
    expect(source.photos.map((p: { id: string }) => p.id)).toEqual(ids())
    expect(Buffer.compare(await fetchBytes(source.photos[0].url), await fetchBytes(photos[0].url))).toBe(0)
    // the desk's lookup by case code shows them too
    const desk = await as(app, DISPATCHER).get(`/api/public-cases/${code}`)
    expect(desk.body.photos.map((p: { id: string }) => p.id)).toEqual(ids())
  })

  it('the task the lead becomes carries them, for the people on the task', async () => {
    const res = await as(app, DISPATCHER).post(`/api/intake/leads/${leadId}/convert`).send({ handler: 'grid', territory: 'GT-01-01' })
    expect([res.status, res.body.error]).toEqual([200, undefined])
    const taskId = res.body.taskId ?? res.body.lead?.taskId
    const task = await as(app, WANGLI).get(`/api/tasks/${taskId}`)
    expect(task.status).toBe(200)
    const created = task.body.timeline.find((e: { type: string }) => e.type === 'created')
    expect(created.data.photos.map((p: { id: string }) => p.id)).toEqual(ids())
    await fetchBytes(created.data.photos[1].url)
  })

  it('a case the desk accepts makes a task with its photos', async () => {
    const p = await uploaded(token)
    const other = await fileDispute(app, token, { photos: [p.id], category: 'wages', content: '包工头拖欠三个月工资不给', addressNote: '工业园区' })
    const accepted = await as(app, DISPATCHER).post(`/api/public-cases/${other}/accept`, { territory: 'GT-01' })
    expect(accepted.status).toBe(200)
    const task = await as(app, DISPATCHER).get(`/api/tasks/${accepted.body.taskId}`)
    const created = task.body.timeline.find((e: { type: string }) => e.type === 'created')
    expect(created.data.photos.map((x: { id: string }) => x.id)).toEqual([p.id])
  })

  it('a question carries its photos to the answerers, and into the dispute it is turned into', async () => {
    clock.advance(61 * 60_000)
    const p = await uploaded(token)
    const asked = await citizen(app, token).post('/api/public/consultations', {
      requestId: randomUUID(),
      topic: 'property',
      question: '物业不修漏水的水管，我能不交物业费吗？',
      photos: [p.id],
    })
    expect(asked.status).toBe(201)
    expect(asked.body.consultation.photos.map((x: { id: string }) => x.id)).toEqual([p.id])
    const queue = await as(app, XUMING).get('/api/consultations')
    const item = queue.body.items.find((q: { id: string }) => q.id === asked.body.consultation.id)
    expect(item.photos.map((x: { id: string }) => x.id)).toEqual([p.id])
    await fetchBytes(item.photos[0].url)
    const turned = await citizen(app, token).post(`/api/public/consultations/${asked.body.consultation.id}/dispute`)
    expect(turned.status).toBe(200)
    expect((await app.db.models.PublicCase.findById(turned.body.code).lean())?.photos).toEqual([p.id])
  })
})
