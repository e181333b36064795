/**
 * Which pricing market a recipient is in. Meta prices by the recipient's country calling code
 * (spec §7.1) and publishes which countries make up each regional group; everything unlisted is
 * "Other". Country lists: Meta pricing page, "Rate cards" country breakdown
 * (developers.facebook.com/docs/whatsapp/pricing), as reproduced in braze-inc/braze-docs
 * ("Billing region breakdown", 2025 and 2026 versions), read 2026-11-26. Zimbabwe moved from Other
 * to Rest of Africa on 1 Oct 2025 (Meta rate update, via Wati and DoubleTick changelogs).
 */
import { splitCallingCode } from '../core/phone.js';
import type { MarketName, RegionName } from '../rules/pricing/markets.js';
import { pricesMarket, type RateCard } from './rate-card.js';

interface Placement {
  /** The country's own market, used when the card in force prices it. */
  readonly standalone?: MarketName;
  readonly region?: RegionName;
  /** An earlier region, for cards that took effect before `until` (`YYYY-MM-DD`). */
  readonly before?: { readonly until: string; readonly region: RegionName };
}

const own = (market: MarketName): Placement => ({ standalone: market });
const inRegion = (region: RegionName, countries: string): Record<string, Placement> =>
  Object.fromEntries(countries.split(' ').map((iso) => [iso, { region }]));

const PLACEMENTS: Record<string, Placement> = {
  ...inRegion('Rest of Africa', 'DZ AO BJ BW BF BI CM TD CG ER ET GA GM GH GW CI KE LS LR LY MG MW ML MR MZ NA NE RW SN SL SO SS SD SZ TZ TG TN UG ZM'),
  ...inRegion('Rest of Asia Pacific', 'AF AU KH CN JP LA MN NZ PG PH TW TJ TH TM UZ VN'),
  ...inRegion('Rest of Central & Eastern Europe', 'AL AM AZ BY BG HR CZ GE GR LV LT MK MD RS SK SI'),
  ...inRegion('Rest of Latin America', 'BO CR DO EC SV GT HT HN JM NI PA PY PR UY VE'),
  ...inRegion('Rest of Middle East', 'BH JO LB YE'),
  ...inRegion('Rest of Western Europe', 'AT BE DK FI IE NO PT SE CH'),
  US: { region: 'North America' },
  CA: { region: 'North America' },
  ZW: { region: 'Rest of Africa', before: { until: '2025-10-01', region: 'Other' } },
  // Standalone since per-message pricing began (1 Jul 2025 card).
  AR: own('Argentina'), BR: own('Brazil'), CL: own('Chile'), CO: own('Colombia'), EG: own('Egypt'), FR: own('France'),
  DE: own('Germany'), IN: own('India'), ID: own('Indonesia'), IL: own('Israel'), IT: own('Italy'), MY: own('Malaysia'),
  MX: own('Mexico'), NL: own('Netherlands'), NG: own('Nigeria'), PK: own('Pakistan'), PE: own('Peru'), RU: own('Russia'),
  SA: own('Saudi Arabia'), ZA: own('South Africa'), ES: own('Spain'), TR: own('Turkey'), AE: own('United Arab Emirates'),
  GB: own('United Kingdom'),
  // Moved onto their own rate in 2026 (Meta changelog #399): their region until a card prices them.
  HK: { standalone: 'Hong Kong', region: 'Rest of Asia Pacific' },
  SG: { standalone: 'Singapore', region: 'Rest of Asia Pacific' },
  BD: { standalone: 'Bangladesh', region: 'Rest of Asia Pacific' },
  NP: { standalone: 'Nepal', region: 'Rest of Asia Pacific' },
  LK: { standalone: 'Sri Lanka', region: 'Rest of Asia Pacific' },
  HU: { standalone: 'Hungary', region: 'Rest of Central & Eastern Europe' },
  PL: { standalone: 'Poland', region: 'Rest of Central & Eastern Europe' },
  RO: { standalone: 'Romania', region: 'Rest of Central & Eastern Europe' },
  UA: { standalone: 'Ukraine', region: 'Rest of Central & Eastern Europe' },
  QA: { standalone: 'Qatar', region: 'Rest of Middle East' },
  IQ: { standalone: 'Iraq', region: 'Rest of Middle East' },
  KW: { standalone: 'Kuwait', region: 'Rest of Middle East' },
  OM: { standalone: 'Oman', region: 'Rest of Middle East' },
  MA: { standalone: 'Morocco', region: 'Rest of Africa' },
  KZ: { standalone: 'Kazakhstan', region: 'Other' },
};

/**
 * The market of an ISO 3166-1 alpha-2 country under a given card. A country with its own market
 * uses it when the card prices it (or always, for the 2025 standalone countries); otherwise its
 * region as of the card's date; unknown or missing countries are "Other".
 */
export function marketFor(input: { country: string | undefined; card: RateCard }): MarketName {
  const placement = input.country ? PLACEMENTS[input.country.toUpperCase()] : undefined;
  if (!placement) return 'Other';
  if (placement.standalone && (!placement.region || pricesMarket(input.card, placement.standalone))) return placement.standalone;
  if (placement.before && input.card.effectiveFrom < placement.before.until) return placement.before.region;
  return placement.region ?? 'Other';
}

/** Calling codes src/core/phone.ts does not know but Meta's regional lists name (longest match first). */
const EXTRA_CALLING_CODES: Record<string, string> = {
  '222': 'MR', '223': 'ML', '226': 'BF', '227': 'NE', '228': 'TG', '229': 'BJ', '231': 'LR', '232': 'SL', '235': 'TD',
  '241': 'GA', '242': 'CG', '245': 'GW', '250': 'RW', '252': 'SO', '257': 'BI', '258': 'MZ', '261': 'MG', '264': 'NA',
  '265': 'MW', '266': 'LS', '267': 'BW', '268': 'SZ', '291': 'ER', '373': 'MD', '374': 'AM', '375': 'BY', '389': 'MK',
  '509': 'HT', '675': 'PG', '856': 'LA',
};

/**
 * +1 area codes of countries that share North America's calling code but not its market. Meta's
 * North America is the US and Canada only, and it names the Dominican Republic, Jamaica and Puerto
 * Rico in Rest of Latin America; the other Caribbean codes are unlisted, so Other (our reading).
 */
const NANP_AREA_CODES: Record<string, string> = {
  '809': 'DO', '829': 'DO', '849': 'DO', '787': 'PR', '939': 'PR', '876': 'JM', '658': 'JM',
  '242': 'BS', '246': 'BB', '264': 'AI', '268': 'AG', '284': 'VG', '340': 'VI', '345': 'KY', '441': 'BM', '473': 'GD',
  '649': 'TC', '664': 'MS', '670': 'MP', '671': 'GU', '684': 'AS', '721': 'SX', '758': 'LC', '767': 'DM', '784': 'VC',
  '868': 'TT', '869': 'KN',
};

/**
 * The country a recipient's number is priced as, from its `wa_id` digits. +1 numbers outside the
 * Caribbean codes above come back as US (Canada shares the market); +7 6xx/7xx is Kazakhstan.
 */
export function billingCountry(digits: string): string | undefined {
  if (digits.startsWith('1')) return NANP_AREA_CODES[digits.slice(1, 4)] ?? 'US';
  if (digits.startsWith('7')) return digits[1] === '6' || digits[1] === '7' ? 'KZ' : 'RU';
  return EXTRA_CALLING_CODES[digits.slice(0, 3)] ?? splitCallingCode(digits).country;
}
