/**
 * The 人民调解协议书 as a Word document (.docx), generated from the shared content (agreement.ts) with
 * the `docx` library. Deterministic for one outcome: downloading twice gives the same text.
 */
import type { AgreementContent } from '@jqtb/shared'
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx'

const FONT = 'SimSun'
const para = (
  text: string,
  opts: { bold?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; after?: number } = {},
) =>
  new Paragraph({
    alignment: opts.align,
    spacing: { after: opts.after ?? 120, line: 360 },
    indent: opts.indent ? { firstLine: 480 } : undefined,
    children: [new TextRun({ text, bold: opts.bold, size: opts.size ?? 24, font: FONT })],
  })

export async function agreementDocx(c: AgreementContent): Promise<Buffer> {
  const doc = new Document({
    creator: '警情通办',
    title: c.title,
    description: `${c.title}（${c.number}）`,
    sections: [
      {
        children: [
          para(c.title, { bold: true, size: 36, align: AlignmentType.CENTER, after: 240 }),
          para(`编号：${c.number}`, { align: AlignmentType.RIGHT }),
          para('当事人：', { bold: true }),
          ...c.parties.map((p) => para(p, { indent: true })),
          para('纠纷主要事实、争议事项：', { bold: true }),
          para(c.facts, { indent: true }),
          para('经调解，当事人自愿达成如下协议：', { bold: true }),
          ...c.terms.map((t) => para(t, { indent: true })),
          para('履行方式、时限：', { bold: true }),
          para(c.performance, { indent: true }),
          para(c.closing, { indent: true, after: 360 }),
          ...c.signatures.parties.map((s) => para(s)),
          para(`人民调解员（签名）：${c.signatures.mediators.join('、')}`),
          para(`${c.signatures.organisation}（印章）`, { align: AlignmentType.RIGHT }),
          para(c.date, { align: AlignmentType.RIGHT }),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}
