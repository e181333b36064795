import { describe, expect, it } from 'vitest';
import { shapeTemplateAnalytics, type TemplateRow } from '../../src/analytics/template-shape.js';
import { validateTemplateAnalytics } from '../../src/analytics/template-query.js';

const NOW = 1_781_524_800; // 2026-06-15T12:00:00Z
const DAY_START = 1_781_222_400; // 2026-06-12T00:00:00Z
const DAY = 86_400;
const AUTH = '1421988012088524';
const PROMO = '2632273056924580';

const query = (params: Record<string, unknown>) =>
  validateTemplateAnalytics({ start: String(DAY_START), end: String(DAY_START + 58_745), granularity: 'daily', template_ids: `[${AUTH},${PROMO}]`, ...params }, { now: NOW, wabaTimeZone: 'America/Los_Angeles' });

const authRow: TemplateRow = { templateId: AUTH, start: DAY_START, end: DAY_START + DAY, sent: 1, delivered: 1, read: 1, clicks: [], amountSpentMicros: 10_000, hasUrlButton: false };
const promoRow: TemplateRow = {
  templateId: PROMO,
  start: DAY_START,
  end: DAY_START + DAY,
  sent: 1,
  delivered: 1,
  read: 1,
  clicks: [
    { type: 'quick_reply_button', buttonContent: 'Contact Support', count: 108 },
    { type: 'unique_url_button', buttonContent: 'Tell me more', count: 16 },
  ],
  amountSpentMicros: 30_000,
  hasUrlButton: true,
};

describe('shapeTemplateAnalytics', () => {
  it('answers the shape of Meta\'s all-metrics example exactly, clicked only where there are buttons', () => {
    const body = shapeTemplateAnalytics(query({ metric_types: 'cost,clicked,delivered,read,sent' }), {
      rows: [promoRow, authRow],
      paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } },
    });
    // Meta's example shows 0.03 for every cost; real ratios are computed: 0.03 / 16 unique URL clicks = 0.001875.
    expect(JSON.stringify(body)).toBe(
      '{"data":[{"granularity":"DAILY","product_type":"cloud_api","data_points":[' +
        `{"template_id":"${AUTH}","start":${DAY_START},"end":${DAY_START + DAY},"sent":1,"delivered":1,"read":1,` +
        '"cost":[{"type":"amount_spent","value":0.01},{"type":"cost_per_delivered","value":0.01}]},' +
        `{"template_id":"${PROMO}","start":${DAY_START},"end":${DAY_START + DAY},"sent":1,"delivered":1,"read":1,` +
        '"clicked":[{"type":"quick_reply_button","button_content":"Contact Support","count":108},{"type":"unique_url_button","button_content":"Tell me more","count":16}],' +
        '"cost":[{"type":"amount_spent","value":0.03},{"type":"cost_per_delivered","value":0.03},{"type":"cost_per_url_button_click","value":0.001875}]}' +
        ']}],"paging":{"cursors":{"before":"MAZDZD","after":"MjQZD"}}}',
    );
  });

  it('shows only the metrics asked for', () => {
    const body = shapeTemplateAnalytics(query({ metric_types: '[SENT]' }), { rows: [promoRow] });
    expect(body.data[0]?.data_points).toEqual([{ template_id: PROMO, start: DAY_START, end: DAY_START + DAY, sent: 1 }]);
  });

  it('divides URL cost by total url_button clicks, leaving quick replies out', () => {
    const row: TemplateRow = {
      ...promoRow,
      delivered: 4,
      amountSpentMicros: 120_000,
      clicks: [
        { type: 'url_button', buttonContent: 'Shop', count: 30 },
        { type: 'unique_url_button', buttonContent: 'Shop', count: 12 },
        { type: 'quick_reply_button', buttonContent: 'Stop', count: 50 },
      ],
    };
    expect(shapeTemplateAnalytics(query({ metric_types: 'cost' }), { rows: [row] }).data[0]?.data_points[0]?.cost).toEqual([
      { type: 'amount_spent', value: 0.12 },
      { type: 'cost_per_delivered', value: 0.03 },
      { type: 'cost_per_url_button_click', value: 0.004 },
    ]);
  });

  it('keeps a cost ratio\'s type but no value when nothing was delivered or clicked', () => {
    const row: TemplateRow = { ...promoRow, delivered: 0, clicks: [], amountSpentMicros: 0 };
    expect(shapeTemplateAnalytics(query({ metric_types: 'cost' }), { rows: [row] }).data[0]?.data_points[0]?.cost).toEqual([
      { type: 'amount_spent', value: 0 },
      { type: 'cost_per_delivered' },
      { type: 'cost_per_url_button_click' },
    ]);
  });

  it('lists templates in the order asked, each newest day first', () => {
    const rows = [authRow, { ...authRow, start: DAY_START - DAY, end: DAY_START }, promoRow, { ...promoRow, start: DAY_START - DAY, end: DAY_START }];
    const q = validateTemplateAnalytics(
      { start: String(DAY_START - DAY), end: String(DAY_START), granularity: 'DAILY', template_ids: `${PROMO},${AUTH}`, metric_types: 'sent' },
      { now: NOW, wabaTimeZone: 'UTC' },
    );
    const order = shapeTemplateAnalytics(q, { rows }).data[0]?.data_points.map((p) => [p.template_id, p.start]);
    expect(order).toEqual([
      [PROMO, DAY_START],
      [PROMO, DAY_START - DAY],
      [AUTH, DAY_START],
      [AUTH, DAY_START - DAY],
    ]);
  });

  it('names the WABA time zone first when days are counted in it', () => {
    const q = validateTemplateAnalytics(
      { start: '2026-06-12', end: '2026-06-12', granularity: 'DAILY', template_ids: AUTH, use_waba_timezone: 'true' },
      { now: NOW, wabaTimeZone: 'America/Los_Angeles' },
    );
    const item = shapeTemplateAnalytics(q, { rows: [] }).data[0];
    expect(item).toEqual({ waba_timezone: 'America/Los_Angeles', granularity: 'DAILY', product_type: 'cloud_api', data_points: [] });
    expect(Object.keys(item ?? {})[0]).toBe('waba_timezone');
  });
});
