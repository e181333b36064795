/**
 * Splits CSV text into rows of fields that remember where they start, so a parser can point at the
 * line and column of a bad value. Covers what a rate card needs: commas, optional double quotes
 * (`""` inside quotes is a quote), `#` comment lines and blank lines. A quoted field may not span
 * lines; rate cards never need that, and refusing it keeps line numbers honest.
 */

export interface CsvField {
  readonly value: string;
  /** 1-based column of the field's first character in its line. */
  readonly column: number;
}

export interface CsvRow {
  /** 1-based line number in the text. */
  readonly line: number;
  readonly fields: readonly CsvField[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Rows of the text, skipping blank lines and lines whose first non-blank character is `#`. */
export function csvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    rows.push({ line: index + 1, fields: splitLine(raw, index + 1) });
  });
  return rows;
}

function splitLine(raw: string, line: number): CsvField[] {
  const fields: CsvField[] = [];
  let i = 0;
  for (;;) {
    while (raw[i] === ' ' || raw[i] === '\t') i++;
    const column = i + 1;
    let value = '';
    if (raw[i] === '"') {
      i++;
      for (;;) {
        if (i >= raw.length) throw new CsvSyntaxError(line, column, 'a quoted field is not closed on its line');
        if (raw[i] === '"' && raw[i + 1] === '"') (value += '"'), (i += 2);
        else if (raw[i] === '"') break;
        else value += raw[i++];
      }
      i++;
      while (raw[i] === ' ' || raw[i] === '\t') i++;
      if (i < raw.length && raw[i] !== ',') throw new CsvSyntaxError(line, i + 1, 'expected a comma after a quoted field');
    } else {
      const end = raw.indexOf(',', i);
      value = (end === -1 ? raw.slice(i) : raw.slice(i, end)).trim();
      i = end === -1 ? raw.length : end;
    }
    fields.push({ value, column });
    if (i >= raw.length) return fields;
    i++; // the comma
  }
}
