import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../../helpers/chatapp.js';
import { databaseTargets } from '../../helpers/databases.js';
import { WebhookReceiver } from '../../helpers/receiver.js';

describe.each(databaseTargets)('a simulated user shares a location, a contact card and reactions on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let other: DemoFacts;
  let receiver: WebhookReceiver;

  // The sandbox takes a user's message to a number from that number's business.
  const userWrites = (from: string, message: Record<string, unknown>, to = biz.phone_number_id) =>
    t.simulator(to === other.phone_number_id ? other : biz, 'POST', '/messages', { from, to, message });
  const accepted = async (from: string, message: Record<string, unknown>): Promise<string> => {
    const res = await userWrites(from, message);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { id: string }).id;
  };
  const refused = async (from: string, message: Record<string, unknown>, to?: string): Promise<{ code: number; details: string }> => {
    const res = await userWrites(from, message, to);
    expect(res.statusCode, res.body).toBe(400);
    const error = res.json().error as { code: number; error_data: { details: string } };
    return { code: error.code, details: error.error_data.details };
  };
  const inbound = async (id: string) => {
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === id), `inbound ${id}`);
    return receiver.inbound().find((m) => m.id === id)!;
  };
  /** The business writes to the user (who wrote first, so the window is open); the message id, once delivered. */
  const businessSends = async (to: string, body: string, owner = biz): Promise<string> => {
    const res = await t.graph(owner, 'POST', `${owner.phone_number_id}/messages`, { messaging_product: 'whatsapp', to, type: 'text', text: { body } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const id = res.json.messages[0].id as string;
    // The phone can react once the message has reached it.
    await receiver.waitFor(() => receiver.statusSet(id).has('delivered'), `${id} delivered`);
    return id;
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    [biz, other] = [await t.business(), await t.business()];
    receiver = await WebhookReceiver.start();
    await t.subscribe(biz, receiver, 'messages');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('delivers a location with numbers for coordinates, as Meta posts it', async () => {
    const id = await accepted('+44 7700 900301', { type: 'location', location: { latitude: '51.5007', longitude: -0.1246, name: 'Big Ben', address: 'Westminster, London SW1A 0AA' } });
    const message = await inbound(id);
    expect(message).toMatchObject({ from: '447700900301', type: 'location', location: { latitude: 51.5007, longitude: -0.1246, name: 'Big Ben', address: 'Westminster, London SW1A 0AA' } });
  });

  it('refuses a location out of range or without coordinates, naming the field', async () => {
    expect((await refused('+44 7700 900301', { type: 'location', location: { latitude: 91, longitude: 0 } })).details).toMatch(/^location\.latitude: /);
    expect((await refused('+44 7700 900301', { type: 'location', location: { latitude: 10 } })).details).toBe('location.longitude: is required');
    expect((await refused('+44 7700 900301', { type: 'location', location: 'here' })).details).toBe('message.location: is required');
  });

  it('delivers a contact card and refuses one without a name', async () => {
    const card = { name: { formatted_name: 'Dara Costa', first_name: 'Dara' }, phones: [{ phone: '+351 912 345 678', type: 'MOBILE', wa_id: '351912345678' }] };
    const id = await accepted('+44 7700 900302', { type: 'contacts', contacts: [card] });
    expect((await inbound(id)).contacts).toEqual([card]);
    expect((await refused('+44 7700 900302', { type: 'contacts', contacts: [{ phones: [{ phone: '1' }] }] })).details).toBe('contacts[0].name: is required');
    expect((await refused('+44 7700 900302', { type: 'contacts', contacts: [] })).details).toMatch(/^contacts: /);
  });

  it('delivers a reaction to a business message and its removal', async () => {
    await accepted('+44 7700 900303', { type: 'text', text: { body: 'Is the blue one in stock?' } });
    const answer = await businessSends('447700900303', 'Yes, two left.');
    const liked = await accepted('+44 7700 900303', { type: 'reaction', reaction: { message_id: answer, emoji: '👍' } });
    expect(await inbound(liked)).toMatchObject({ type: 'reaction', reaction: { message_id: answer, emoji: '👍' } });
    const removed = await accepted('+44 7700 900303', { type: 'reaction', reaction: { message_id: answer, emoji: '' } });
    expect((await inbound(removed)).reaction).toEqual({ message_id: answer, emoji: '' });
  });

  it('refuses a reaction that is not one emoji, or to a message of another chat or another business', async () => {
    await accepted('+44 7700 900304', { type: 'text', text: { body: 'hello' } });
    const answer = await businessSends('447700900304', 'Hi!');
    expect((await refused('+44 7700 900304', { type: 'reaction', reaction: { message_id: answer, emoji: 'ok' } })).details).toMatch(/^reaction\.emoji: /);
    expect((await refused('+44 7700 900304', { type: 'reaction', reaction: { message_id: 'not-a-wamid', emoji: '👍' } })).details).toMatch(/^reaction\.message_id: /);
    // Someone else's chat with the same business, and the same user's chat with another business.
    expect((await refused('+44 7700 900305', { type: 'reaction', reaction: { message_id: answer, emoji: '👍' } })).details).toBe(`reaction.message_id: ${answer} is not in this chat`);
    expect((await refused('+44 7700 900304', { type: 'reaction', reaction: { message_id: answer, emoji: '👍' } }, other.phone_number_id)).details).toBe(`reaction.message_id: ${answer} is not in this chat`);
  });
});
