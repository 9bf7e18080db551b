/**
 * The repository explains itself: the design notes the code depends on are in `docs/`, no file cites
 * notes kept outside the repository, and every `docs/<file>.md#<section>` a comment, test or doc cites
 * is a heading that exists — so renaming a heading without fixing its citations fails here.
 */
import fs from 'node:fs'
import path from 'node:path'
import { brokenReferences, docReferences, findOutsideCitations, headingAnchors, headingSlug, repositoryFiles } from '../support/self-contained'

const ROOT = path.resolve(__dirname, '../..')
const files = repositoryFiles(ROOT)
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8')

describe('the repository is self-contained', () => {
  it('lists the source, test, tool and doc files it checks', () => {
    for (const f of ['README.md', 'bff/src/tasks/store.ts', 'tests/support/db.ts', 'tools/lib/database.cjs', 'tools/ferretdb/main.go', 'docs/database.md']) {
      expect(files).toContain(f)
    }
    expect(files.length).toBeGreaterThan(200)
  })

  it('the design notes exist in docs/', () => {
    for (const doc of ['docs/architecture.md', 'docs/database.md', 'docs/dingtalk.md']) expect(files).toContain(doc)
  })

  it('no file cites notes outside the repository', () => {
    const found = files.flatMap((f) => findOutsideCitations(ROOT, f, read(f)).map((x) => `${f}:${x.line} [${x.rule}]\n    ${x.text}`))
    expect(found).toEqual([])
  })

  it('every cited doc and section exists', () => {
    expect(files.flatMap((f) => brokenReferences(ROOT, f, read(f)))).toEqual([])
  })

  it('the code cites the docs by section (the check above has something to check)', () => {
    const cited = files.filter((f) => !f.startsWith('docs/')).flatMap((f) => docReferences(f, read(f)).filter((r) => r.anchor))
    const targets = new Set(cited.map((r) => r.target))
    for (const doc of ['docs/architecture.md', 'docs/database.md', 'docs/dingtalk.md']) expect(targets).toContain(doc)
    expect(cited.length).toBeGreaterThan(40)
  })

  it('each doc has unique headings (an anchor names one section)', () => {
    for (const doc of files.filter((f) => f.startsWith('docs/') && f.endsWith('.md'))) {
      const anchors = headingAnchors(read(doc))
      expect(anchors.filter((a, i) => anchors.indexOf(a) !== i)).toEqual([])
    }
  })
})

// The checks must catch what they claim to catch, or the tests above prove nothing.
describe('the checks themselves', () => {
  const note = (name: string) => `${name}.md`
  it.each([
    ['an outside note', `// see ${note(['MONGO', 'PORTABLE'].join('-'))} section 10`],
    ['an outside note', ` * (${note('ARCHITECTURE')}, design A)`],
    ['an outside note', `the contract (${note('DINGTALK')})`],
    ['an outside note', `pinned per ${note('TOOLCHAIN')}`],
    ['the notes folder', `// ../${['shared', 'brief'].join('/')}/notes`],
    ['a bare section number', `// the counter slots (§${11})`],
  ])('flags %s in `%s`', (_what, line) => {
    expect(findOutsideCitations(ROOT, 'bff/src/x.ts', line)).not.toEqual([])
  })

  it('flags a relative path that leaves the repository, not one that stays inside', () => {
    expect(findOutsideCitations(ROOT, 'tools/lib/x.cjs', `// see '${'../'.repeat(3)}notes/x'`)).not.toEqual([])
    expect(findOutsideCitations(ROOT, 'README.md', '[notes](../notes/x.md)')).not.toEqual([])
    expect(findOutsideCitations(ROOT, 'miniapp/config/index.ts', "path.resolve(__dirname, '../../shared')")).toEqual([])
    expect(findOutsideCitations(ROOT, 'bff/src/x.ts', "import { a } from '../infra/db'")).toEqual([])
  })

  it('does not flag the in-repository docs', () => {
    expect(findOutsideCitations(ROOT, 'bff/src/x.ts', '// (docs/database.md#unique-keys, docs/architecture.md)')).toEqual([])
  })

  it('finds a missing doc, a missing heading, and a broken markdown link', () => {
    // (assembled from parts, so that this file itself cites nothing missing)
    expect(brokenReferences(ROOT, 'bff/src/x.ts', '// docs/database.md#' + 'no-such-section')).toHaveLength(1)
    expect(brokenReferences(ROOT, 'bff/src/x.ts', '// docs/' + 'nowhere.md')).toHaveLength(1)
    expect(brokenReferences(ROOT, `docs/${'x.md'}`, 'see [there](dingtalk.md#no-such-section) and [here](#nor-this)')).toHaveLength(2)
    expect(brokenReferences(ROOT, 'bff/src/x.ts', '// docs/database.md#unique-keys and docs/dingtalk.md#exactly-once')).toEqual([])
    expect(brokenReferences(ROOT, 'README.md', '[rules](docs/database.md#portable-subset), [map](#architecture-map)')).toEqual([])
  })

  it('makes anchors the way GitHub does', () => {
    expect(headingSlug('Outbox leases')).toBe('outbox-leases')
    expect(headingSlug('The DingTalk and 浙政钉 contract')).toBe('the-dingtalk-and-浙政钉-contract')
    expect(headingSlug('`_id` reads, and more!')).toBe('_id-reads-and-more')
    expect(headingAnchors('# A\n## B\n```\n# not a heading\n```\n## B\n')).toEqual(['a', 'b', 'b-1'])
  })
})
