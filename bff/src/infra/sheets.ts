/**
 * Cells of every spreadsheet we write. A text that starts with = + - @ (or a tab or carriage return)
 * is a formula to Excel and WPS — `=cmd|' /C calc'!A0` in an uploaded 诉求 would run when someone
 * opens our export — so it is written with a leading apostrophe, which spreadsheets show as text
 * (the OWASP advice for CSV/formula injection). Numbers and dates are written as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function excelSafe(value: unknown): string | number | Date | boolean | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value
  const s = String(value)
  return FORMULA_START.test(s) ? `'${s}` : s
}

/** A row of cells, each made safe. */
export const excelSafeRow = (cells: readonly unknown[]) => cells.map(excelSafe)
