import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBusinessId } from '../../src/core/brand.js';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { ledgerByCategory, makeTraffic, type Traffic } from './traffic.js';

type Row = Record<string, any>;
const total = (rows: Row[], key: string) => rows.reduce((s, r) => s + (r[key] ?? 0), 0);
const utcDate = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

describe.each(databaseTargets)('console analytics on $name', (target) => {
  let t: TestChatapp;
  let traffic: Traffic;
  let other: DemoFacts;
  let receiver: WebhookReceiver;
  let analyst: string;
  let range: string;

  const signIn = async (email: string, password: string) => {
    const res = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: { email, password } });
    expect(res.statusCode, res.body).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0]!;
  };
  const read = async (path: string, cookie = analyst) => {
    const res = await t.chatapp.app.inject({ method: 'GET', url: `/console/api/analytics/${path}`, headers: { cookie } });
    return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body, json: () => res.json() as Row };
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    receiver = await WebhookReceiver.start();
    traffic = await makeTraffic(t, await t.business(), receiver);
    other = await t.business();
    const { password } = await t.chatapp.services.accounts.addMember({ businessId: asBusinessId(traffic.biz.business_id), email: `analyst-${traffic.biz.business_id}@example.com`, role: 'ANALYST' });
    analyst = await signIn(`analyst-${traffic.biz.business_id}@example.com`, password);
    range = `from=${utcDate(traffic.start)}&to=${utcDate(Math.floor(t.clock.now() / 1000))}&tz=UTC`;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('shows an Analyst the volumes, delivery rate and read rate of every day, also as CSV', async () => {
    const res = await read(`messages?${range}&granularity=day`);
    expect(res.status, res.body).toBe(200);
    const { data, time_zone, granularity } = res.json();
    expect({ time_zone, granularity }).toEqual({ time_zone: 'UTC', granularity: 'day' });
    const delivered = traffic.delivered.text.length + traffic.delivered.hello.length + traffic.delivered.quick.length;
    expect(total(data, 'outbound')).toBe(delivered + traffic.failed.length);
    expect(total(data, 'sent')).toBe(delivered);
    expect(total(data, 'delivered')).toBe(delivered);
    expect(total(data, 'read')).toBe(delivered);
    expect(total(data, 'failed')).toBe(traffic.failed.length);
    expect(total(data, 'inbound')).toBe(traffic.inbound);
    for (const row of data.filter((r: Row) => r.outbound > 0)) {
      expect(row.delivery_rate).toBeCloseTo(row.delivered / (row.sent + row.failed), 4);
      expect(row.read_rate).toBe(1);
      expect(row.period).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }

    const csv = await read(`messages?${range}&granularity=hour&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('period,start,end,outbound,sent,delivered,read,failed,inbound,delivery_rate,read_rate');
    const hours = (await read(`messages?${range}&granularity=hour`)).json().data as Row[];
    expect(lines.length).toBe(hours.length + 1);
    expect(lines.slice(1).reduce((s, line) => s + Number(line.split(',')[4]), 0)).toBe(delivered);

    const perNumber = (await read(`messages?${range}&by=number&waba_id=${traffic.biz.waba_id}`)).json();
    expect(new Set(perNumber.data.map((r: Row) => r.phone_number_id))).toEqual(new Set([traffic.biz.phone_number_id]));
  });

  it('lists failure reasons with their codes, titles and counts', async () => {
    const res = await read(`failures?${range}`);
    expect(res.json().data).toEqual([{ code: 131047, title: 'Re-engagement message', count: 1 }]);
    const csv = await read(`failures?${range}&format=csv`);
    expect(csv.body).toBe('code,title,count\r\n131047,Re-engagement message,1\r\n');
  });

  it('counts the customer service windows users opened and the business’s response times', async () => {
    const sessions = (await read(`sessions?${range}`)).json().data as Row[];
    // GB on both days, IN, and BR's tap on a quick reply.
    expect(total(sessions, 'sessions')).toBe(4);

    const times = (await read(`response-times?${range}`)).json().data as Row[];
    expect(total(times, 'sessions')).toBe(4);
    expect(total(times, 'unanswered')).toBe(1);
    // First responses: 90 s (GB), at once (IN), 20 s (GB a day later); a user's message carries whole seconds.
    expect(total(times, 'first_responses')).toBe(3);
    const first = times.reduce((s, r) => s + (r.first_response_seconds ?? 0) * r.first_responses, 0);
    expect(first).toBeGreaterThanOrEqual(110);
    expect(first).toBeLessThan(114);
    // Every wait: 90, 30, 0 and 20 s.
    expect(total(times, 'responses')).toBe(4);
    const all = times.reduce((s, r) => s + (r.average_response_seconds ?? 0) * r.responses, 0);
    expect(all).toBeGreaterThanOrEqual(140);
    expect(all).toBeLessThan(145);
  });

  it('shows cost by category exactly as the ledger holds it, and by country and template', async () => {
    const ledger = await ledgerByCategory(t, traffic.biz.business_id);
    const byCategory = (await read(`costs?${range}&by=category`)).json().data as Row[];
    for (const [category, truth] of ledger) {
      const rows = byCategory.filter((r) => r.category === category);
      expect(total(rows, 'volume')).toBe(truth.volume);
      expect(total(rows, 'cost_micros')).toBe(truth.micros);
      expect(Math.round(total(rows, 'cost') * 100)).toBe(Math.round(truth.micros / 10_000));
    }
    const byCountry = (await read(`costs?${range}&by=country`)).json().data as Row[];
    const volumeOf = (country: string) => total(byCountry.filter((r) => r.country === country), 'volume');
    expect([volumeOf('GB'), volumeOf('IN'), volumeOf('BR')]).toEqual([traffic.delivered.text.length, 2, 2]);
    const byTemplate = (await read(`costs?${range}&by=template&format=csv`)).body.split('\r\n');
    expect(byTemplate[0]).toBe('period,start,end,template,currency,volume,billable,cost,cost_micros');
    expect(byTemplate.filter((l) => l.includes(',hello_world:en_US,')).reduce((s, l) => s + Number(l.split(',')[5]), 0)).toBe(2);
  });

  it('shows another business none of it, and refuses bad input with error 100 naming the part', async () => {
    const theirs = await signIn(other.console.email, other.console.password);
    expect(total((await read(`messages?${range}`, theirs)).json().data, 'outbound')).toBe(0);
    expect((await read(`costs?${range}`, theirs)).json().data).toEqual([]);
    const foreign = await read(`messages?${range}&waba_id=${traffic.biz.waba_id}`, theirs);
    expect(foreign.status).toBe(400);
    expect(foreign.json().error.message).toMatch(/does not exist/);
    expect((await read(`messages?${range}&phone_number_id=${traffic.biz.phone_number_id}`, theirs)).json().error.error_data.details).toContain('phone_number_id');

    for (const [query, part] of [
      [`messages?${range}&granularity=week`, 'granularity'],
      [`messages?from=yesterday&to=2026-01-01`, 'from'],
      [`messages?from=2026-01-02&to=2025-12-31`, 'to'],
      [`sessions?from=2020-01-01&to=2026-01-01&granularity=hour`, 'granularity: hour'],
      [`costs?${range}&by=colour`, 'by'],
      [`messages?${range.replace('tz=UTC', 'tz=Mars/Olympus')}`, 'tz'],
    ]) {
      const res = await read(query!);
      expect(res.status, query).toBe(400);
      expect(res.json().error.code).toBe(100);
      expect(res.json().error.error_data.details).toContain(part);
    }
    const anonymous = await t.chatapp.app.inject({ method: 'GET', url: `/console/api/analytics/messages?${range}` });
    expect(anonymous.statusCode).toBe(401);
  });
});
