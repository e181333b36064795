import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUploadedCard, MAX_CARD_BYTES } from '../../src/billing/card-upload.js';
import { shippedCardsDir } from '../../src/billing/shipped-cards.js';

const shipped = fs.readFileSync(path.join(shippedCardsDir()!, 'meta-usd-2026-01-01.csv'), 'utf8');

describe('checking an uploaded rate card', () => {
  it('accepts a complete card and counts its estimated rates', () => {
    const check = checkUploadedCard(shipped.replace('version,meta-usd-2026-01-01', 'version,acme-2026-01'));
    expect(check.ok).toBe(true);
    if (check.ok) expect([check.card.version, check.estimates]).toEqual(['acme-2026-01', 0]);
  });

  it('answers with the line and column of the first problem instead of throwing', () => {
    const check = checkUploadedCard(shipped.replace('Brazil,marketing,0,0.0625,A', 'Brazil,marketing,0,0.06.25,A'));
    const line = shipped.split('\n').findIndex((l) => l.startsWith('Brazil,marketing')) + 1;
    expect(check).toEqual({ ok: false, error: { line, column: 20, message: 'rate must be a decimal with at most 6 places, found "0.06.25"' } });
  });

  it('lists the market and category pairs a card leaves unpriced', () => {
    const check = checkUploadedCard(shipped.split('\n').filter((l) => !l.startsWith('Peru,utility') && !l.startsWith('Other,')).join('\n'));
    expect(check).toEqual({
      ok: false,
      missing: [
        { market: 'Peru', category: 'utility' },
        { market: 'Other', category: 'marketing' },
        { market: 'Other', category: 'utility' },
        { market: 'Other', category: 'authentication' },
      ],
    });
  });

  it('refuses a file larger than a rate card can be', () => {
    expect(checkUploadedCard('#'.repeat(MAX_CARD_BYTES + 1))).toMatchObject({ ok: false, error: { line: 1, column: 1 } });
  });
});
