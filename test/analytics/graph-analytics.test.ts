import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAppId, asBusinessId, asSystemUserId } from '../../src/core/brand.js';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { ledgerByCategory, makeTraffic, type Traffic } from './traffic.js';

type Point = Record<string, any>;
const sum = (points: Point[], key: string) => points.reduce((total, p) => total + (p[key] ?? 0), 0);

describe.each(databaseTargets)('Graph analytics of a WABA on $name', (target) => {
  let t: TestChatapp;
  let traffic: Traffic;
  let other: DemoFacts;
  let receiver: WebhookReceiver;
  let end: number;
  const get = (path: string, as: DemoFacts = traffic.biz) => t.graph(as, 'GET', path);
  const field = (expansion: string, as?: DemoFacts) => get(`${traffic.biz.waba_id}?fields=${encodeURIComponent(expansion)}`, as);
  const range = () => `.start(${traffic.start}).end(${end})`;

  beforeAll(async () => {
    t = await startTestChatapp(target);
    receiver = await WebhookReceiver.start();
    traffic = await makeTraffic(t, await t.business(), receiver);
    other = await t.business();
    end = Math.floor(t.clock.now() / 1000) + 60;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('counts sent and delivered messages per day in analytics, beside the WABA’s own fields', async () => {
    const res = await field(`name,analytics${range()}.granularity(DAY).product_types([0,2])`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(Object.keys(res.json)).toEqual(['name', 'analytics', 'id']);
    expect(res.json.id).toBe(traffic.biz.waba_id);
    const a = res.json.analytics;
    expect(a.granularity).toBe('DAY');
    expect(a.phone_numbers).toEqual([traffic.biz.display_phone_number.replace(/\D/g, '')]);
    expect(a.country_codes).toEqual(['BR', 'GB', 'IN']);
    const outbound = traffic.delivered.text.length + traffic.delivered.hello.length + traffic.delivered.quick.length;
    expect(sum(a.data_points, 'sent')).toBe(outbound);
    expect(sum(a.data_points, 'delivered')).toBe(outbound);
    // Whole local days of the WABA (Los Angeles), ascending; the traffic spans two of them at least.
    for (const p of a.data_points) expect([23, 24, 25]).toContain((p.end - p.start) / 3600);
    expect(a.data_points.filter((p: Point) => p.sent > 0).length).toBeGreaterThanOrEqual(2);

    const templates = (await field(`analytics${range()}.granularity(MONTH).product_types([0])`)).json.analytics;
    expect(sum(templates.data_points, 'sent')).toBe(traffic.delivered.hello.length + traffic.delivered.quick.length);
    const inbound = (await field(`analytics${range()}.granularity(HALF_HOUR).product_types([100])`)).json.analytics;
    expect(sum(inbound.data_points, 'sent')).toBe(traffic.inbound);
    const india = (await field(`analytics${range()}.granularity(DAY).country_codes(["IN"]).product_types([0,2])`)).json.analytics;
    expect(sum(india.data_points, 'delivered')).toBe(2);
  });

  it('agrees with the ledger in pricing_analytics, volume and cost per category to the cent', async () => {
    const res = await field(`pricing_analytics${range()}.granularity(DAILY).dimensions(PRICING_CATEGORY,PRICING_TYPE)`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const points: Point[] = res.json.pricing_analytics.data[0].data_points;
    const ledger = await ledgerByCategory(t, traffic.biz.business_id);
    // Every delivered message is in the ledger, billable or free: three service replies, four utility templates.
    expect(ledger.get('service')?.volume).toBe(traffic.delivered.text.length);
    expect(ledger.get('utility')?.volume).toBe(traffic.delivered.hello.length + traffic.delivered.quick.length);
    for (const [category, truth] of ledger) {
      const mine = points.filter((p) => p.pricing_category === category.toUpperCase());
      expect(sum(mine, 'volume')).toBe(truth.volume);
      expect(Math.round(sum(mine, 'cost') * 100)).toBe(Math.round(truth.micros / 10_000));
      expect(Math.round(sum(mine, 'cost') * 1_000_000)).toBe(truth.micros);
    }
    expect(points.every((p) => Object.keys(p).sort().join() === 'cost,end,pricing_category,pricing_type,start,volume')).toBe(true);
    expect(points.map((p) => p.start)).toEqual([...points.map((p) => p.start)].sort((a, b) => b - a));

    // The edge form answers the same, its modifiers in the query string.
    const edge = await get(`${traffic.biz.waba_id}/pricing_analytics?start=${traffic.start}&end=${end}&granularity=DAILY&dimensions=PRICING_CATEGORY,PRICING_TYPE`);
    expect(edge.json).toEqual(res.json.pricing_analytics);
    const utility = (await field(`pricing_analytics${range()}.granularity(MONTHLY).pricing_categories([UTILITY]).metric_types([VOLUME])`)).json.pricing_analytics;
    expect(sum(utility.data[0].data_points, 'volume')).toBe(ledger.get('utility')!.volume);
    expect(utility.data[0].data_points.every((p: Point) => p.cost === undefined)).toBe(true);
  });

  it('answers conversation_analytics empty for messages priced per message', async () => {
    const res = await field(`conversation_analytics${range()}.granularity(DAILY).dimensions(CONVERSATION_CATEGORY)`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.conversation_analytics).toEqual({ data: [{ data_points: [] }] });
  });

  it('counts sends, deliveries, reads, quick-reply taps and cost per template in template_analytics', async () => {
    const res = await get(`${traffic.biz.waba_id}/template_analytics?start=${traffic.start}&end=${end}&granularity=DAILY&template_ids=[${traffic.helloId},${traffic.quickId}]&metric_types=[SENT,DELIVERED,READ,CLICKED,COST]`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const [data] = res.json.data;
    expect(data).toMatchObject({ granularity: 'DAILY', product_type: 'cloud_api' });
    const of = (id: string): Point[] => data.data_points.filter((p: Point) => p.template_id === id);
    for (const [id, sends] of [[traffic.helloId, traffic.delivered.hello], [traffic.quickId, traffic.delivered.quick]] as const) {
      expect(sum(of(id), 'sent')).toBe(sends.length);
      expect(sum(of(id), 'delivered')).toBe(sends.length);
      expect(sum(of(id), 'read')).toBe(sends.length);
    }
    expect(of(traffic.quickId).flatMap((p) => p.clicked ?? [])).toEqual([{ type: 'quick_reply_button', button_content: 'Change it', count: 1 }]);
    expect(of(traffic.helloId).some((p) => 'clicked' in p)).toBe(false);

    const charges = await t.chatapp.store.db.selectFrom('message_charges').select(['template', 'amount_micros']).where('business_id', '=', traffic.biz.business_id).execute();
    const spent = (name: string) => charges.filter((c) => c.template === `${name}:en_US`).reduce((s, c) => s + Number(c.amount_micros), 0);
    const amount = (id: string) => of(id).reduce((s, p) => s + p.cost.find((c: Point) => c.type === 'amount_spent').value, 0);
    expect(Math.round(amount(traffic.helloId) * 1_000_000)).toBe(spent('hello_world'));
    expect(Math.round(amount(traffic.quickId) * 1_000_000)).toBe(spent('visit_confirmed'));
    expect(of(traffic.quickId).flatMap((p) => p.cost.map((c: Point) => c.type))).not.toContain('cost_per_url_button_click');

    const sentOnly = await get(`${traffic.biz.waba_id}/template_analytics?start=${traffic.start}&end=${end}&granularity=daily&template_ids=${traffic.helloId}&metric_types=sent`);
    expect(Object.keys(sentOnly.json.data[0].data_points[0]).sort()).toEqual(['end', 'sent', 'start', 'template_id']);
  });

  it.each([
    ['analytics.start(S).end(E).granularity(WEEK)', 'analytics.granularity'],
    ['analytics.start(NOW).end(2).granularity(DAY)', 'analytics.start'],
    ['analytics.begin(1).granularity(DAY)', 'analytics.begin'],
    ['analytics.start(1', 'analytics.start: unbalanced'],
    ['pricing_analytics.start(S).end(S).granularity(DAILY)', 'pricing_analytics.end'],
    ['pricing_analytics.start(S).end(E).granularity(DAILY).metric_types(CLICKS)', 'pricing_analytics.metric_types'],
    ['pricing_analytics.start(S).end(E).granularity(DAILY).dimensions(COLOUR)', 'pricing_analytics.dimensions'],
    ['conversation_analytics.start(S).end(E).granularity(DAY)', 'conversation_analytics.granularity'],
  ])('refuses %s with error 100 naming %s', async (expansion, part) => {
    const res = await field(expansion.replace('(S)', `(${traffic.start})`).replace('(S)', `(${traffic.start})`).replace('(E)', `(${end})`));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 100, message: '(#100) Invalid parameter' });
    expect(res.json.error.error_data.details).toContain(part);
  });

  it('refuses bad template_analytics and edge queries with error 100 naming the part', async () => {
    const base = `${traffic.biz.waba_id}/template_analytics?start=${traffic.start}&end=${end}`;
    const otherHello = (await get(`${other.waba_id}/message_templates?name=hello_world&fields=id`, other)).json.data[0].id;
    for (const [query, part] of [
      [`${base}&granularity=HOURLY&template_ids=[${traffic.helloId}]`, 'template_analytics.granularity'],
      [`${base}&granularity=DAILY&template_ids=[${traffic.helloId}]&metric_types=[SENT,LIKES]`, 'template_analytics.metric_types'],
      [`${base}&granularity=DAILY`, 'template_analytics.template_ids'],
      [`${base}&granularity=DAILY&template_ids=[${otherHello}]`, `template_analytics.template_ids: ${otherHello}`],
      [`${traffic.biz.waba_id}/pricing_analytics?start=yesterday&end=${end}&granularity=DAILY`, 'pricing_analytics.start'],
      [`${traffic.biz.waba_id}/analytics?start=${traffic.start}&end=${end}`, 'analytics.granularity'],
    ]) {
      const res = await get(query!);
      expect(res.status, query).toBe(400);
      expect(res.json.error.code).toBe(100);
      expect(res.json.error.error_data.details).toContain(part);
    }
  });

  it('answers another business’s WABA as not found, and shows that business none of this traffic', async () => {
    const unknown = await get(`999999999999999?fields=name`, other);
    for (const path of [`${traffic.biz.waba_id}?fields=analytics${range()}.granularity(DAY)`, `${traffic.biz.waba_id}/pricing_analytics?start=${traffic.start}&end=${end}&granularity=DAILY`, `${traffic.biz.waba_id}/template_analytics?start=${traffic.start}&end=${end}&granularity=DAILY&template_ids=[${traffic.helloId}]`]) {
      const res = await get(path, other);
      expect(res.status, path).toBe(unknown.status);
      expect(res.json.error.code).toBe(unknown.json.error.code);
      expect(res.json.error.message).toBe(unknown.json.error.message.replace('999999999999999', traffic.biz.waba_id));
    }
    const own = await get(`${other.waba_id}?fields=analytics.start(${traffic.start}).end(${end}).granularity(DAY),pricing_analytics.start(${traffic.start}).end(${end}).granularity(DAILY)`, other);
    expect(sum(own.json.analytics.data_points, 'sent')).toBe(0);
    expect(own.json.pricing_analytics.data[0].data_points).toEqual([]);
  });

  it('needs whatsapp_business_management on the WABA: a messaging-only token gets error 10', async () => {
    const me = await t.chatapp.services.accounts.authenticate(traffic.biz.access_token);
    const { token } = await t.chatapp.services.accounts.issueToken({
      businessId: asBusinessId(traffic.biz.business_id),
      systemUserId: asSystemUserId(me.systemUserId),
      appId: asAppId(me.appId),
      scopes: ['whatsapp_business_messaging'],
    });
    const res = await get(`${traffic.biz.waba_id}?fields=analytics${range()}.granularity(DAY)`, { ...traffic.biz, access_token: token });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe(10);
    const edge = await get(`${traffic.biz.waba_id}/template_analytics?start=${traffic.start}&end=${end}&granularity=DAILY&template_ids=[${traffic.helloId}]`, { ...traffic.biz, access_token: token });
    expect(edge.json.error.code).toBe(10);
  });
});
