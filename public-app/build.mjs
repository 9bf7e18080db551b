// Builds the citizen's H5 page (公众侧) into public-app/dist: one small bundle (Preact), hashed file
// names (the BFF lets phones keep them), an index.html with the stylesheet inlined so the first paint
// needs one request besides the page. `npm start` and `npm test` run this through tools/lib/h5.cjs.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = path.dirname(fileURLToPath(import.meta.url))
const dist = path.join(here, 'dist')

const result = await build({
  entryPoints: [path.join(here, 'src', 'main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2019'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  write: false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
})
const js = result.outputFiles[0].contents
const hash = crypto.createHash('sha256').update(js).digest('hex').slice(0, 8)
fs.rmSync(dist, { recursive: true, force: true })
fs.mkdirSync(dist, { recursive: true })
const jsName = `app.${hash}.js`
fs.writeFileSync(path.join(dist, jsName), js)
const css = fs.readFileSync(path.join(here, 'src', 'style.css'), 'utf8').replace(/\s*\n\s*/g, '')
const html = fs
  .readFileSync(path.join(here, 'src', 'index.html'), 'utf8')
  .replace('/*STYLE*/', css)
  .replace('APP_JS', jsName)
fs.writeFileSync(path.join(dist, 'index.html'), html)
console.log(`public-app: ${jsName} ${(js.length / 1024).toFixed(1)} KB`)
