// Prints the DingTalk mini-program's package sizes after `taro build --type dd` and fails when one is over budget:
// the main package (everything outside the sub-package roots of app.json) ≤ 1 MB, each sub-package ≤ 2 MB
// (DingTalk's limit per package, docs/dingtalk.md). Run by `npm run build:dd`.
const fs = require('node:fs')
const path = require('node:path')

const dist = path.resolve(__dirname, '../miniapp/dist/dd')
const MAIN_BUDGET = 1024 * 1024
const SUB_BUDGET = 2 * 1024 * 1024

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'))
const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''))
const sizes = new Map([['main', 0], ...roots.map((r) => [r, 0])])
for (const f of files(dist)) {
  const rel = path.relative(dist, f).split(path.sep).join('/')
  if (rel.endsWith('.map')) continue
  const root = roots.find((r) => rel.startsWith(`${r}/`)) ?? 'main'
  sizes.set(root, sizes.get(root) + fs.statSync(f).size)
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
let over = false
process.stdout.write('\nDingTalk mini-program packages (miniapp/dist/dd):\n')
for (const [name, size] of sizes) {
  const budget = name === 'main' ? MAIN_BUDGET : SUB_BUDGET
  const bad = size > budget
  over ||= bad
  process.stdout.write(`  ${name.padEnd(20)} ${kb(size).padStart(10)}   budget ${kb(budget)}${bad ? '   OVER BUDGET' : ''}\n`)
}
process.exit(over ? 1 : 0)
