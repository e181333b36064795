import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { nextTat, PAIR_RATE, slotFor, throughputRate } from '../../src/rules/pacing.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { WebhookReceiver } from '../helpers/receiver.js';

describe('the pacing rule', () => {
  it('lets a burst of 45 go to one user at once, then one every 6 seconds', () => {
    let tat: number | undefined;
    const slots = Array.from({ length: 47 }, () => {
      tat = nextTat(tat, 0, PAIR_RATE);
      return slotFor(0, tat, PAIR_RATE);
    });
    expect(slots.slice(0, 45).every((s) => s === 0)).toBe(true);
    expect(slots.slice(45)).toEqual([6_000, 12_000]);
  });

  it('spaces a number’s sends at its throughput after a burst of one second', () => {
    const rate = throughputRate('STANDARD');
    let tat: number | undefined;
    const slots = Array.from({ length: 82 }, () => slotFor(0, (tat = nextTat(tat, 0, rate)), rate));
    expect(slots[79]).toBe(0);
    expect(slots[80]).toBe(12.5);
    expect(throughputRate('HIGH')).toEqual({ intervalMs: 1, burst: 1_000 });
  });
});

describe.each(databaseTargets)('pacing sends on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  const send = (to: string, body: object) =>
    t.chatapp.app.inject({ method: 'POST', url: `/v23.0/${biz.phone_number_id}/messages`, headers: { authorization: `Bearer ${biz.access_token}` }, payload: { messaging_product: 'whatsapp', to, ...body } });

  beforeAll(async () => {
    t = await startTestChatapp(target, { CHATAPP_BACKLOG_SECONDS: '1' });
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    await t.subscribe(biz, receiver, 'messages,phone_number_quality_update');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('smooths a burst to one user to the pair rate instead of failing it', async () => {
    await t.simulator(biz, 'POST', '/messages', { from: '+39 333 000 0001', to: biz.phone_number_id, message: { type: 'text', text: { body: 'ciao' } } });
    const ids: string[] = [];
    for (let i = 0; i < 47; i++) ids.push((await send('393330000001', { type: 'text', text: { body: `messaggio ${i}` } })).json().messages[0].id);
    await receiver.waitFor(() => ids.slice(0, 45).every((id) => receiver.statusSet(id).has('sent')), 'the first 45');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.statusSet(ids[45]!).size).toBe(0);
    await t.simulator(biz, 'POST', '/clock/advance', { seconds: 6 });
    await receiver.waitFor(() => receiver.statusSet(ids[45]!).has('sent'), 'the 46th, 6 s later');
    expect(receiver.statusSet(ids[46]!).has('sent')).toBe(false);
    await t.simulator(biz, 'POST', '/clock/advance', { seconds: 6 });
    await receiver.waitFor(() => receiver.statusSet(ids[46]!).has('sent'), 'the 47th');
    expect(ids.every((id) => !receiver.statusSet(id).has('failed'))).toBe(true);
  });

  it('answers 130429 once a number’s schedule runs further ahead than the backlog allows, and takes bursts at HIGH throughput', async () => {
    const hello = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
    // The burst lands at one instant of the sandbox clock, however long this machine takes to answer it.
    t.holdClock();
    const answers = await Promise.all(Array.from({ length: 240 }, (_, i) => send(`39334${String(i).padStart(7, '0')}`, hello)));
    const refused = answers.filter((a) => a.statusCode !== 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.json().error).toMatchObject({ code: 130429, error_data: { details: expect.stringMatching(/queued/) } });
    // 80 a second: the burst (80, less chatapp's 250 ms of headroom: 60) and a second of backlog (80).
    expect(answers.filter((a) => a.statusCode === 200).length).toBeGreaterThanOrEqual(140);
    // The backlog shows in /metrics and in the console.
    const metrics = (await t.chatapp.app.inject({ method: 'GET', url: '/metrics' })).body;
    const backlog = new RegExp(`chatapp_number_backlog_seconds\\{phone_number_id="${biz.phone_number_id}"\\} ([0-9.]+)`).exec(metrics);
    expect(Number(backlog?.[1])).toBeGreaterThan(0.5);
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: biz.console });
    const overview = await t.chatapp.app.inject({ method: 'GET', url: '/console/api/wabas', headers: { cookie: String(login.headers['set-cookie']).split(';')[0]! } });
    expect(overview.json().wabas[0].phone_numbers[0]).toHaveProperty('backlog_seconds');
    t.releaseClock();

    const upgrade = await t.simulator(biz, 'POST', `/numbers/${biz.phone_number_id}/throughput`, { level: 'HIGH' });
    expect(upgrade.statusCode, upgrade.body).toBe(200);
    await receiver.waitFor(() => receiver.values('phone_number_quality_update').some((v) => v.event === 'THROUGHPUT_UPGRADE'), 'the upgrade webhook');
    const number = await t.chatapp.app.inject({ method: 'GET', url: `/v23.0/${biz.phone_number_id}?fields=throughput`, headers: { authorization: `Bearer ${biz.access_token}` } });
    expect(number.json()).toMatchObject({ throughput: { level: 'HIGH' } });
  });
});

describe.each(databaseTargets)('the throughput upgrade on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  const hello = (to: string) =>
    t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${biz.phone_number_id}/messages`,
      headers: { authorization: `Bearer ${biz.access_token}` },
      payload: { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
    });

  beforeAll(async () => {
    // Five users a day stand in for Meta's 100,000.
    t = await startTestChatapp(target, { CHATAPP_SIM_THROUGHPUT_USERS: '5' });
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    await t.subscribe(biz, receiver, 'messages,phone_number_quality_update,business_capability_update');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('upgrades an unlimited portfolio’s busy number to 1,000 messages a second, holding its sends through the minute of 131057', async () => {
    const limit = await t.simulator(biz, 'POST', `/businesses/${biz.business_id}/messaging_limit`, { tier: 'TIER_UNLIMITED' });
    expect(limit.statusCode, limit.body).toBe(200);
    await receiver.waitFor(() => receiver.values('business_capability_update').some((v) => v.max_daily_conversations_per_business === 'TIER_UNLIMITED'), 'the unlimited tier');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await hello(`4478000000${i}`)).json().messages[0].id);
    await receiver.waitFor(() => ids.every((id) => receiver.statusSet(id).has('sent')), 'the five sends');
    // The upgrade takes a minute of clock; a send meanwhile waits instead of failing.
    const during = (await hello('447800000099')).json().messages[0].id as string;
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.statusSet(during).size).toBe(0);
    await t.simulator(biz, 'POST', '/clock/advance', { seconds: 61 });
    await receiver.waitFor(() => receiver.values('phone_number_quality_update').some((v) => v.event === 'THROUGHPUT_UPGRADE'), 'the upgrade webhook');
    await receiver.waitFor(() => receiver.statusSet(during).has('sent'), 'the held send');
    expect(receiver.statusSet(during).has('failed')).toBe(false);
    const number = await t.chatapp.app.inject({ method: 'GET', url: `/v23.0/${biz.phone_number_id}?fields=throughput`, headers: { authorization: `Bearer ${biz.access_token}` } });
    expect(number.json()).toMatchObject({ throughput: { level: 'HIGH' } });
  });
});
