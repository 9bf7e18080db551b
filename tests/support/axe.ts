import fs from 'node:fs'
import type { Page } from 'playwright-core'

/*
 * axe-core inside the browser suites: `expectAccessible(page, 'hall')` checks the page shown now and fails with the
 * rule, the element and axe's own explanation for every critical or serious violation. Taro keeps earlier pages of
 * the stack in the DOM (hidden), which axe skips because they are display:none.
 */

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: string[]; failureSummary?: string; html: string }>
}

/** The critical and serious violations on the page as it is now (WCAG 2.1 A/AA and best practices). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object')
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe
    const res = await axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    })
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: n.html.slice(0, 160) })),
    }))
  })
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
}

/** Fails with a readable list when axe finds anything critical or serious on the page shown now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const found = await axeViolations(page)
  if (found.length === 0) return
  const lines = found.flatMap((v) => [
    `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×)`,
    ...v.nodes.slice(0, 4).map((n) => `    ${n.target.join(' ')}  ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, ' ')}`),
  ])
  throw new Error(`axe on ${name}: ${found.length} critical/serious violation(s)\n${lines.join('\n')}`)
}
