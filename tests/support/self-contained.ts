/**
 * What keeps the repository self-contained (docs/architecture.md, docs/database.md, docs/dingtalk.md):
 * no file cites the team's notes that live outside it, and every in-repository reference to a doc
 * section names a heading that exists. The names of the outside notes are assembled here from parts,
 * so this file does not cite them itself.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export interface Finding {
  line: number
  rule: string
  text: string
}

const OUTSIDE_NOTES = ['ARCHITECTURE', ['MONGO', 'PORTABLE'].join('-'), 'DINGTALK', 'TOOLCHAIN', 'PRODUCT', 'ANCHORS', 'STYLE']

/** Citations of notes kept outside the repository; each rule says what to do instead. */
export const OUTSIDE_RULES: Array<{ id: string; pattern: RegExp; why: string }> = [
  {
    id: 'outside-notes',
    // upper-case note names, as the team's folder spells them (the in-repository docs are lower-case, under docs/)
    pattern: new RegExp(`(?<![\\w/])(${OUTSIDE_NOTES.join('|')})\\.md\\b`),
    why: 'cites a note outside the repository: cite docs/<file>.md#<section> instead',
  },
  { id: 'team-folder', pattern: new RegExp(['shared', 'brief'].join('\\/')), why: "cites the team's notes folder outside the repository" },
  { id: 'section-number', pattern: /§\s*\d/, why: 'a section number of an outside note: cite a docs/<file>.md#<section> heading instead' },
]

/** Files git knows (tracked, or new and not ignored) that exist and are text. */
export function repositoryFiles(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
  return [...new Set(out.split('\0').filter(Boolean))]
    .filter((f) => f !== 'package-lock.json' && !/\.(png|jpe?g|gif|webp|ico|woff2?|ttf|sum)$/i.test(f))
    .filter((f) => {
      const abs = path.join(root, f)
      if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) return false
      return !fs.readFileSync(abs).subarray(0, 8000).includes(0)
    })
    .sort()
}

/** Relative paths (`../x`, `../../x`) that climb out of the repository from `file`'s folder. */
function pathsOutside(root: string, file: string, text: string): string[] {
  const dir = path.dirname(path.join(root, file))
  return [...text.matchAll(/(?<![\w.])((?:\.\.\/)+)[\w@-][\w@.-]*/g)]
    .map((m) => m[0])
    .filter((p) => {
      const rel = path.relative(root, path.resolve(dir, p))
      return rel.startsWith('..') || path.isAbsolute(rel)
    })
}

/** Lines of `text` (the file `file`) that point outside the repository. */
export function findOutsideCitations(root: string, file: string, text: string): Finding[] {
  const found: Finding[] = []
  text.split('\n').forEach((line, i) => {
    for (const rule of OUTSIDE_RULES) if (rule.pattern.test(line)) found.push({ line: i + 1, rule: `${rule.id}: ${rule.why}`, text: line.trim() })
    for (const p of pathsOutside(root, file, line)) found.push({ line: i + 1, rule: `outside-path: ${p} leaves the repository`, text: line.trim() })
  })
  return found
}

/** GitHub's anchor for a heading: lower-case, punctuation dropped (letters of any script kept), spaces → '-'. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** The anchors of a markdown document's headings (outside code fences; repeats get -1, -2 … as on GitHub). */
export function headingAnchors(markdown: string): string[] {
  const anchors: string[] = []
  const seen = new Map<string, number>()
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced
    const m = !fenced && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)
    if (!m) continue
    const base = headingSlug(m[1])
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.push(n === 0 ? base : `${base}-${n}`)
  }
  return anchors
}

export interface DocReference {
  line: number
  /** repository path of the target, e.g. `docs/database.md` */
  target: string
  anchor?: string
}

/**
 * References to documents inside the repository: `docs/<file>.md#<anchor>` anywhere (code comments
 * cite the docs that way, from any folder), and in markdown files every relative link `](path#anchor)`.
 */
export function docReferences(file: string, text: string): DocReference[] {
  const refs: DocReference[] = []
  const dir = path.posix.dirname(file)
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/(?<![\w./-])docs\/([\w-]+\.md)(?:#([\p{L}\p{N}_-]+))?/gu)) {
      refs.push({ line: i + 1, target: `docs/${m[1]}`, anchor: m[2] })
    }
    if (!file.endsWith('.md')) return
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = m[1]
      if (/^[a-z][\w+.-]*:/i.test(link)) continue // http:, mailto: …
      const [p, anchor] = link.split('#', 2)
      const target = p ? path.posix.normalize(path.posix.join(dir, p)) : file
      refs.push({ line: i + 1, target, anchor: anchor || undefined })
    }
  })
  return refs
}

/** References whose document or heading does not exist. */
export function brokenReferences(root: string, file: string, text: string): string[] {
  const anchorsOf = new Map<string, string[] | null>()
  const anchors = (target: string) => {
    if (!anchorsOf.has(target)) {
      const abs = path.join(root, target)
      anchorsOf.set(target, fs.existsSync(abs) ? (target.endsWith('.md') ? headingAnchors(fs.readFileSync(abs, 'utf8')) : []) : null)
    }
    return anchorsOf.get(target) ?? null
  }
  return docReferences(file, text).flatMap((r) => {
    const known = anchors(r.target)
    if (known === null) return [`${file}:${r.line} → ${r.target}: no such file`]
    if (r.anchor && r.target.endsWith('.md') && !known.includes(r.anchor)) return [`${file}:${r.line} → ${r.target}#${r.anchor}: no such heading`]
    return []
  })
}
