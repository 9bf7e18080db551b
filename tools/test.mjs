// npm test: installs what is missing, then lint, type-check, and every jest test (unit, integration
// against a real database, browser tests in headless Chromium). Ends with `N passed, N failed`.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const { say } = require('./lib/say.cjs')
const { root, artifactsDir } = require('./lib/paths.cjs')
const { ensureNodeModules } = require('./lib/install.cjs')

const jestArgs = process.argv.slice(2)
let passed = 0
let failed = 0
let db

async function check(name, fn) {
  say(`${name} …`)
  try {
    await fn()
    passed++
    say(`${name}: ok`)
  } catch (e) {
    failed++
    say(`${name}: FAILED\n${e.message}`)
  }
}

async function main() {
  await ensureNodeModules()
  const { run } = require('./lib/run.cjs')
  const { resolveDatabase } = require('./lib/database.cjs')
  const { ensureChromium } = require('./lib/chromium.cjs')
  const { ensureH5Build, ensurePublicBuild } = require('./lib/h5.cjs')

  // without a browser the browser tests fail (and are counted), but everything else still runs
  let chromium = ''
  try {
    chromium = await ensureChromium()
  } catch (e) {
    failed++
    say(`Chromium is not available, the browser tests will fail: ${e.message}`)
  }
  db = await resolveDatabase({ temp: true })
  await ensureH5Build()
  await ensurePublicBuild()
  fs.rmSync(artifactsDir, { recursive: true, force: true })
  fs.mkdirSync(artifactsDir, { recursive: true })

  if (jestArgs.length === 0) {
    await check('lint (biome)', () => run('npx', ['biome', 'check', '.'], { cwd: root, quiet: true }))
    await check('import rules: no cycles, domains import downwards (dependency-cruiser)', () =>
      run('npx', ['depcruise', 'bff/src', 'shared/src', 'simulator/src', 'miniapp/src', '--config', '.dependency-cruiser.cjs'], { cwd: root, quiet: true }),
    )
    await check('type-check (tsc, strict)', () => run('npm', ['run', '-s', 'typecheck'], { cwd: root, quiet: true }))
  }

  say('running jest (unit, integration, browser) …')
  const resultFile = path.join(artifactsDir, 'jest-result.json')
  try {
    await run('npx', ['jest', '--json', `--outputFile=${resultFile}`, ...jestArgs], {
      cwd: root,
      env: {
        ...process.env,
        JQTB_TEST_MONGO_URI: db.uri,
        JQTB_TEST_DB_KIND: db.kind,
        JQTB_TEST_DB_BACKEND: db.backend,
        ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
      },
    })
  } catch {
    // failures are counted from the result file below
  }
  if (fs.existsSync(resultFile)) {
    const r = JSON.parse(fs.readFileSync(resultFile, 'utf8'))
    passed += r.numPassedTests
    failed += r.numFailedTests + r.numRuntimeErrorTestSuites + (r.numTotalTests === 0 ? 1 : 0)
  } else {
    failed++
    say('jest produced no result file')
  }
}

let exitCode = 1
try {
  await main()
  exitCode = failed === 0 ? 0 : 1
} catch (e) {
  failed++
  say(`npm test could not run: ${e.message}`)
} finally {
  if (db) await db.stop()
  say(`screenshots and results: ${path.relative(root, artifactsDir)}/`)
  process.stdout.write(`${passed} passed, ${failed} failed\n`)
  process.exit(exitCode)
}
