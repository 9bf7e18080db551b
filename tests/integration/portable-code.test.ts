import fs from 'node:fs'
import path from 'node:path'
import { findPortabilityViolations, PORTABLE_RULES } from '../support/portable-rules'

const ROOT = path.resolve(__dirname, '../..')
const SCANNED = ['bff/src', 'shared/src', 'simulator/src']

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(p)
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : []
  })
}

describe('the code stays inside the portable MongoDB subset (docs/database.md#portable-subset)', () => {
  it('no source file uses a forbidden database feature', () => {
    const violations = SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d))).flatMap((file) =>
      findPortabilityViolations(fs.readFileSync(file, 'utf8')).map((v) => `${path.relative(ROOT, file)}:${v.line} [${v.rule.id}] ${v.rule.why}\n    ${v.text}`),
    )
    expect(violations).toEqual([])
  })

  it('scans a meaningful amount of code', () => {
    expect(SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d))).length).toBeGreaterThan(10)
  })

  // The checker itself must catch what it claims to catch, or the test above proves nothing.
  it.each([
    ['transactions', 'const s = await conn.startSession()'],
    ['transactions', 'await db.conn.transaction(async () => {})'],
    ['ttl-index', 'schema.index({ at: 1 }, { expireAfterSeconds: 60 })'],
    ['partial-index', 'schema.index({ a: 1 }, { unique: true, partialFilterExpression: { a: { $exists: true } } })'],
    ['text-geo-index', "schema.index({ body: 'text' })"],
    ['lookup', "Task.aggregate([{ $lookup: { from: 'users' } }])"],
    ['push-modifiers', '{ $push: { log: { $each: [x], $slice: -50 } } }'],
    ['conditional-pull', '{ $pull: { items: { qty: { $lt: 1 } } } }'],
    ['subdoc-pull', 'doc.items.pull(id)'],
    ['positional-update', "{ $set: { 'items.$.done': true } }"],
    ['positional-update', "{ $set: { 'items.$[].done': true } }"],
    ['array-filters', '{ arrayFilters: [{ x: 1 }] }'],
    ['find-and-modify-projection', 'Task.findOneAndUpdate({ _id }, u, { projection: { a: 1 } })'],
    ['select-false', 'secret: { type: String, select: false }'],
    ['collation', "{ collation: { locale: 'zh' } }"],
    ['expr-where', '{ $expr: { $gt: ["$a", "$b"] } }'],
  ])('flags %s in `%s`', (ruleId, snippet) => {
    expect(findPortabilityViolations(snippet).map((v) => v.rule.id)).toContain(ruleId)
  })

  it('does not flag ordinary portable code', () => {
    const ok = [
      "await Event.insertOne({ _id: taskId + ':' + seq, seq })",
      'await Token.deleteOne({ _id: token })',
      "await Task.updateOne({ _id }, { $set: { status: 'claimed' }, $push: { tags: 'x' } })",
      'await Task.find({ ancestors: scope }).sort({ createdAt: -1, _id: -1 }).limit(20)',
    ]
    expect(ok.flatMap(findPortabilityViolations)).toEqual([])
    expect(PORTABLE_RULES.length).toBeGreaterThan(10)
  })
})
