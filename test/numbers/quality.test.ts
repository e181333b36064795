import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { numberQuality } from '../../src/upstream/simulator/number-quality.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { eventually, WebhookReceiver } from '../helpers/receiver.js';

describe('the number quality rule', () => {
  const now = 10 * 24 * 3600 * 1000;
  it('weighs recent objections more, against the users reached', () => {
    expect(numberQuality({ reached: 0, objections: [], now })).toBe('UNKNOWN');
    expect(numberQuality({ reached: 100, objections: [], now })).toBe('GREEN');
    expect(numberQuality({ reached: 20, objections: [now - 1000], now })).toBe('YELLOW');
    expect(numberQuality({ reached: 100, objections: [now - 1000], now })).toBe('GREEN');
    expect(numberQuality({ reached: 20, objections: [now, now, now], now })).toBe('RED');
    // Six days old, three objections weigh under one.
    expect(numberQuality({ reached: 20, objections: [now - 6 * 86_400_000, now - 6 * 86_400_000, now - 6 * 86_400_000], now })).toBe('GREEN');
  });
});

describe.each(databaseTargets)('a number’s quality rating on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  const graph = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.chatapp.app.inject({ method, url: `/v23.0/${url}`, headers: { authorization: `Bearer ${biz.access_token}` }, ...(payload ? { payload } : {}) });
    return res.json() as Record<string, any>;
  };
  const simulator = (as: DemoFacts, url: string, payload: object) => t.simulator(as, 'POST', `/${url}`, payload);
  const standing = () => graph('GET', `${biz.phone_number_id}?fields=quality_rating,status,health_status`);

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    await t.subscribe(biz, receiver, 'messages,phone_number_quality_update');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('goes YELLOW, then RED and FLAGGED as its users block it, and recovers when they unblock', async () => {
    const users = Array.from({ length: 20 }, (_, i) => `3161234${String(i).padStart(4, '0')}`);
    const ids: string[] = [];
    for (const to of users) ids.push((await graph('POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } })).messages[0].id);
    await receiver.waitFor(() => ids.every((id) => receiver.statusSet(id).has('delivered')), 'every delivery');

    await simulator(biz, `users/${users[0]}/block`, { phone_number_id: biz.phone_number_id });
    await eventually(async () => expect(await standing()).toMatchObject({ quality_rating: 'YELLOW', status: 'CONNECTED', health_status: { can_send_message: 'AVAILABLE' } }));
    await simulator(biz, `users/${users[1]}/report`, { phone_number_id: biz.phone_number_id });
    await simulator(biz, `users/${users[2]}/block`, { phone_number_id: biz.phone_number_id });
    await receiver.waitFor(() => receiver.values('phone_number_quality_update').some((v) => v.event === 'FLAGGED'), 'the FLAGGED webhook');
    const flagged = receiver.values('phone_number_quality_update').find((v) => v.event === 'FLAGGED')!;
    expect(flagged).toEqual({ display_phone_number: biz.display_phone_number.replace(/\D/g, ''), event: 'FLAGGED', current_limit: 'TIER_250' });
    expect(await standing()).toMatchObject({ quality_rating: 'RED', status: 'FLAGGED', health_status: { can_send_message: 'LIMITED', entities: [expect.objectContaining({ errors: [expect.objectContaining({ error_code: 131048 })] })] } });
    const waba = await graph('GET', `${biz.waba_id}?fields=health_status`);
    expect(waba.health_status).toMatchObject({ can_send_message: 'LIMITED', entities: expect.arrayContaining([expect.objectContaining({ entity_type: 'WABA', can_send_message: 'LIMITED' })]) });
    // A flagged number still sends.
    const still = await graph('POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: users[10], type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    expect(still.messages[0].id).toMatch(/^wamid\./);
    // YELLOW was no webhook of Meta's: only FLAGGED reached the business so far.
    expect(receiver.values('phone_number_quality_update').map((v) => v.event)).toEqual(['FLAGGED']);

    for (const user of users.slice(0, 3)) await simulator(biz, `users/${user}/unblock`, { phone_number_id: biz.phone_number_id });
    await receiver.waitFor(() => receiver.values('phone_number_quality_update').some((v) => v.event === 'UNFLAGGED'), 'the UNFLAGGED webhook');
    await eventually(async () => expect(await standing()).toMatchObject({ status: 'CONNECTED', health_status: { can_send_message: 'AVAILABLE' } }));
  });

  it('restricts a number that is still RED a week after it was flagged: it answers users but starts nothing', async () => {
    const other = await t.business();
    const call = async (url: string, payload: object) =>
      (await t.chatapp.app.inject({ method: 'POST', url: `/v23.0/${url}`, headers: { authorization: `Bearer ${other.access_token}` }, payload })).json() as Record<string, any>;
    const hooks = await WebhookReceiver.start();
    await t.subscribe(other, hooks, 'messages,phone_number_quality_update,account_update');
    const hello = (to: string) => call(`${other.phone_number_id}/messages`, { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    // The blocks also pause hello_world (template quality); it is unpaused on the clock, soon after an advance.
    const helloApproved = () =>
      eventually(async () => {
        const list = await t.chatapp.app.inject({ method: 'GET', url: `/v23.0/${other.waba_id}/message_templates?name=hello_world&fields=status`, headers: { authorization: `Bearer ${other.access_token}` } });
        expect(list.json().data[0].status).toBe('APPROVED');
      });
    const blockAll = async (users: string[]) => {
      for (const user of users) await simulator(other, `users/${user}/block`, { phone_number_id: other.phone_number_id });
    };
    const wave = async (prefix: string) => {
      const users = Array.from({ length: 10 }, (_, i) => `${prefix}${i}`);
      const ids: string[] = [];
      for (const to of users) {
        const sent = await hello(to);
        expect(sent.messages, JSON.stringify(sent)).toBeDefined();
        ids.push(sent.messages[0].id);
      }
      await hooks.waitFor(() => ids.every((id) => hooks.statusSet(id).has('delivered')), 'the wave delivered');
      return users;
    };
    await blockAll((await wave('4670123450')).slice(0, 6));
    await hooks.waitFor(() => hooks.values('phone_number_quality_update').some((v) => v.event === 'FLAGGED'), 'FLAGGED');
    // Six days on, a new wave is blocked as well: the rating stays RED.
    await t.simulator(biz, 'POST', '/clock/advance', { seconds: 6 * 86_400 });
    await helloApproved();
    await blockAll((await wave('4670123460')).slice(0, 6));
    await t.simulator(biz, 'POST', '/clock/advance', { seconds: 86_400 + 60 });
    await hooks.waitFor(() => hooks.values('account_update').some((v) => v.event === 'ACCOUNT_RESTRICTION'), 'the restriction');
    expect(hooks.values('account_update').find((v) => v.event === 'ACCOUNT_RESTRICTION')).toMatchObject({ restriction_info: [{ restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING' }] });
    const standing = await t.chatapp.app.inject({ method: 'GET', url: `/v23.0/${other.phone_number_id}?fields=status,health_status`, headers: { authorization: `Bearer ${other.access_token}` } });
    expect(standing.json()).toMatchObject({ status: 'RESTRICTED', health_status: { can_send_message: 'LIMITED' } });
    // A template to a new user fails; a reply to a user who wrote goes through.
    await helloApproved();
    const refused = (await hello('46701234999')).messages[0].id;
    await hooks.waitFor(() => hooks.statusSet(refused).has('failed'), 'the refused template');
    expect(hooks.statuses(refused).find((x) => x.status === 'failed')!.errors![0]!.code).toBe(131048);
    await simulator(other, 'messages', { from: '+46 70 123 4888', to: other.phone_number_id, message: { type: 'text', text: { body: 'hej' } } });
    const reply = (await call(`${other.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: '46701234888', type: 'text', text: { body: 'hej hej' } })).messages[0].id;
    await hooks.waitFor(() => hooks.statusSet(reply).has('delivered'), 'the reply delivered');
    await hooks.close();
  });
});
