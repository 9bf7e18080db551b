import fs from 'node:fs'
import path from 'node:path'
import { contractMarkdown } from '@jqtb/shared'

test('docs/intake.md shows every channel contract exactly as shared/src/intake/channels.ts defines it', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/intake.md'), 'utf8')
  const section = doc.split('<!-- contracts:start -->\n')[1]?.split('<!-- contracts:end -->')[0]
  expect(section?.trim()).toBe(contractMarkdown().trim())
})
