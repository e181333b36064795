/**
 * Money as integer micro-units (millionths of the card's currency). Meta's cards print at most
 * four decimals, so a micro-unit holds every rate exactly, and summing integers keeps a month's
 * total equal to the sum of its lines to the cent, which floating point does not promise.
 */

export const MICROS_PER_UNIT = 1_000_000;

/** Plain decimal text, at most six decimals: `0.0034`, `12`, `0.000001`. No signs, exponents or separators. */
const DECIMAL = /^(\d{1,9})(?:\.(\d{1,6}))?$/;

/** Parses a non-negative decimal into micro-units exactly, or `undefined` when it is not one. */
export function parseMicros(text: string): number | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(6, '0'));
  return whole * MICROS_PER_UNIT + fraction;
}

/** Micro-units as decimal text with six places, for logs and presenters: 3400 → `0.003400`. */
export function formatMicros(micros: number): string {
  if (!Number.isSafeInteger(micros)) throw new RangeError(`not a whole number of micro-units: ${micros}`);
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / MICROS_PER_UNIT)}.${String(abs % MICROS_PER_UNIT).padStart(6, '0')}`;
}

/**
 * Rounds micro-units to whole cents (10,000 micro-units), half away from zero, for an invoice line.
 * Round totals, not the lines: pricing keeps micro-units so the total is exact before rounding.
 */
export function roundToCents(micros: number): number {
  const cents = Math.sign(micros) * Math.round(Math.abs(micros) / 10_000);
  return cents * 10_000;
}

/** `numerator / denominator` rounded half away from zero, in integers (no float drift on large values). */
export function divideRounded(numerator: number, denominator: number): number {
  const q = Math.trunc(numerator / denominator);
  const r = numerator - q * denominator;
  return 2 * Math.abs(r) >= Math.abs(denominator) ? q + Math.sign(numerator) * Math.sign(denominator) : q;
}
