import type { IncomingMessage } from 'node:http'
import type Router from '@koa/router'
import Busboy from 'busboy'
import type { Context } from 'koa'
import { z } from 'zod'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { parse } from '../infra/validate'
import { describeRoute } from '../openapi/registry'
import { storePhoto } from './commands'
import { assertCanReadUnsigned, assertValidFileLink } from './policy'
import { findFile, openFileContent } from './queries'

/** A phone photo is 1–5 MB; 10 MB leaves room without letting one upload fill the disk. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

interface Upload {
  bytes: Buffer | null
  tooLarge: boolean
}

/** A weak signal is slow, but an upload that sends nothing for this long has been abandoned. */
const UPLOAD_IDLE_MS = 60_000

/**
 * Reads the one `file` part of a multipart body into memory, stopping at the size limit. A client that
 * goes away mid-upload, stalls, or sends a body that ends inside a part ends the request with a 400; every
 * stream involved (the request, busboy, the file part) has an error listener for as long as it lives, because
 * an `error` event nobody listens to ends the process.
 */
function readFilePart(req: IncomingMessage, limit: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const incomplete = () => new AppError('VALIDATION_FAILED', '上传的内容不完整或格式有误，请重试')
    let bb: Busboy.Busboy
    try {
      bb = Busboy({ headers: req.headers, limits: { files: 1, fileSize: limit, fields: 10, parts: 12, fieldSize: 1024 } })
    } catch {
      reject(new AppError('VALIDATION_FAILED', '上传格式有误：请以 multipart/form-data 上传，文件字段名为 file'))
      return
    }
    let settled = false
    const fail = () => {
      if (settled) return
      settled = true
      req.unpipe(bb)
      bb.destroy()
      reject(incomplete())
    }
    const result: Upload = { bytes: null, tooLarge: false }
    bb.on('file', (field, stream) => {
      // busboy destroys a part's stream with "Unexpected end of file/form" when the body stops inside it
      stream.on('error', fail)
      if (field !== 'file' || result.bytes) {
        stream.resume()
        return
      }
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('limit', () => {
        result.tooLarge = true
      })
      stream.on('end', () => {
        result.bytes = Buffer.concat(chunks)
      })
    })
    bb.on('error', fail)
    bb.on('close', () => {
      if (settled) return
      settled = true
      resolve(result)
    })
    req.on('aborted', fail)
    req.on('error', fail)
    req.setTimeout(UPLOAD_IDLE_MS, () => {
      fail()
      req.destroy()
    })
    req.pipe(bb)
  })
}

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `照片不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请压缩后重试`, { maxBytes: MAX_UPLOAD_BYTES })

/**
 * The bytes of the one photo of a multipart upload (field `file`), whole: refused before reading when the
 * declared length is over the limit, 413 when the body is, 400 when nothing came. Used by the staff route
 * here and the citizens' (public/photos.ts).
 */
export async function receivePhotoUpload(ctx: Context): Promise<Buffer> {
  if (!ctx.is('multipart/form-data')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件（字段名 file）')
  const declared = Number(ctx.get('content-length') || 0)
  if (declared > MAX_UPLOAD_BYTES + 64 * 1024) {
    ctx.set('connection', 'close')
    throw tooLarge()
  }
  const upload = await readFilePart(ctx.req, MAX_UPLOAD_BYTES)
  if (upload.tooLarge) throw tooLarge()
  if (!upload.bytes?.length) throw new AppError('VALIDATION_FAILED', '没有收到文件：请在字段 file 中上传照片')
  return upload.bytes
}

/** A 429 (the decoder queue is full: image.ts; a citizen's upload limit) carries Retry-After. */
export function withRetryAfter(ctx: Context) {
  return (err: AppError) => {
    if (err.code === 'RATE_LIMITED') ctx.set('Retry-After', String((err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 5))
    throw err
  }
}

const fileParams = z.object({ id: z.string().regex(/^[a-f0-9]{32}$/, '文件编号格式不正确') }).strict()
const signedQuery = z.object({ exp: z.coerce.number().int().positive(), sig: z.string().min(10).max(64) }).strict()

export function fileRoutes(router: Router, deps: AppDeps) {
  const auth = requireAuth(deps)

  describeRoute(router, {
    method: 'post',
    path: '/api/files',
    tag: 'files',
    summary: '上传一张照片（JPG/PNG/WebP，≤ 10 MB、≤ 5000 万像素；整张解码后去掉元数据重新编码存储）',
    multipart: true,
    response: 'FileView',
    status: 201,
    errors: [400, 413, 415],
  })
  router.post('/api/files', auth, async (ctx) => {
    const user = currentUser(ctx)
    const body = await storePhoto(deps, user.id, await receivePhotoUpload(ctx)).catch(withRetryAfter(ctx))
    ctx.status = 201
    ctx.body = body
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/files/:id',
    tag: 'files',
    summary: '读取照片：带签名参数（exp、sig，来自工单详情）或由上传者本人登录读取',
    binary: 'image/jpeg, image/png or image/webp',
    response: 'the image',
    public: true,
    errors: [403, 404],
  })
  router.get('/api/files/:id', async (ctx) => {
    const { id } = parse(fileParams, { id: ctx.params.id })
    const doc = await findFile(deps, id)
    if (ctx.query.sig !== undefined || ctx.query.exp !== undefined) {
      assertValidFileLink(deps.config.jwt.secret, id, parse(signedQuery, ctx.query), deps.clock.now())
    } else {
      await auth(ctx, async () => {})
      assertCanReadUnsigned(currentUser(ctx), doc)
    }
    const stream = await openFileContent(deps, id)
    ctx.type = doc.contentType
    ctx.set('cache-control', 'private, max-age=3600')
    ctx.set('x-content-type-options', 'nosniff')
    ctx.body = stream
  })
}
