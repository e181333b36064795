import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { eventually, WebhookReceiver } from '../helpers/receiver.js';

/** The card's figure for a market × category, read from the shipped file itself, in micro-units. */
function cardRate(market: string, category: string): number {
  const line = fs.readFileSync(new URL('../../rate-cards/meta-usd-2026-01-01.csv', import.meta.url), 'utf8').split('\n').find((l) => l.startsWith(`${market},${category},0,`));
  if (!line) throw new Error(`no ${market} ${category} rate in the card`);
  return Math.round(Number(line.split(',')[3]) * 1_000_000);
}
const usd = (micros: number): string => (micros / 1_000_000).toFixed(6);

describe.each(databaseTargets)('what each message costs, on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  let console_: { cookie: string; csrf: string };
  const consoleCall = async (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const res = await t.chatapp.app.inject({ method, url: `/console/api${url}`, headers: { cookie: console_.cookie, 'x-csrf-token': console_.csrf, ...headers }, ...(payload !== undefined ? { payload: payload as string } : {}) });
    return { status: res.statusCode, body: res.body, json: () => res.json() as Record<string, any>, headers: res.headers };
  };
  const userWrites = async (from: string, extra: Record<string, unknown> = {}) => {
    const res = await t.simulator(biz, 'POST', '/messages', { from, to: biz.phone_number_id, message: { type: 'text', text: { body: 'hello' }, ...extra } });
    expect(res.statusCode, res.body).toBe(200);
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === res.json().id), 'the inbound webhook');
  };
  const template = (to: string, name: string) => ({ messaging_product: 'whatsapp', to, type: 'template', template: { name, language: { code: 'en_US' } } });
  const text = (to: string) => ({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'Thanks for writing!' } });
  /** Dry run, then the real send; answers the prediction and the webhooks' and ledger's view once delivered. */
  const sendPriced = async (body: Record<string, unknown>) => {
    const dry = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages?dry_run=true`, body);
    expect(dry.status, JSON.stringify(dry.json)).toBe(200);
    const sent = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, body);
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    const id = sent.json.messages[0].id as string;
    await receiver.waitFor(() => receiver.statusSet(id).has('delivered'), `delivered for ${id}`);
    const ledger = await eventually(async () => {
      const rows = (await consoleCall('GET', '/billing/ledger?from=2026-01-01')).json().data as Record<string, any>[];
      const row = rows.find((r) => r.message_id === id);
      if (!row) throw new Error('not in the ledger yet');
      return row;
    });
    const statuses = receiver.statuses(id);
    return { dry: dry.json, id, ledger, sent: statuses.find((s) => s.status === 'sent')!, delivered: statuses.find((s) => s.status === 'delivered')! };
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    receiver = await WebhookReceiver.start();
    biz = await t.business();
    await t.subscribe(biz, receiver, 'messages,account_alerts');
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: biz.console });
    console_ = { cookie: String(login.headers['set-cookie']).split(';')[0]!, csrf: login.json().user.csrf_token };
    // A MARKETING template, approved by the simulated reviewer on the clock.
    const created = await t.graph(biz, 'POST', `${biz.waba_id}/message_templates`, {
      name: 'autumn_offer', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Our autumn collection is in stores now, 20% off this week.' }],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    await t.advance(15);
    await eventually(async () => expect((await t.graph(biz, 'GET', `${created.json.id}`)).json.status).toBe('APPROVED'));
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('prices a marketing template to a Brazilian user at the card’s Brazil rate, predicted by the dry run', async () => {
    const { dry, ledger, sent, delivered } = await sendPriced(template('+55 11 91234 5678', 'autumn_offer'));
    const rate = cardRate('Brazil', 'marketing');
    const pricing = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' };
    expect(dry).toMatchObject({ dry_run: true, would_send: true, reasons: [], category: 'marketing', pricing, price: { amount: usd(rate), amount_micros: rate, currency: 'USD', market: 'Brazil', country: 'BR', rate_card: 'meta-usd-2026-01-01', rule_set: 'pmp-2026-10' } });
    expect(sent.pricing).toEqual(pricing);
    expect(delivered.pricing).toEqual(pricing);
    expect(ledger).toMatchObject({ country: 'BR', market: 'Brazil', pricing_type: 'regular', pricing_category: 'marketing', billable: true, amount: usd(rate), rate_card: 'meta-usd-2026-01-01' });
  });

  it('charges a utility template to an Indian user outside and, since 1 October 2026, inside the window', async () => {
    const user = '+91 98765 43210';
    const rate = cardRate('India', 'utility');
    const outside = await sendPriced(template(user, 'hello_world'));
    expect(outside.dry).toMatchObject({ would_send: true, window: { customer_service: { open: false } }, price: { amount: usd(rate), market: 'India' } });
    expect(outside.delivered.pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' });
    expect(outside.ledger.amount).toBe(usd(rate));

    await userWrites(user);
    const inside = await sendPriced(template(user, 'hello_world'));
    expect(inside.dry).toMatchObject({ window: { customer_service: { open: true } }, pricing: { billable: true, type: 'regular', category: 'utility' }, price: { amount: usd(rate) } });
    expect(inside.delivered.pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' });
    expect(inside.ledger.amount).toBe(usd(rate));

    // A free-form reply inside the window is a free service message (within the number's allowance).
    const reply = await sendPriced(text(user));
    const free = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
    expect(reply.dry).toMatchObject({ would_send: true, pricing: free, price: { amount: '0.000000' } });
    expect(reply.delivered.pricing).toEqual(free);
    expect(reply.ledger).toMatchObject({ billable: false, amount: '0.000000', pricing_type: 'free_customer_service' });
  });

  it('makes the reply to a Click-to-WhatsApp ad, and everything for 72 hours after it, free', async () => {
    const user = '+49 1520 0000777';
    await userWrites(user, { referral: { source_type: 'ad', headline: 'Chat with us', body: 'Autumn sale' } });
    const fep = { billable: false, pricing_model: 'PMP', type: 'free_entry_point', category: 'referral_conversion' };
    const reply = await sendPriced(text(user));
    expect(reply.dry).toMatchObject({ pricing: fep, window: { free_entry_point: { opens_with_this_message: true } }, price: { amount: '0.000000' } });
    expect(reply.sent.pricing).toEqual(fep);
    // v24+ webhooks carry `conversation` only inside a free entry point window, with the window's expiry on `sent`.
    const expires = Number((reply.sent.conversation as { expiration_timestamp: string }).expiration_timestamp);
    expect(expires - Number(reply.sent.timestamp)).toBeGreaterThanOrEqual(72 * 3600 - 1);
    expect(reply.sent.conversation).toMatchObject({ origin: { type: 'referral_conversion' } });

    await t.advance(30 * 3600); // past the customer service window, inside the free entry point
    const later = await sendPriced(template(user, 'autumn_offer'));
    expect(later.dry).toMatchObject({ pricing: fep, window: { customer_service: { open: false }, free_entry_point: { opens_with_this_message: false, expires_at: expires } } });
    expect(later.delivered.pricing).toEqual(fep);
    expect((later.sent.conversation as { id: string }).id).toBe((reply.sent.conversation as { id: string }).id);
    expect(later.ledger.amount).toBe('0.000000');
    // Outside any window, a free-form message is predicted to fail as Meta fails it.
    const dry = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages?dry_run=true`, text(user));
    expect(dry.json).toMatchObject({ would_send: false, reasons: [{ code: 131047 }] });
  });

  it('shapes status webhooks by the app’s webhook version: v23 keeps the conversation object, v24+ drops it outside entry points', async () => {
    const regular = receiver.statuses().filter((s) => s.status === 'sent' && (s.pricing as { type?: string } | undefined)?.type === 'regular');
    expect(regular.length).toBeGreaterThan(0);
    for (const s of regular) expect(s.conversation).toBeUndefined();
    const apps = (await consoleCall('GET', '/apps')).json().data as { id: string }[];
    const patched = await t.chatapp.app.inject({ method: 'PATCH', url: `/console/api/apps/${apps[0]!.id}`, headers: { cookie: console_.cookie, 'x-csrf-token': console_.csrf }, payload: { webhook_version: 'v23.0' } });
    expect(patched.json()).toMatchObject({ webhook_version: 'v23.0' });
    const { sent, delivered } = await sendPriced(template('+55 21 99876 5432', 'autumn_offer'));
    expect(sent.conversation).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/), expiration_timestamp: expect.stringMatching(/^\d+$/), origin: { type: 'marketing' } });
    expect(delivered.conversation).toEqual({ id: (sent.conversation as { id: string }).id, origin: { type: 'marketing' } });
    const bad = await t.chatapp.app.inject({ method: 'PATCH', url: `/console/api/apps/${apps[0]!.id}`, headers: { cookie: console_.cookie, 'x-csrf-token': console_.csrf }, payload: { webhook_version: 'v99.0' } });
    expect(bad.json().error.error_data.details).toMatch(/webhook_version/);
  });

  it('applies the business’s own card and markup, totals the ledger, exports CSV and states the month', async () => {
    const bad = await consoleCall('POST', '/billing/rate_cards', 'version,mine\ncurrency,USD\neffective_from,2026-11-01\nmarket,category,tier_from,rate\nBrazil,marketing,0,abc\n', { 'content-type': 'text/csv' });
    expect(bad.status).toBe(400);
    expect(bad.json().error.error_data.details).toMatch(/^rate card: line 5, column \d+:/);

    const shipped = fs.readFileSync(new URL('../../rate-cards/meta-usd-2026-01-01.csv', import.meta.url), 'utf8');
    const own = shipped.replace('version,meta-usd-2026-01-01', 'version,acme-2026-11').replace('effective_from,2026-01-01', 'effective_from,2026-11-01').replace('Brazil,marketing,0,0.0625,A', 'Brazil,marketing,0,0.0700,uploaded');
    const uploaded = await consoleCall('POST', '/billing/rate_cards', { csv: own });
    expect(uploaded.json()).toMatchObject({ version: 'acme-2026-11', effective_from: '2026-11-01' });
    expect((await consoleCall('PUT', '/billing/markup', { fixed: '0.001', percent: '10' })).status).toBe(200);

    const { dry, ledger } = await sendPriced(template('+55 31 98888 7777', 'autumn_offer'));
    // 0.0700 from the business's card, plus 10 % and a fixed 0.001.
    expect(dry.price).toMatchObject({ rate_card: 'acme-2026-11', meta_amount: '0.070000', markup_amount: '0.008000', amount: '0.078000' });
    expect(ledger).toMatchObject({ rate_card: 'acme-2026-11', meta_amount: '0.070000', markup_amount: '0.008000', amount: '0.078000' });

    const all = (await consoleCall('GET', '/billing/ledger?from=2026-01-01')).json().data as { amount: string; pricing_category: string; country: string }[];
    const sum = (rows: { amount: string }[]) => rows.reduce((micros, r) => micros + Math.round(Number(r.amount) * 1_000_000), 0);
    const byCategory = (await consoleCall('GET', '/billing/totals?from=2026-01-01&by=category')).json().data as { category: string; amount: string; messages: number }[];
    for (const total of byCategory) expect(Math.round(Number(total.amount) * 1e6)).toBe(sum(all.filter((r) => r.pricing_category === total.category)));
    const csv = await consoleCall('GET', '/billing/totals?from=2026-01-01&by=country&format=csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('country,messages,billable_messages,meta_amount,markup_amount,amount,currency');
    expect(csv.body).toContain('BR,');

    // pricing_analytics agrees with the ledger, category by category, to the micro-unit.
    const start = Math.floor(Date.parse('2026-11-01T00:00:00Z') / 1000);
    const end = Math.floor(t.clock.now() / 1000) + 3600;
    const analytics = await t.graph(biz, 'GET', `${biz.waba_id}?fields=pricing_analytics.start(${start}).end(${end}).granularity(DAILY).dimensions(PRICING_CATEGORY)`);
    expect(analytics.status, JSON.stringify(analytics.json)).toBe(200);
    const points = analytics.json.pricing_analytics.data[0].data_points as { pricing_category: string; cost: number; volume: number }[];
    for (const category of ['MARKETING', 'UTILITY', 'SERVICE', 'REFERRAL_CONVERSION']) {
      const ours = all.filter((r) => r.pricing_category.toUpperCase() === category);
      const theirs = points.filter((p) => p.pricing_category === category);
      expect(theirs.reduce((n, p) => n + p.volume, 0), category).toBe(ours.length);
      expect(Math.round(theirs.reduce((n, p) => n + p.cost, 0) * 1_000_000), category).toBe(sum(ours));
    }

    const month = (await consoleCall('GET', '/billing/settings')).json().month.month as string;
    const statement = (await consoleCall('GET', `/billing/statements/${month}`)).json();
    const billable = all.filter((r) => Number(r.amount) > 0);
    expect(statement.totals).toEqual([{ currency: 'USD', amount: usd(sum(billable)), amount_due: (Math.round(sum(billable) / 10_000) / 100).toFixed(2) + '0000' }]);
  });

  it('warns once when the budget’s share is spent, and refuses sends that would go past it, predicted by the dry run', async () => {
    const spent = Number((await consoleCall('GET', '/billing/settings')).json().month.spent);
    const limit = (spent + 0.1).toFixed(2);
    const set = await consoleCall('PUT', '/billing/budget', { amount: limit, warn_percent: 50 });
    expect(set.status, set.body).toBe(200);
    await sendPriced(template('+55 41 97777 6666', 'autumn_offer'));
    await receiver.waitFor(() => receiver.values('account_alerts').length === 1, 'the budget warning');
    expect(receiver.values('account_alerts')[0]).toMatchObject({ entity_type: 'BUSINESS', alert_info: { alert_severity: 'WARNING', alert_type: 'CHATAPP_BUDGET_THRESHOLD_REACHED' } });

    expect((await consoleCall('PUT', '/billing/budget', { amount: (spent + 0.08).toFixed(2), warn_percent: 50 })).status).toBe(200);
    const body = template('+55 51 96666 5555', 'autumn_offer');
    const dry = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages?dry_run=true`, body);
    expect(dry.json).toMatchObject({ would_send: false, reasons: [{ code: 131042 }] });
    const refused = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, body);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 131042 });
    // A free reply still goes: the budget stops only what costs money.
    await userWrites('+55 51 96666 5555');
    expect((await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, text('+55 51 96666 5555'))).status).toBe(200);
    expect((await consoleCall('PUT', '/billing/budget', { amount: null })).status).toBe(200);
  });
});
