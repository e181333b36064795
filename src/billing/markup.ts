/**
 * A BSP's markup on Meta's price: a fixed fee per billable message and/or a percentage of Meta's
 * charge. Kept apart from Meta's cost in every result, so an invoice can show both and a markup
 * change never rewrites what Meta charged.
 */
import { divideRounded, parseMicros } from './money.js';

export interface Markup {
  /** Added to each billable message, in micro-units of the card's currency. */
  readonly fixedMicros: number;
  /** Percentage of Meta's charge in basis points (1% = 100). */
  readonly percentBasisPoints: number;
}

export const NO_MARKUP: Markup = { fixedMicros: 0, percentBasisPoints: 0 };

/** 1000% is far above any real markup; the cap catches a fee typed in the wrong unit. */
const MAX_BASIS_POINTS = 100_000;

export class MarkupError extends Error {
  constructor(
    readonly field: 'fixed' | 'percent',
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'MarkupError';
  }
}

/**
 * Reads a markup from decimal text, as a console form or config sends it: `fixed` in the card's
 * currency (`0.005`), `percent` with up to two decimals (`12.5`). Missing parts are zero.
 */
export function parseMarkup(input: { fixed?: string; percent?: string }): Markup {
  const fixedMicros = input.fixed === undefined || input.fixed === '' ? 0 : parseMicros(input.fixed.trim());
  if (fixedMicros === undefined) throw new MarkupError('fixed', `"${input.fixed}" is not an amount with at most 6 decimals`);
  const percent = input.percent?.trim() ?? '';
  const m = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(percent);
  if (percent !== '' && !m) throw new MarkupError('percent', `"${input.percent}" is not a percentage with at most 2 decimals`);
  const percentBasisPoints = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : 0;
  return checkMarkup({ fixedMicros, percentBasisPoints });
}

/** Validates a markup built in code; returns it unchanged. */
export function checkMarkup(markup: Markup): Markup {
  if (!Number.isSafeInteger(markup.fixedMicros) || markup.fixedMicros < 0) throw new MarkupError('fixed', 'must be a whole, non-negative number of micro-units');
  if (!Number.isSafeInteger(markup.percentBasisPoints) || markup.percentBasisPoints < 0 || markup.percentBasisPoints > MAX_BASIS_POINTS) {
    throw new MarkupError('percent', `must be between 0 and ${MAX_BASIS_POINTS / 100}%`);
  }
  return markup;
}

/** The markup on one billable message whose Meta charge is `metaMicros`; the percentage rounds half up to a micro-unit. */
export function markupMicros(metaMicros: number, markup: Markup): number {
  return markup.fixedMicros + divideRounded(metaMicros * markup.percentBasisPoints, 10_000);
}
