/**
 * RFC 4180 CSV of flat rows: a header row of the first row's keys (or `columns`), CRLF line ends,
 * a field quoted when it holds a comma, quote or line break. A field that a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`: template names and error titles
 * come from outside (OWASP "CSV injection"). Numbers are written as they are, negative ones too.
 */
export type CsvValue = string | number | boolean | null | undefined;

export function toCsv(rows: ReadonlyArray<Readonly<Record<string, CsvValue>>>, columns?: readonly string[]): string {
  const header = columns ?? Object.keys(rows[0] ?? {});
  const lines = [header.map((name) => field(name)), ...rows.map((row) => header.map((name) => field(row[name])))];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
