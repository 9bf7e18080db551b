/**
 * Photos kept in the database (FILE_STORAGE=database, bff/src/files/db-storage.ts): a photo uploaded
 * through one instance is served by another over the same database through the same signed URL, in
 * chunks read by `_id`; `npm run files:to-database` copies a one-machine install's folder into it and
 * verifies every file against the hash taken at upload, and a second run changes nothing.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { copyFilesToDatabase, sha256Of } from '../../bff/src/files/copy'
import { CHUNK_SIZE, DatabaseStorage } from '../../bff/src/files/db-storage'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { testMongoUri } from '../support/db'
import { noisePng } from '../support/png'
import { WANGLI } from './tasks-fixtures'

const upload = (app: TestApp, bytes: Buffer) =>
  request(app.url).post('/api/files').set(authHeader(app, WANGLI)).attach('file', bytes, { filename: 'p.png', contentType: 'image/png' })
const fetchBytes = async (app: TestApp, url: string) => {
  const res = await request(app.url).get(url).buffer(true)
  return { status: res.status, type: res.headers['content-type'], body: Buffer.isBuffer(res.body) ? res.body : Buffer.from(JSON.stringify(res.body)) }
}

describe('two instances with FILE_STORAGE=database', () => {
  let one: TestApp
  let two: TestApp
  beforeAll(async () => {
    one = await startTestApp({ env: { FILE_STORAGE: 'database' } })
    two = await startTestApp({ env: { FILE_STORAGE: 'database' }, sameDatabaseAs: one })
  })
  afterAll(async () => {
    await two.close()
    await one.close()
  })

  it('a photo uploaded through one instance is served by the other, byte for byte, by the same signed URL', async () => {
    const photo = noisePng(500, 400) // ≈ 600 KB: three chunks
    const res = await upload(one, photo)
    expect(res.status).toBe(201)
    const id: string = res.body.id
    const manifest = await two.db.models.FileManifest.findById(id).lean()
    expect(manifest).toMatchObject({ length: res.body.size, chunkSize: CHUNK_SIZE, chunks: Math.ceil(res.body.size / CHUNK_SIZE) })
    expect(manifest!.chunks).toBeGreaterThan(1)
    // nothing on either instance's disk
    expect(fs.existsSync(path.join(one.config.dataDir, 'files'))).toBe(false)

    const viaOne = await fetchBytes(one, res.body.url)
    const viaTwo = await fetchBytes(two, res.body.url)
    expect(viaTwo.status).toBe(200)
    expect(viaTwo.type).toBe('image/png')
    expect(viaTwo.body.length).toBe(res.body.size)
    expect(viaTwo.body.equals(viaOne.body)).toBe(true)
    const stored = await one.db.models.StoredFile.findById(id).lean()
    expect(await sha256Of((await new DatabaseStorage(two.db).open(id))!)).toBe(stored!.sha256)
    // the signature still decides: a tampered one is refused on either instance
    expect((await fetchBytes(two, res.body.url.replace(/sig=./, 'sig=x'))).status).toBe(403)
  })

  it('a file whose manifest is missing (an upload cut off half-way) does not exist', async () => {
    const storage = new DatabaseStorage(one.db)
    await one.db.models.FileChunk.create({ _id: `${'c'.repeat(32)}:00000`, fileId: 'c'.repeat(32), n: 0, data: Buffer.from('half') })
    expect(await storage.exists('c'.repeat(32))).toBe(false)
    expect(await storage.open('c'.repeat(32))).toBeNull()
  })
})

describe('npm run files:to-database', () => {
  let disk: TestApp
  let dataDir: string
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-files-copy-'))
    disk = await startTestApp({ env: { DATA_DIR: dataDir } })
  })
  afterAll(async () => {
    await disk.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('copies every uploaded photo into the database, verifies each, reports what is missing or damaged, and is idempotent', async () => {
    const ids: string[] = []
    const urls: string[] = []
    for (const size of [
      [300, 200],
      [40, 30],
      [60, 50],
      [80, 60],
    ]) {
      const res = await upload(disk, noisePng(size[0], size[1]))
      expect(res.status).toBe(201)
      ids.push(res.body.id)
      urls.push(res.body.url)
    }
    const originals = await Promise.all(urls.map((u) => fetchBytes(disk, u)))
    const onDisk = (id: string) => path.join(dataDir, 'files', id.slice(0, 2), id.slice(2, 4), id)
    fs.rmSync(onDisk(ids[2])) // lost from the disk
    fs.writeFileSync(onDisk(ids[3]), Buffer.from('not the upload')) // damaged on the disk

    const progress: number[] = []
    const first = await copyFilesToDatabase(disk.db, dataDir, (done) => progress.push(done))
    expect(first).toEqual({ total: 4, copied: 2, present: 0, missing: [ids[2]], corrupt: [ids[3]], verified: 2 })
    expect(progress).toEqual([1, 2, 3, 4])

    // an instance running on the database storage serves the copied ones by their old signed URLs
    const dbInstance = await startTestApp({ env: { FILE_STORAGE: 'database' }, sameDatabaseAs: disk })
    try {
      for (const i of [0, 1]) {
        const got = await fetchBytes(dbInstance, urls[i])
        expect(got.status).toBe(200)
        expect(got.body.equals(originals[i].body)).toBe(true)
      }
      expect((await fetchBytes(dbInstance, urls[2])).status).toBe(404)
    } finally {
      await dbInstance.close()
    }

    // the lost file turns up again: a second run copies only it
    fs.writeFileSync(onDisk(ids[2]), originals[2].body)
    const second = await copyFilesToDatabase(disk.db, dataDir)
    expect(second).toEqual({ total: 4, copied: 1, present: 2, missing: [], corrupt: [ids[3]], verified: 3 })
  })

  it('the command prints its report and exits 2 while a file is not verified', async () => {
    const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bff/src/cli/files-to-database.ts'], {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, MONGODB_URI: testMongoUri(), MONGODB_DB: disk.db.conn.name, DATA_DIR: dataDir, DINGTALK_SIMULATOR: '1', LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.on('data', (c) => {
        out += c
      })
      child.stderr.on('data', (c) => {
        out += c
      })
      child.on('exit', (code) => resolve({ code, out }))
    })
    expect(run.out).toContain('files 4: copied 0, already there 3, verified 3, missing 0, corrupt 1')
    expect(run.out).toContain('does not match its upload')
    expect(run.code).toBe(2)
  })
})
