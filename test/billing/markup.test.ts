import { describe, expect, it } from 'vitest';
import { checkMarkup, MarkupError, markupMicros, parseMarkup } from '../../src/billing/markup.js';
import { formatMicros, parseMicros, roundToCents } from '../../src/billing/money.js';

describe('amounts in micro-units', () => {
  it('reads decimal text exactly and refuses anything else', () => {
    expect([parseMicros('0.0034'), parseMicros('12'), parseMicros('0.000001')]).toEqual([3400, 12_000_000, 1]);
    for (const bad of ['', '-1', '1e-3', '0.0000001', '1,5', ' 1', '.5']) expect(parseMicros(bad)).toBeUndefined();
  });

  it('writes micro-units back with six places and rounds totals to cents half away from zero', () => {
    expect(formatMicros(3400)).toBe('0.003400');
    expect(formatMicros(-12_345_678)).toBe('-12.345678');
    expect([roundToCents(4999), roundToCents(5000), roundToCents(14_999)]).toEqual([0, 10_000, 10_000]);
  });
});

describe('BSP markups', () => {
  it('reads a fixed fee and a percentage from form text', () => {
    expect(parseMarkup({ fixed: '0.005', percent: '12.5' })).toEqual({ fixedMicros: 5000, percentBasisPoints: 1250 });
    expect(parseMarkup({})).toEqual({ fixedMicros: 0, percentBasisPoints: 0 });
  });

  it('refuses negative, over-precise or absurd markups, naming the field', () => {
    expect(() => parseMarkup({ fixed: '-0.01' })).toThrow(MarkupError);
    expect(() => parseMarkup({ percent: '1.234' })).toThrow(/percent/);
    expect(() => checkMarkup({ fixedMicros: 0, percentBasisPoints: 200_000 })).toThrow(/percent/);
    expect(() => checkMarkup({ fixedMicros: 0.5, percentBasisPoints: 0 })).toThrow(/fixed/);
  });

  it('rounds the percentage to the nearest micro-unit, half up', () => {
    // 10% of 0.0025 USD is 250 micro-units; 0.5% of 3400 is 17; 1.25% of 3400 is 42.5 → 43.
    expect(markupMicros(2500, { fixedMicros: 0, percentBasisPoints: 1000 })).toBe(250);
    expect(markupMicros(3400, { fixedMicros: 0, percentBasisPoints: 50 })).toBe(17);
    expect(markupMicros(3400, { fixedMicros: 1000, percentBasisPoints: 125 })).toBe(1043);
  });
});
