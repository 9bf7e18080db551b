/**
 * Security headers on every answer (helmet, through koa-helmet): a Content-Security-Policy the H5 app runs
 * under, framing only by this origin and the PC clients of DingTalk / 浙政钉 (FRAME_ANCESTORS), nosniff,
 * no referrer leaking a task link, HSTS only on requests that arrived over TLS, and no server banner.
 *
 * The H5 index.html has two small inline scripts (the first-paint skeleton and the early requests) and one
 * inline handler (the non-blocking stylesheet's onload): they are allowed by their SHA-256 hashes, read
 * from the built file at start, rather than by 'unsafe-inline'. The platform bridges (dingtalk-jsapi,
 * gdt-jsapi) call the container through injected objects, not through the network or frames, so
 * connect-src and frame-src stay on this origin. React sets style attributes, hence style-src 'unsafe-inline'.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Middleware } from 'koa'
import helmet from 'koa-helmet'

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

/** Hashes of the inline scripts and inline event handlers of the built index.html (none without a build). */
export function inlineScriptHashes(h5DistDir: string | undefined): { scripts: string[]; handlers: string[] } {
  if (!h5DistDir) return { scripts: [], handlers: [] }
  let html: string
  try {
    html = fs.readFileSync(path.join(h5DistDir, 'index.html'), 'utf8')
  } catch {
    return { scripts: [], handlers: [] }
  }
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => sha256(m[1]))
  const handlers = [...html.matchAll(/\son[a-z]+="([^"]*)"/gi)].map((m) =>
    sha256(
      m[1]
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
    ),
  )
  return { scripts: [...new Set(scripts)], handlers: [...new Set(handlers)] }
}

export interface SecurityHeaderOptions {
  h5DistDir?: string
  /** origins allowed to frame the app besides itself (FRAME_ANCESTORS) */
  frameAncestors: string[]
}

export function securityHeaders(opts: SecurityHeaderOptions): Middleware {
  const { scripts, handlers } = inlineScriptHashes(opts.h5DistDir)
  const scriptSrc = ["'self'", ...scripts, ...(handlers.length ? ["'unsafe-hashes'", ...handlers] : [])]
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': scriptSrc,
        'script-src-attr': handlers.length ? ["'unsafe-hashes'", ...handlers] : ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'media-src': ["'self'", 'blob:'],
        'object-src': ["'none'"],
        'frame-src': ["'none'"],
        'worker-src': ["'self'", 'blob:'],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'self'", ...opts.frameAncestors],
      },
    },
    // frame-ancestors decides framing; X-Frame-Options cannot name other origins and would contradict it
    xFrameOptions: false,
    // set below, only on requests that came over TLS (a LAN demo over http must not be pinned to https)
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  })
  return async (ctx, next) => {
    await headers(ctx, next)
    if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    ctx.remove('Server')
    ctx.remove('X-Powered-By')
  }
}
