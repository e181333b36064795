import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { samplePng } from '../../src/rules/media/samples.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { addAgent, call, eventually, signIn, userWrites, type Agent } from './helpers.js';

interface PhoneMessage {
  id: string;
  from: 'business' | 'user';
  type: string;
  status: string;
  [content: string]: unknown;
}

describe.each(databaseTargets)('media, replies, reactions, interactive messages and the customer’s ad in the inbox on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let ann: Agent;
  let bob: Agent;

  const simulator = async (method: 'GET' | 'POST', url: string, payload?: object): Promise<any> => {
    const res = await t.simulator(biz, method, url, payload);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const phone = async (waId: string): Promise<PhoneMessage[]> => (await simulator('GET', `/users/${waId}/chat?phone_number_id=${biz.phone_number_id}`)).messages;
  /** A customer writes; answers their conversation and the id of what they wrote. */
  const conversationOf = async (waId: string, body = 'Hello') => {
    const messageId = await userWrites(t, biz, `+${waId}`, body);
    const conversation = await eventually(async () => (await call(t, ann, 'GET', '/inbox/conversations?limit=100')).json.data.find((c: any) => c.customer.wa_id === waId), `the conversation with ${waId}`);
    return { id: conversation.id as string, messageId };
  };
  const upload = (agent: Agent, conversationId: string, body: Buffer, type: string, name = 'photo.png') =>
    t.chatapp.app.inject({
      method: 'POST',
      url: `/console/api/inbox/conversations/${conversationId}/media?file_name=${encodeURIComponent(name)}`,
      headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, 'content-type': type },
      payload: body,
    });

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    ann = await signIn(t, biz.console);
    bob = await addAgent(t, ann, 'Bob');
  });
  afterAll(() => t.close());

  it('uploads an image for the conversation’s number and sends it with a caption the phone shows', async () => {
    const c = await conversationOf('447700900501');
    const uploaded = await upload(bob, c.id, samplePng(), 'image/png');
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const file = uploaded.json() as { id: string; kind: string; mime_type: string };
    expect(file).toMatchObject({ kind: 'image', mime_type: 'image/png', filename: 'photo.png' });

    const sent = await call(t, bob, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'image', image: { id: file.id, caption: 'Your parcel' } });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json.message).toMatchObject({ type: 'image', content: { id: file.id, caption: 'Your parcel' }, preview: '[image] Your parcel' });
    const shown = await eventually(async () => (await phone('447700900501')).find((m) => m.type === 'image' && m.from === 'business'), 'the image on the phone');
    expect(shown.image).toMatchObject({ caption: 'Your parcel' });

    // The timeline's preview reads the file back; a file of another number or business is not found.
    const file2 = await t.chatapp.app.inject({ method: 'GET', url: `/console/api/inbox/conversations/${c.id}/media/${file.id}`, headers: { cookie: bob.cookie } });
    expect(file2.statusCode).toBe(200);
    expect(file2.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file2.rawPayload, samplePng())).toBe(0);
    // A file the customer sends reads back the same way.
    await simulator('POST', '/messages', { from: '+447700900501', to: biz.phone_number_id, message: { type: 'image', image: { caption: 'Mine' } } });
    const theirImage = await eventually(
      async () => (await call(t, bob, 'GET', `/inbox/conversations/${c.id}/timeline`)).json.data.find((i: any) => i.direction === 'in' && i.type === 'image'),
      'the customer’s image',
    );
    const inbound = await t.chatapp.app.inject({ method: 'GET', url: `/console/api/inbox/conversations/${c.id}/media/${theirImage.content.image.id}`, headers: { cookie: bob.cookie } });
    expect(inbound.statusCode).toBe(200);
    expect(inbound.headers['content-type']).toMatch(/^image\//);
    // An Analyst may read messages but not work the inbox: no upload.
    const analystLogin = { email: `analyst.${biz.business_id}@agents.example`, password: 'correct horse battery staple' };
    expect((await call(t, ann, 'POST', '/members', { ...analystLogin, name: 'Ana', role: 'ANALYST' })).status).toBe(200);
    expect((await upload(await signIn(t, analystLogin), c.id, samplePng(), 'image/png')).statusCode).toBe(403);
    const other = await t.business();
    const stranger = await signIn(t, other.console);
    const theirs = await t.chatapp.app.inject({ method: 'GET', url: `/console/api/inbox/conversations/${c.id}/media/${file.id}`, headers: { cookie: stranger.cookie } });
    expect(theirs.statusCode).not.toBe(200);
  });

  it('refuses a file WhatsApp does not take, and a caption past its limit, naming the field', async () => {
    const c = await conversationOf('447700900502');
    const bad = await upload(ann, c.id, Buffer.from('not really a png'), 'image/png');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.error_data.details).toMatch(/image\/png|content|file/i);
    const typeless = await upload(ann, c.id, Buffer.from('x'), 'application/octet-stream', 'x.bin');
    expect(typeless.statusCode).toBe(400);
    expect(typeless.json().error.error_data.details).toMatch(/^file: /);

    const file = (await upload(ann, c.id, samplePng(), 'image/png')).json() as { id: string };
    const long = await call(t, ann, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'image', image: { id: file.id, caption: 'x'.repeat(1025) } });
    expect(long.status).toBe(400);
    expect(long.json.error.error_data.details).toBe('image.caption: must be at most 1024 characters');
  });

  it('quotes a customer’s message in a reply, and refuses to quote a message of another conversation', async () => {
    const c = await conversationOf('447700900503', 'Is it in stock?');
    const reply = await call(t, ann, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'text', text: { body: 'Yes, two left' }, context: { message_id: c.messageId } });
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    expect(reply.json.message.context_message_id).toBe(c.messageId);

    const elsewhere = await conversationOf('447700900504', 'Other chat');
    const wrong = await call(t, ann, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'text', text: { body: 'Nope' }, context: { message_id: elsewhere.messageId } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toMatchObject({ code: 131009 });
    expect(wrong.json.error.error_data.details).toMatch(/^context\.message_id: .* is not a message of this conversation$/);
  });

  it('reacts to a customer’s message and removes the reaction; the phone shows both', async () => {
    const c = await conversationOf('447700900505', 'Thanks a lot!');
    const reacted = await call(t, ann, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'reaction', reaction: { message_id: c.messageId, emoji: '❤️' } });
    expect(reacted.status, JSON.stringify(reacted.json)).toBe(200);
    expect(reacted.json.message).toMatchObject({ type: 'reaction', content: { message_id: c.messageId, emoji: '❤️' } });
    await eventually(async () => (await phone('447700900505')).find((m) => m.type === 'reaction' && (m.reaction as any).emoji === '❤️'), 'the reaction on the phone');

    const removed = await call(t, ann, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'reaction', reaction: { message_id: c.messageId, emoji: '' } });
    expect(removed.status).toBe(200);
    await eventually(async () => (await phone('447700900505')).find((m) => m.type === 'reaction' && (m.reaction as any).emoji === ''), 'the removal on the phone');

    const notEmoji = await call(t, ann, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'reaction', reaction: { message_id: c.messageId, emoji: 'ok' } });
    expect(notEmoji.json.error.error_data.details).toBe('reaction.emoji: must be a single emoji, or "" to remove the reaction');
    const foreign = await call(t, ann, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'reaction', reaction: { message_id: 'wamid.HBgLNDQ3NzAwOTAwNTk5FQIAEhggQUJDREVGMDEyMzQ1Njc4OUFCQ0RFRjAxMjM0NTY3ODkA', emoji: '👍' } });
    expect(foreign.json.error.error_data.details).toMatch(/^reaction\.message_id: .* is not a message of this conversation$/);
  });

  it('sends reply buttons, and the customer’s tap comes back into the conversation quoting them', async () => {
    const c = await conversationOf('447700900506', 'Can I return it?');
    const interactive = {
      type: 'button',
      body: { text: 'Do you want a refund or an exchange?' },
      action: { buttons: [{ type: 'reply', reply: { id: 'refund', title: 'Refund' } }, { type: 'reply', reply: { id: 'exchange', title: 'Exchange' } }] },
    };
    const sent = await call(t, bob, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'interactive', interactive });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    const shown = await eventually(async () => (await phone('447700900506')).find((m) => m.type === 'interactive'), 'the buttons on the phone');
    await simulator('POST', '/messages', {
      from: '+447700900506',
      to: biz.phone_number_id,
      message: { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'exchange', title: 'Exchange' } }, context: { id: shown.id } },
    });
    const tap = await eventually(
      async () => (await call(t, bob, 'GET', `/inbox/conversations/${c.id}/timeline`)).json.data.find((i: any) => i.kind === 'message' && i.direction === 'in' && i.type === 'interactive'),
      'the tap in the timeline',
    );
    expect(tap).toMatchObject({ preview: 'Exchange', context_message_id: sent.json.message.id });

    const tooMany = { ...interactive, action: { buttons: ['a', 'b', 'c', 'd'].map((id) => ({ type: 'reply', reply: { id, title: id } })) } };
    const refused = await call(t, bob, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'interactive', interactive: tooMany });
    expect(refused.status).toBe(400);
    expect(refused.json.error.error_data.details).toMatch(/^interactive\.action\.buttons: /);
    const untitled = await call(t, bob, 'POST', `/inbox/conversations/${c.id}/messages`, {
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Pick one' }, action: { button: 'Options', sections: [{ title: 'Sizes', rows: [{ id: 's', title: '' }] }] } },
    });
    expect(untitled.json.error.error_data.details).toMatch(/^interactive\.action\.sections\[0\]\.rows\[0\]\.title: /);
  });

  it('shows the Click-to-WhatsApp ad that brought a customer, and the free entry point a reply opens', async () => {
    const waId = '447700900507';
    const referral = { source_type: 'ad', source_url: 'https://fb.me/autumn', headline: 'Autumn sale', body: 'Ask us anything', secret: 'dropped' };
    await simulator('POST', '/messages', { from: `+${waId}`, to: biz.phone_number_id, message: { type: 'text', text: { body: 'I saw your ad' }, referral } });
    const c = await eventually(async () => (await call(t, ann, 'GET', '/inbox/conversations?limit=100')).json.data.find((x: any) => x.customer.wa_id === waId), 'the conversation');

    const before = (await call(t, bob, 'GET', `/inbox/contacts/${waId}`)).json;
    expect(before.ad_referral).toMatchObject({ source_type: 'ad', source_url: 'https://fb.me/autumn', headline: 'Autumn sale', body: 'Ask us anything', phone_number_id: biz.phone_number_id });
    expect(before.ad_referral.ctwa_clid).toMatch(/^ARA/);
    expect(before.ad_referral).not.toHaveProperty('secret');
    expect(before.ad_referral.free_entry_point).toEqual({ state: 'reply_to_open', until: null, reply_by: before.ad_referral.timestamp + 24 * 3600 });
    expect(before.marketing).toEqual({ opted_out: false, since: null, evidence: null });

    await call(t, bob, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'text', text: { body: 'Welcome!' } });
    const open = await eventually(async () => {
      const fep = (await call(t, bob, 'GET', `/inbox/contacts/${waId}`)).json.ad_referral.free_entry_point;
      return fep.state === 'open' && fep;
    }, 'the free entry point to open');
    expect(open.until).toBeGreaterThan(before.ad_referral.timestamp + 71 * 3600);
    // A customer who never came from an ad has none.
    await conversationOf('447700900508');
    expect((await call(t, bob, 'GET', '/inbox/contacts/447700900508')).json.ad_referral).toBeNull();
  });

  it('shows a customer as opted out of marketing once Meta fails a send with 131050', async () => {
    const c = await conversationOf('447700900509');
    const sent = await call(t, ann, 'POST', `/inbox/conversations/${c.id}/messages`, { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    // What Meta's side posts when the user stopped marketing messages (spec §6): a failed status.
    await t.chatapp.services.messaging.receive({
      wabaId: biz.waba_id,
      field: 'messages',
      value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: biz.display_phone_number, phone_number_id: biz.phone_number_id },
        statuses: [{ id: sent.json.message.id, status: 'failed', timestamp: String(Math.floor(t.clock.now() / 1000) + 1), recipient_id: '447700900509', errors: [{ code: 131050, title: 'User stopped marketing messages' }] }],
      },
    });
    const marketing = await eventually(async () => {
      const m = (await call(t, ann, 'GET', '/inbox/contacts/447700900509')).json.marketing;
      return m.opted_out && m;
    }, 'the opt-out');
    expect(marketing.evidence).toContain('131050');
  });

  it('lets only an Admin turn auto-assignment on, and keeps it', async () => {
    expect((await call(t, bob, 'GET', '/inbox/settings')).json).toEqual({ auto_assign: false });
    const denied = await call(t, bob, 'PATCH', '/inbox/settings', { auto_assign: true });
    expect(denied.status).toBe(403);
    expect((await call(t, ann, 'PATCH', '/inbox/settings', { auto_assign: true })).json).toEqual({ auto_assign: true });
    expect((await call(t, bob, 'GET', '/inbox/settings')).json).toEqual({ auto_assign: true });
    await call(t, ann, 'PATCH', '/inbox/settings', { auto_assign: false });
  });
});
