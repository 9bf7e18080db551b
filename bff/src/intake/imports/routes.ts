/** File import endpoints: upload (→ dry run), look, commit, error sheet (docs/intake.md#file-import). */
import fs from 'node:fs'
import { PassThrough } from 'node:stream'
import { type ImportView, importFields } from '@jqtb/shared'
import type Router from '@koa/router'
import { z } from 'zod'
import { currentUser, requireAuth } from '../../auth/middleware'
import type { AppDeps } from '../../deps'
import { AppError } from '../../infra/errors'
import { byUserOrIp, rateLimit } from '../../infra/rate-limit'
import { parse } from '../../infra/validate'
import { describeRoute } from '../../openapi/registry'
import { territoryNames } from '../context'
import { intakeDeps } from '../ingest'
import type { IntakeImportDoc } from '../model'
import { assertCanImport } from '../policy'
import { presentImport } from '../presenter'
import { writeErrorSheet } from './error-sheet'
import { emptyCounts, startRun } from './run'
import { receiveImportFile } from './upload'

const TAG = 'intake'
const importId = z.string().regex(/^[a-f0-9]{24}$/, '导入编号格式不正确')

export function importRoutes(router: Router, deps: AppDeps) {
  const auth = requireAuth(deps)
  const d = { ...intakeDeps(deps), dataDir: deps.config.dataDir }
  const view = async (imp: IntakeImportDoc): Promise<ImportView> => {
    const v = presentImport(imp, await territoryNames(deps.db))
    if (imp.sameAs) {
      const earlier = await deps.db.models.IntakeImport.findById(imp.sameAs).lean<IntakeImportDoc>()
      if (earlier) v.sameAs = { id: earlier._id, createdAt: earlier.createdAt.toISOString() }
    }
    return v
  }
  const load = async (id: string) => {
    const imp = await deps.db.models.IntakeImport.findById(parse(importId, id)).lean<IntakeImportDoc>()
    if (!imp) throw new AppError('NOT_FOUND', '这次导入不存在')
    return imp
  }

  describeRoute(router, {
    method: 'post',
    path: '/api/intake/imports',
    tag: TAG,
    summary: '上传渠道导出文件（.xlsx / .csv，UTF-8 或 GBK，≤ 50 MB）；随即预检（不入库），预检进度与结果见 GET /api/intake/imports/:id',
    multipart: true,
    response: 'ImportView',
    status: 201,
    errors: [400, 403, 413, 415],
  })
  router.post(
    '/api/intake/imports',
    auth,
    rateLimit({ max: 30, windowMs: 10 * 60_000, key: byUserOrIp, message: '上传过于频繁，请稍后再试' }, deps.clock),
    async (ctx) => {
      const user = currentUser(ctx)
      assertCanImport(user)
      if (!ctx.is('multipart/form-data')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传（字段 channel、encoding 和文件 file）')
      const file = await receiveImportFile(ctx.req, deps.config.dataDir)
      let fields: ReturnType<typeof importFields.parse>
      try {
        fields = parse(importFields, file.fields)
      } catch (err) {
        await fs.promises.rm(file.path, { force: true })
        throw err
      }
      const now = deps.clock.now()
      const earlier = await deps.db.models.IntakeImport.findOne({ sha256: file.sha256, channel: fields.channel, state: 'done' })
        .sort({ createdAt: -1, _id: -1 })
        .lean()
      const imp: IntakeImportDoc = {
        _id: file.id,
        channel: fields.channel,
        filename: file.filename,
        format: file.format,
        encoding: fields.encoding,
        size: file.size,
        sha256: file.sha256,
        state: 'analysing',
        createdBy: { id: user.id, name: user.name },
        createdAt: now,
        updatedAt: now,
        progress: { phase: 'analyse', rows: 0, bytes: 0 },
        counts: emptyCounts(),
        header: [],
        headerRow: 0,
        sample: [],
        problems: [],
        committedRows: 0,
        ...(earlier ? { sameAs: earlier._id } : {}),
      }
      await deps.db.models.IntakeImport.collection.insertOne(imp as never)
      startRun(d, imp._id, 'analyse')
      ctx.status = 201
      ctx.body = await view(imp)
    },
  )

  describeRoute(router, { method: 'get', path: '/api/intake/imports', tag: TAG, summary: '最近的导入', response: '{ items: ImportView[] }', errors: [403] })
  router.get('/api/intake/imports', auth, async (ctx) => {
    assertCanImport(currentUser(ctx))
    const docs = await deps.db.models.IntakeImport.find({}).sort({ createdAt: -1, _id: -1 }).limit(20).lean<IntakeImportDoc[]>()
    ctx.body = { items: await Promise.all(docs.map(view)) }
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/imports/:id',
    tag: TAG,
    summary: '一次导入：进度、逐行映射、问题清单（行、列、值、原因）',
    response: 'ImportView',
    errors: [403, 404],
  })
  router.get('/api/intake/imports/:id', auth, async (ctx) => {
    assertCanImport(currentUser(ctx))
    ctx.body = await view(await load(ctx.params.id))
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/intake/imports/:id/commit',
    tag: TAG,
    summary: '确认导入：预检通过的行入库，有错误的行跳过（可下载错误表修改后重新导入）；中断后再次调用从中断处继续',
    response: 'ImportView',
    errors: [403, 404, 409],
  })
  router.post('/api/intake/imports/:id/commit', auth, async (ctx) => {
    assertCanImport(currentUser(ctx))
    const imp = await load(ctx.params.id)
    if (imp.state === 'committing' || imp.state === 'done') {
      ctx.body = await view(imp)
      return
    }
    if (imp.state !== 'ready' && !(imp.state === 'failed' && imp.header.length)) {
      throw new AppError('INVALID_TRANSITION', imp.state === 'analysing' ? '预检还没有完成，请稍候' : '这个文件无法导入，请按提示修改后重新上传', {
        state: imp.state,
      })
    }
    if (!imp.counts.good) throw new AppError('DOMAIN_RULE', '没有可以导入的行：请下载错误表，修改后重新上传')
    await deps.db.models.IntakeImport.updateOne({ _id: imp._id }, { $set: { state: 'committing', updatedAt: deps.clock.now() }, $unset: { refusal: 1 } })
    startRun(d, imp._id, 'commit')
    ctx.body = await view({ ...imp, state: 'committing' })
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/intake/imports/:id/errors.xlsx',
    tag: TAG,
    summary: '错误表：未导入的行（原样列 + 原行号 + 错误说明），修改后可直接重新导入',
    binary: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    response: 'the sheet',
    errors: [403, 404, 409],
  })
  router.get('/api/intake/imports/:id/errors.xlsx', auth, async (ctx) => {
    assertCanImport(currentUser(ctx))
    const imp = await load(ctx.params.id)
    if (!imp.header.length || imp.state === 'analysing' || imp.state === 'refused') throw new AppError('INVALID_TRANSITION', '预检完成后才能下载错误表')
    const out = new PassThrough()
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    ctx.attachment(`错误表-${imp.filename.replace(/\.(csv|xlsx|txt)$/i, '')}.xlsx`)
    ctx.body = out
    writeErrorSheet(d, imp, out).catch((err) => {
      deps.logger.error({ err, importId: imp._id }, 'error sheet failed')
      out.destroy(err as Error)
    })
  })
}
