/**
 * Backup and restore (bff/src/platform/backup.ts, `npm run backup` / `npm run restore`): a system with
 * tasks, timelines, points and photos is written to one archive and loaded into an empty database; the
 * restored system answers the same task pages (timelines included), the same points and the same photo
 * bytes. A database that is not empty, and an archive that is cut off or damaged, are refused before
 * anything is written. Old archives are pruned by age.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import request from 'supertest'
import { connectDb } from '../../bff/src/compose'
import type { Db } from '../../bff/src/infra/db'
import { backupName, pruneBackups, readSummary, restoreBackup, writeBackup } from '../../bff/src/platform/backup'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { dropAndClose, testDbName, testMongoUri } from '../support/db'
import { noisePng } from '../support/png'
import { ADMIN, acceptedTask, claimedTask, myPoints } from './points-fixtures'
import { as, DISPATCHER, HEJUN, WANGLI } from './tasks-fixtures'

let source: TestApp
let work: string
const taskIds: string[] = []
const photoUrls: string[] = []

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-backup-'))
  source = await startTestApp({ env: { DATA_DIR: path.join(work, 'source') } })
  // a small street's worth of activity: accepted tasks (ledger lines), one in progress with photos, a reveal
  for (let i = 0; i < 3; i++) taskIds.push((await acceptedTask(source, WANGLI, { rating: 3 + (i % 3) })).id)
  const { id } = await claimedTask(source, WANGLI)
  taskIds.push(id)
  const photos: string[] = []
  for (const size of [
    [320, 240],
    [120, 90],
  ]) {
    const res = await request(source.url)
      .post('/api/files')
      .set(authHeader(source, WANGLI))
      .attach('file', noisePng(size[0], size[1]), { filename: 'p.png', contentType: 'image/png' })
    expect(res.status).toBe(201)
    photos.push(res.body.id)
  }
  expect((await as(source, WANGLI).post(`/api/tasks/${id}/progress`, { kind: 'visit', note: '现场拍照', photos })).status).toBe(200)
  expect((await as(source, DISPATCHER).post(`/api/tasks/${id}/reveal-phone`, { party: 0 })).status).toBe(200)
  const page = await as(source, DISPATCHER).get(`/api/tasks/${id}`)
  for (const e of page.body.timeline) for (const p of e.data?.photos ?? []) photoUrls.push(p.url)
  expect(photoUrls).toHaveLength(2)
})
afterAll(async () => {
  await source.close()
  fs.rmSync(work, { recursive: true, force: true })
})

/** What a person sees of the system: every task page (timeline included), points, boards and photos. */
async function view(app: TestApp) {
  const tasks = []
  for (const id of taskIds) tasks.push((await as(app, DISPATCHER).get(`/api/tasks/${id}`)).body)
  const photos = []
  for (const url of photoUrls) photos.push(Buffer.from((await request(app.url).get(url).buffer(true)).body).toString('base64'))
  return {
    tasks,
    points: await myPoints(app, WANGLI),
    board: (await as(app, ADMIN).get('/api/points/leaderboard?kind=person')).body,
    hall: (await as(app, WANGLI).get('/api/tasks?view=hall')).body,
    photos,
  }
}

describe('a round trip', () => {
  let archive: string
  let target: Db

  it('writes every collection and photo into one dated archive, reporting progress', async () => {
    const progress: string[] = []
    const now = new Date(Date.UTC(2026, 10, 27, 3, 0, 5))
    const summary = await writeBackup(source.deps, path.join(work, 'backups'), (p) => progress.push(`${p.stage}:${p.name}:${p.done}`), now)
    archive = summary.file
    expect(path.basename(archive)).toBe(backupName(source.db.conn.name, now))
    expect(path.basename(archive)).toMatch(/^jqtb-t_backup_restore_[a-f0-9]{6}-20261127-030005\.jsonl\.gz$/)
    expect(summary.files).toBe(2)
    expect(summary.missingFiles).toEqual([])
    expect(summary.counts.task_events).toBe(await source.db.models.TaskEvent.countDocuments({}))
    expect(summary.counts.points_ledger).toBe(await source.db.models.LedgerEntry.countDocuments({}))
    expect(summary.counts.tasks).toBe(4)
    // generation stamps stay behind: processes keep copies under them (docs/database.md#people-stamp)
    expect(summary.counts.people_stamps).toBeUndefined()
    expect(summary.counts.indices_stamps).toBeUndefined()
    expect(progress).toContain('collection:tasks:4')
    expect(progress).toContain('files:photos:2')
    // the caches are written before the logs they fold
    const order = Object.keys(summary.counts)
    expect(order.indexOf('tasks')).toBeLessThan(order.indexOf('task_events'))
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('user_changes'))
    expect(await readSummary(archive)).toMatchObject({ db: source.db.conn.name, counts: summary.counts, files: 2 })
  })

  it('restores into an empty database (photos into the other kind of storage) that shows the same tasks, timelines, points and photos', async () => {
    const name = testDbName('restored')
    target = await connectDb(testMongoUri(), name)
    await target.conn.dropDatabase()
    const restoredDir = path.join(work, 'restored')
    const summary = await restoreBackup({ db: target, config: { dataDir: restoredDir, fileStorage: 'database' } }, archive)
    expect(summary.files).toBe(2)
    const restored = await startTestApp({ existingDatabase: name, env: { DATA_DIR: restoredDir, FILE_STORAGE: 'database' } })
    try {
      const before = await view(source)
      const after = await view(restored)
      expect(after.tasks.map((t) => t.timeline.length)).toEqual(before.tasks.map((t) => t.timeline.length))
      expect(after.tasks).toEqual(before.tasks)
      expect(after.points.total).toEqual(before.points.total)
      expect(after.points.total.total).toBeGreaterThan(100)
      expect(after.points).toEqual(before.points)
      expect(after.board).toEqual(before.board)
      expect(after.hall).toEqual(before.hall)
      expect(after.photos).toEqual(before.photos)
      expect(after.photos[0].length).toBeGreaterThan(1000)
      // and it keeps working: the restored system takes new work
      expect((await as(restored, HEJUN).get('/api/tasks?view=department')).status).toBe(200)
    } finally {
      await restored.close()
    }
  })

  it('refuses a database that is not empty, naming what is in it, and writes nothing', async () => {
    const before = await target.models.TaskEvent.countDocuments({})
    await expect(restoreBackup({ db: target, config: { dataDir: path.join(work, 'restored'), fileStorage: 'database' } }, archive)).rejects.toThrow(
      /refusing to restore into a database that is not empty: .*task_events/,
    )
    expect(await target.models.TaskEvent.countDocuments({})).toBe(before)
    await dropAndClose(target)
  })

  it('refuses an archive that was cut off or damaged before writing anything', async () => {
    const whole = zlib.gunzipSync(fs.readFileSync(archive)).toString('utf8').split('\n')
    const cut = path.join(work, 'cut.jsonl.gz')
    fs.writeFileSync(cut, zlib.gzipSync(whole.slice(0, Math.floor(whole.length / 2)).join('\n')))
    const damaged = path.join(work, 'damaged.jsonl.gz')
    fs.writeFileSync(damaged, fs.readFileSync(archive).subarray(0, 2000))
    const empty = await connectDb(testMongoUri(), testDbName('empty'))
    try {
      await empty.conn.dropDatabase()
      const config = { dataDir: path.join(work, 'never'), fileStorage: 'disk' as const }
      await expect(restoreBackup({ db: empty, config }, cut)).rejects.toThrow('the archive is incomplete (no end line): the backup was interrupted')
      await expect(restoreBackup({ db: empty, config }, damaged)).rejects.toThrow(/the archive is (damaged or incomplete|incomplete)/)
      await expect(restoreBackup({ db: empty, config }, path.join(work, 'no-such.jsonl.gz'))).rejects.toThrow('cannot read the archive')
      const collections = await empty.conn.db!.listCollections().toArray()
      for (const c of collections) expect(await empty.conn.db!.collection(c.name).countDocuments({})).toBe(0)
      expect(fs.existsSync(path.join(work, 'never', 'files'))).toBe(false)
    } finally {
      await dropAndClose(empty)
    }
  })
})

it('prunes this database’s archives older than the retention, keeping the rest', async () => {
  const dir = path.join(work, 'prune')
  fs.mkdirSync(dir)
  for (const name of [
    'jqtb-jqtb-20261101-020000.jsonl.gz',
    'jqtb-jqtb-20261120-020000.jsonl.gz',
    'jqtb-jqtb-20261126-020000.jsonl.gz',
    'jqtb-other-20261101-020000.jsonl.gz',
    'notes.txt',
  ]) {
    fs.writeFileSync(path.join(dir, name), 'x')
  }
  const removed = await pruneBackups(dir, 'jqtb', 14, new Date(Date.UTC(2026, 10, 27, 2)))
  expect(removed).toEqual(['jqtb-jqtb-20261101-020000.jsonl.gz'])
  expect(fs.readdirSync(dir).sort()).toEqual([
    'jqtb-jqtb-20261120-020000.jsonl.gz',
    'jqtb-jqtb-20261126-020000.jsonl.gz',
    'jqtb-other-20261101-020000.jsonl.gz',
    'notes.txt',
  ])
})

it('npm run backup: the command prints progress and a summary, then prunes', async () => {
  const dir = path.join(work, 'cli')
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, `jqtb-${source.db.conn.name}-20200101-000000.jsonl.gz`), 'old')
  const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bff/src/cli/backup.ts', '--dir', dir, '--keep-days', '30'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, MONGODB_URI: testMongoUri(), MONGODB_DB: source.db.conn.name, DATA_DIR: source.config.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let text = ''
    child.stdout.on('data', (c) => {
      text += c
    })
    child.stderr.on('data', (c) => {
      text += c
    })
    child.on('exit', (code) => resolve({ code, text }))
  })
  expect(out.text).toMatch(/ {2}task_events +\d+\n/)
  expect(out.text).toMatch(/wrote .*\.jsonl\.gz: \d+ collections, \d+ documents, 2 photos/)
  expect(out.text).toContain(`deleted 1 archives older than 30 days: jqtb-${source.db.conn.name}-20200101-000000.jsonl.gz`)
  expect(out.code).toBe(0)
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz'))).toHaveLength(1)
})
