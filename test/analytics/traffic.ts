import { expect } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import type { TestChatapp } from '../helpers/chatapp.js';
import type { WebhookReceiver } from '../helpers/receiver.js';

/** What a test business did, as the test saw it happen: the truth analytics must agree with. */
export interface Traffic {
  readonly biz: DemoFacts;
  /** Unix seconds just before the first message. */
  readonly start: number;
  readonly helloId: string;
  readonly quickId: string;
  /** Outbound messages that were delivered, by kind. */
  readonly delivered: { readonly text: string[]; readonly hello: string[]; readonly quick: string[] };
  readonly failed: string[];
  readonly inbound: number;
}

export const USERS = { gb: '+44 7700 900301', in: '+91 98765 43210', br: '+55 11 91234 5678', never: '+44 7700 900399' };
const digits = (phone: string) => phone.replace(/\D/g, '');

/**
 * Real traffic through the simulator on an advancing clock: users write, the business answers
 * after known delays, sends hello_world (UTILITY) and a quick-reply template inside and outside the
 * window, one free-form send fails with 131047, one user taps a quick reply; a day later the first
 * user comes back. Every outbound message is waited on until the user has read it.
 */
export async function makeTraffic(t: TestChatapp, biz: DemoFacts, receiver: WebhookReceiver): Promise<Traffic> {
  const api = (method: 'GET' | 'POST', path: string, body?: object) => t.graph(biz, method, path, body);
  await t.subscribe(biz, receiver, 'messages,message_template_status_update');
  const created = await api('POST', `${biz.waba_id}/message_templates`, {
    name: 'visit_confirmed',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Your visit on Tuesday is confirmed. Tap below if you need to change it.' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Change it' }] },
    ],
  });
  expect(created.status, JSON.stringify(created.json)).toBe(200);
  const quickId = String(created.json.id);
  await t.advance(15);
  await receiver.waitFor(() => receiver.values('message_template_status_update').some((v) => String(v.message_template_id) === quickId && v.event === 'APPROVED'), 'the approval');
  const hello = await api('GET', `${biz.waba_id}/message_templates?name=hello_world&fields=id`);
  const helloId = String(hello.json.data[0].id);

  const start = Math.floor(t.clock.now() / 1000) - 1;
  const writes = async (from: string, message: object) => {
    const res = await t.simulator(biz, 'POST', '/messages', { from, to: biz.phone_number_id, message });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id as string;
  };
  const send = async (to: string, message: object) => {
    const res = await api('POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to, ...message });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.messages[0].id as string;
  };
  const text = (body: string) => ({ type: 'text', text: { body } });
  const template = (name: string) => ({ type: 'template', template: { name, language: { code: 'en_US' } } });
  const delivered = { text: [] as string[], hello: [] as string[], quick: [] as string[] };

  // GB writes, the business answers 90 s later; GB thanks, the business answers 30 s later.
  await writes(USERS.gb, text('hi, is my order on its way?'));
  await t.advance(90);
  delivered.text.push(await send(USERS.gb, text('Yes, it ships today.')));
  await t.advance(5);
  await writes(USERS.gb, text('thanks!'));
  await t.advance(30);
  delivered.text.push(await send(USERS.gb, text('You are welcome.')));
  await t.advance(5);
  // IN writes and gets both templates inside the window; BR never wrote and gets them outside it.
  await writes(USERS.in, text('hello'));
  delivered.hello.push(await send(USERS.in, template('hello_world')));
  delivered.quick.push(await send(USERS.in, template('visit_confirmed')));
  delivered.hello.push(await send(USERS.br, template('hello_world')));
  delivered.quick.push(await send(USERS.br, template('visit_confirmed')));
  const failed = [await send(USERS.never, text('Are you there?'))];

  const all = [...delivered.text, ...delivered.hello, ...delivered.quick];
  await receiver.waitFor(() => all.every((id) => receiver.statusSet(id).has('read')), 'every message read', 20_000);
  await receiver.waitFor(() => receiver.statusSet(failed[0]!).has('failed'), 'the 131047 failure');
  // A user's message carries whole seconds (Meta's `timestamp`): keep the tap clear of the second the template went out in.
  await t.advance(2);
  const tap = await t.simulator(biz, 'POST', `/users/${digits(USERS.br)}/tap`, { message_id: delivered.quick[1], button_index: 0 });
  expect(tap.statusCode, tap.body).toBe(200);

  // A day later GB comes back: a new customer service window, answered after 20 s.
  await t.advance(25 * 3600);
  await writes(USERS.gb, text('one more question'));
  await t.advance(20);
  const late = await send(USERS.gb, text('Sure, go ahead.'));
  delivered.text.push(late);
  await receiver.waitFor(() => receiver.statusSet(late).has('read'), 'the late reply read');
  // GB 3, IN 1, BR's tap 1.
  // Webhooks are delivered at least once: count distinct messages.
  const inboundIds = () => new Set(receiver.inbound().map((m) => m.id));
  await receiver.waitFor(() => inboundIds().size >= 5, 'five inbound messages');
  expect(inboundIds().size).toBe(5);
  return { biz, start, helloId, quickId, delivered, failed, inbound: 5 };
}

/** The ledger as the database holds it, the test's own reading: count and micros per category. */
export async function ledgerByCategory(t: TestChatapp, businessId: string): Promise<Map<string, { volume: number; micros: number }>> {
  const rows = await t.chatapp.store.db.selectFrom('message_charges').select(['pricing_category', 'amount_micros']).where('business_id', '=', businessId).execute();
  const out = new Map<string, { volume: number; micros: number }>();
  for (const r of rows) {
    const c = out.get(r.pricing_category) ?? { volume: 0, micros: 0 };
    c.volume++;
    c.micros += Number(r.amount_micros);
    out.set(r.pricing_category, c);
  }
  return out;
}
