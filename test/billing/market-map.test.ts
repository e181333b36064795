import { describe, expect, it } from 'vitest';
import { billingCountry, marketFor } from '../../src/billing/market-map.js';
import { parseRateCard } from '../../src/billing/rate-card.js';
import { loadShippedCards } from '../../src/billing/shipped-cards.js';

const [july2025, october2025] = loadShippedCards();
const cardFrom2026July = parseRateCard('version,x\ncurrency,USD\neffective_from,2026-07-01\nmarket,category,tier_from,rate\nHong Kong,marketing,0,0.07\n');

describe('the market of a recipient country', () => {
  it('puts standalone countries in their own market and the US and Canada in North America', () => {
    expect(marketFor({ country: 'BR', card: july2025! })).toBe('Brazil');
    expect(marketFor({ country: 'gb', card: july2025! })).toBe('United Kingdom');
    expect(marketFor({ country: 'US', card: july2025! })).toBe('North America');
    expect(marketFor({ country: 'CA', card: july2025! })).toBe('North America');
  });

  it('puts listed countries in Meta\'s regional group and everything else in Other', () => {
    expect(marketFor({ country: 'KE', card: july2025! })).toBe('Rest of Africa');
    expect(marketFor({ country: 'GR', card: july2025! })).toBe('Rest of Central & Eastern Europe');
    expect(marketFor({ country: 'PR', card: july2025! })).toBe('Rest of Latin America');
    expect(marketFor({ country: 'CH', card: july2025! })).toBe('Rest of Western Europe');
    expect(marketFor({ country: 'IS', card: july2025! })).toBe('Other');
    expect(marketFor({ country: undefined, card: july2025! })).toBe('Other');
  });

  it('moves Zimbabwe from Other to Rest of Africa with the 1 Oct 2025 card', () => {
    expect(marketFor({ country: 'ZW', card: july2025! })).toBe('Other');
    expect(marketFor({ country: 'ZW', card: october2025! })).toBe('Rest of Africa');
  });

  it('prices a 2026 standalone country in its region until a card prices it on its own', () => {
    expect(marketFor({ country: 'HK', card: october2025! })).toBe('Rest of Asia Pacific');
    expect(marketFor({ country: 'HK', card: cardFrom2026July })).toBe('Hong Kong');
    expect(marketFor({ country: 'QA', card: october2025! })).toBe('Rest of Middle East');
  });
});

describe('the country a number is priced as', () => {
  it('tells Caribbean +1 numbers from the US and Canada by area code', () => {
    expect(billingCountry('18095550100')).toBe('DO');
    expect(billingCountry('17875550100')).toBe('PR');
    expect(billingCountry('16505551234')).toBe('US');
    expect(billingCountry('14165550100')).toBe('US');
  });

  it('tells Kazakhstan from Russia inside +7', () => {
    expect(billingCountry('77011234567')).toBe('KZ');
    expect(billingCountry('79161234567')).toBe('RU');
  });

  it('knows calling codes of Meta\'s regional lists that the core phone table lacks', () => {
    expect(billingCountry('375291234567')).toBe('BY');
    expect(billingCountry('22990123456')).toBe('BJ');
    expect(billingCountry('491701234567')).toBe('DE');
    expect(billingCountry('999123')).toBeUndefined();
  });
});
