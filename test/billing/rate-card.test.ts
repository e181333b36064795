import { describe, expect, it } from 'vitest';
import { cardInForce, parseRateCard, RateCardError, ratesFor, tierFor } from '../../src/billing/rate-card.js';

const HEAD = 'version,test-1\ncurrency,USD\neffective_from,2025-07-01\nmarket,category,tier_from,rate,source\n';
const at = (iso: string): number => Date.parse(iso) / 1000;

function refusal(text: string): RateCardError {
  try {
    parseRateCard(text);
  } catch (err) {
    if (err instanceof RateCardError) return err;
    throw err;
  }
  throw new Error('the card parsed');
}

describe('parsing a rate card', () => {
  it('reads version, currency, date and every tier as exact micro-units', () => {
    const card = parseRateCard(`# a comment\n\n${HEAD}India,utility,0,0.0014,A\nIndia,utility,750001,0.0012,A\n"Rest of Central & Eastern Europe",marketing,0,0.0860,estimate\n`);
    expect(card).toMatchObject({ version: 'test-1', currency: 'USD', effectiveFrom: '2025-07-01' });
    expect(ratesFor(card, 'India', 'utility')).toEqual([
      { from: 0, rateMicros: 1400, source: 'A', estimate: false },
      { from: 750001, rateMicros: 1200, source: 'A', estimate: false },
    ]);
    expect(ratesFor(card, 'Rest of Central & Eastern Europe', 'marketing')?.[0]).toMatchObject({ rateMicros: 86000, estimate: true });
  });

  it('accepts a card without the source column and marks its rates as uploaded', () => {
    const card = parseRateCard('version,mine\ncurrency,EUR\neffective_from,2026-01-01\nmarket,category,tier_from,rate\nSpain,marketing,0,0.05\n');
    expect(ratesFor(card, 'Spain', 'marketing')).toEqual([{ from: 0, rateMicros: 50000, source: 'uploaded', estimate: false }]);
  });

  it('refuses an unknown market with the line and column of the market', () => {
    const err = refusal(`${HEAD}India,utility,0,0.0014,A\nNarnia,marketing,0,0.01,A\n`);
    expect([err.line, err.column, err.reason]).toEqual([6, 1, 'unknown market "Narnia"']);
  });

  it('refuses a rate with more than six decimals at the rate column', () => {
    const err = refusal(`${HEAD}India,utility,0,0.0000001,A\n`);
    expect(err).toMatchObject({ line: 5, column: 17 });
    expect(err.reason).toMatch(/at most 6 places/);
  });

  it('refuses a second tier for marketing, which has one tier', () => {
    const err = refusal(`${HEAD}Brazil,marketing,0,0.0625,A\nBrazil,marketing,1000,0.06,A\n`);
    expect(err).toMatchObject({ line: 6, column: 18 });
    expect(err.reason).toMatch(/one tier \(0:MAX\)/);
  });

  it('refuses the same market, category and tier twice', () => {
    expect(refusal(`${HEAD}Brazil,utility,0,0.0068,A\nBrazil,utility,0,0.0070,A\n`)).toMatchObject({ line: 6, column: 16 });
  });

  it('refuses tiers that do not start at 0, pointing at the first row of the group', () => {
    expect(refusal(`${HEAD}Brazil,marketing,0,0.0625,A\nBrazil,utility,1000,0.0068,A\n`)).toMatchObject({ line: 6, column: 16 });
  });

  it('refuses a card whose metadata is missing, repeated or malformed', () => {
    expect(refusal('version,x\ncurrency,USD\nmarket,category,tier_from,rate\nBrazil,utility,0,1\n')).toMatchObject({ line: 3, column: 1, reason: '"effective_from" must be given before the header row' });
    expect(refusal('version,x\nversion,y\n')).toMatchObject({ line: 2, column: 1 });
    expect(refusal('version,x\ncurrency,usd\n')).toMatchObject({ line: 2, column: 10 });
    expect(refusal('version,x\ncurrency,USD\neffective_from,2025-02-30\n')).toMatchObject({ line: 3, column: 16 });
  });

  it('refuses a wrong header, a short row and an unclosed quote where they are', () => {
    expect(refusal('version,x\ncurrency,USD\neffective_from,2025-07-01\nmarket,category,tier,rate\n')).toMatchObject({ line: 4, column: 17 });
    expect(refusal(`${HEAD}Brazil,utility,0\n`)).toMatchObject({ line: 5, column: 16 });
    expect(refusal(`${HEAD}"Brazil,utility,0,0.0068,A\n`)).toMatchObject({ line: 5, column: 1, reason: 'a quoted field is not closed on its line' });
  });

  it('refuses a card with a header and no rates', () => {
    expect(refusal(HEAD)).toMatchObject({ line: 4, reason: 'the card has no rates' });
  });
});

describe('tiers and the card in force', () => {
  const card = parseRateCard(`${HEAD}India,utility,0,0.0014,A\nIndia,utility,750001,0.0012,A\nIndia,utility,1500001,0.0011,A\n`);
  const tiers = ratesFor(card, 'India', 'utility')!;

  it('names the tier of each message ordinal in Meta\'s from:to form', () => {
    expect(tierFor(tiers, 1).label).toBe('0:750000');
    expect(tierFor(tiers, 750000).label).toBe('0:750000');
    expect(tierFor(tiers, 750001).label).toBe('750001:1500000');
    expect(tierFor(tiers, 9_000_000)).toMatchObject({ label: '1500001:MAX', tier: { rateMicros: 1100 } });
  });

  it('picks the latest card effective on or before the delivery day in the WABA zone', () => {
    const jul = parseRateCard(HEAD + 'Brazil,utility,0,1,A\n');
    const oct = parseRateCard(HEAD.replace('2025-07-01', '2025-10-01').replace('test-1', 'test-2') + 'Brazil,utility,0,2,A\n');
    expect(cardInForce([oct, jul], { deliveredAt: at('2025-06-30T23:59:59Z') })).toBeUndefined();
    expect(cardInForce([oct, jul], { deliveredAt: at('2025-09-30T23:59:59Z') })?.version).toBe('test-1');
    expect(cardInForce([oct, jul], { deliveredAt: at('2025-10-01T00:00:00Z') })?.version).toBe('test-2');
    // 05:00 UTC on 1 Oct is still 30 Sep in Los Angeles: the old card holds there.
    expect(cardInForce([jul, oct], { deliveredAt: at('2025-10-01T05:00:00Z'), timeZone: 'America/Los_Angeles' })?.version).toBe('test-1');
  });

  it('lets the later of two cards with the same date win, so an uploaded card overrides a shipped one', () => {
    const shipped = parseRateCard(HEAD + 'Brazil,utility,0,1,A\n');
    const uploaded = parseRateCard(HEAD.replace('test-1', 'uploaded-1') + 'Brazil,utility,0,2,A\n');
    expect(cardInForce([shipped, uploaded], { deliveredAt: at('2025-08-01T00:00:00Z') })?.version).toBe('uploaded-1');
  });
});
