import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { addAgent, call, eventually, EventStream, signIn, userWrites, type Agent } from './helpers.js';

describe.each(databaseTargets)('notes, labels, canned replies, statuses and tenancy of the inbox on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let ann: Agent;
  let bob: Agent;
  let annStream: EventStream;
  let bobStream: EventStream;
  let base: string;

  /** A customer writes and the conversation shows up; answers it as listed. */
  const conversationOf = async (waId: string, body = 'Hi there') => {
    await userWrites(t, biz, `+${waId}`, body);
    return eventually(async () => (await call(t, ann, 'GET', '/inbox/conversations?limit=100')).json.data.find((c: any) => c.customer.wa_id === waId && c.last_message?.preview === body), `the conversation with ${waId}`);
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    base = await t.listen();
    ann = await signIn(t, biz.console);
    bob = await addAgent(t, ann, 'Bob');
    annStream = await EventStream.open(base, ann);
    bobStream = await EventStream.open(base, bob);
  });
  afterAll(async () => {
    annStream.close();
    bobStream.close();
    await t.close();
  });

  it('keeps private notes in the timeline and tells only the mentioned member', async () => {
    const c = await conversationOf('447700900401');
    const note = await call(t, ann, 'POST', `/inbox/conversations/${c.id}/notes`, { body: 'Refund asked twice, @bob can you check? cc @nobody' });
    expect(note.status, JSON.stringify(note.json)).toBe(200);
    expect(note.json).toMatchObject({ kind: 'note', author: { id: ann.memberId }, mentions: [bob.memberId] });
    const mention = await bobStream.next((e) => e.type === 'mention' && e.data.note.id === note.json.id, 'the mention on Bob’s stream');
    expect(mention.data.conversation_id).toBe(c.id);
    await annStream.next((e) => e.type === 'note.created' && e.data.note.id === note.json.id, 'the note on Ann’s stream');
    expect(annStream.events.some((e) => e.type === 'mention')).toBe(false);

    expect((await call(t, bob, 'GET', '/inbox/mentions')).json.data.map((n: { id: string }) => n.id)).toEqual([note.json.id]);
    expect((await call(t, ann, 'GET', '/inbox/mentions')).json.data).toEqual([]);
    const timeline = (await call(t, bob, 'GET', `/inbox/conversations/${c.id}/timeline`)).json.data;
    expect(timeline.map((i: { kind: string }) => i.kind)).toEqual(['note', 'message']);
    expect((await call(t, ann, 'POST', `/inbox/conversations/${c.id}/notes`, { body: '   ' })).status).toBe(400);
  });

  it('labels contacts, counts them and filters the list by label', async () => {
    const c = await conversationOf('447700900402');
    const added = await call(t, bob, 'POST', '/inbox/contacts/447700900402/labels', { label: ' VIP ' });
    expect(added.json).toEqual({ wa_id: '447700900402', labels: ['vip'] });
    await call(t, bob, 'POST', '/inbox/contacts/447700900402/labels', { label: 'refund' });
    await call(t, bob, 'POST', '/inbox/contacts/447700900401/labels', { label: 'vip' });
    expect((await call(t, ann, 'GET', '/inbox/labels')).json.data).toEqual([{ label: 'refund', count: 1 }, { label: 'vip', count: 2 }]);
    const refunds = await call(t, ann, 'GET', '/inbox/conversations?label=refund');
    expect(refunds.json.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(refunds.json.data[0].labels).toEqual(['refund', 'vip']);
    const contact = await call(t, ann, 'GET', '/inbox/contacts/447700900402');
    expect(contact.json).toMatchObject({ wa_id: '447700900402', labels: ['refund', 'vip'], conversations: [{ id: c.id }] });

    await call(t, ann, 'DELETE', '/inbox/contacts/447700900402/labels/refund');
    expect((await call(t, ann, 'GET', '/inbox/labels')).json.data).toEqual([{ label: 'vip', count: 2 }]);
    expect((await call(t, ann, 'POST', '/inbox/contacts/447700900402/labels', { label: 'no,commas' })).status).toBe(400);
    expect((await call(t, ann, 'POST', '/inbox/contacts/449999999999/labels', { label: 'vip' })).status).toBe(400);
  });

  it('keeps canned replies per business with unique shortcuts', async () => {
    const created = await call(t, bob, 'POST', '/inbox/canned-replies', { shortcut: 'ship', text: 'Your order ships within 24 hours.' });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    expect(created.json).toMatchObject({ shortcut: 'ship', text: 'Your order ships within 24 hours.', created_by: bob.memberId });
    expect((await call(t, ann, 'POST', '/inbox/canned-replies', { shortcut: 'ship', text: 'again' })).json.error.error_data.details).toMatch(/already/);
    expect((await call(t, ann, 'POST', '/inbox/canned-replies', { shortcut: 'Bad Shortcut!', text: 'x' })).status).toBe(400);
    const changed = await call(t, ann, 'PATCH', `/inbox/canned-replies/${created.json.id}`, { text: 'Ships today.' });
    expect(changed.json).toMatchObject({ shortcut: 'ship', text: 'Ships today.' });
    expect((await call(t, bob, 'GET', '/inbox/canned-replies')).json.data).toHaveLength(1);
    expect((await call(t, bob, 'DELETE', `/inbox/canned-replies/${created.json.id}`)).json).toEqual({ success: true });
    expect((await call(t, bob, 'GET', '/inbox/canned-replies')).json.data).toEqual([]);
  });

  it('snoozes until a time on the sandbox clock, resolves, and reopens when the customer writes', async () => {
    const c = await conversationOf('447700900403');
    const now = Math.floor(t.clock.now() / 1000);
    expect((await call(t, ann, 'POST', `/inbox/conversations/${c.id}/status`, { status: 'snoozed' })).status).toBe(400);
    expect((await call(t, ann, 'POST', `/inbox/conversations/${c.id}/status`, { status: 'snoozed', snoozed_until: now - 5 })).status).toBe(400);
    const snoozed = await call(t, ann, 'POST', `/inbox/conversations/${c.id}/status`, { status: 'snoozed', snoozed_until: now + 3600 });
    expect(snoozed.json).toMatchObject({ status: 'snoozed', snoozed_until: now + 3600 });
    expect((await call(t, ann, 'GET', '/inbox/conversations?status=snoozed')).json.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    await t.advance(3601);
    expect((await call(t, ann, 'GET', `/inbox/conversations/${c.id}`)).json).toMatchObject({ status: 'open', snoozed_until: null });
    await bobStream.next((e) => e.type === 'conversation.updated' && e.data.conversation.id === c.id && e.data.change.woke === true, 'the wake-up on Bob’s stream');

    const resolved = await call(t, bob, 'POST', `/inbox/conversations/${c.id}/status`, { status: 'resolved' });
    expect(resolved.json.status).toBe('resolved');
    expect((await call(t, ann, 'GET', '/inbox/conversations?status=open')).json.data.some((x: { id: string }) => x.id === c.id)).toBe(false);
    await userWrites(t, biz, '+447700900403', 'One more thing');
    await eventually(async () => (await call(t, ann, 'GET', `/inbox/conversations/${c.id}`)).json.status === 'open', 'the conversation reopened');

    await call(t, ann, 'POST', `/inbox/conversations/${c.id}/status`, { status: 'snoozed', snoozed_until: Math.floor(t.clock.now() / 1000) + 7200 });
    await userWrites(t, biz, '+447700900403', 'Hello?');
    const woken = await eventually(async () => {
      const got = (await call(t, ann, 'GET', `/inbox/conversations/${c.id}`)).json;
      return got.status === 'open' && got;
    }, 'the snooze ended by the customer');
    expect(woken.unread_count).toBe(3);
  });

  it('starts a conversation the business opens as pending, until the customer answers', async () => {
    const res = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: '447700900404', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    expect(res.status).toBe(200);
    const c = await eventually(async () => (await call(t, ann, 'GET', '/inbox/conversations?status=pending')).json.data.find((x: any) => x.customer.wa_id === '447700900404'), 'the pending conversation');
    expect(c).toMatchObject({ unread_count: 0, window_expires_at: null, last_message: { direction: 'out', preview: '[template] hello_world' } });
    await userWrites(t, biz, '+447700900404', 'Who is this?');
    await eventually(async () => (await call(t, ann, 'GET', `/inbox/conversations/${c.id}`)).json.status === 'open', 'the conversation opened by the answer');
  });

  it('auto-assigns new conversations round robin among online agents when an admin turns it on', async () => {
    expect((await call(t, bob, 'PATCH', '/inbox/settings', { auto_assign: true })).status).toBe(403);
    expect((await call(t, ann, 'PATCH', '/inbox/settings', { auto_assign: true })).json).toEqual({ auto_assign: true });
    const agents = (await call(t, bob, 'GET', '/inbox/agents')).json.data;
    expect(agents.filter((a: { online: boolean }) => a.online).map((a: { id: string }) => a.id).sort()).toEqual([ann.memberId, bob.memberId].sort());
    const first = await conversationOf('447700900405');
    const second = await conversationOf('447700900406');
    const third = await conversationOf('447700900407');
    expect(first.assignee).not.toBeNull();
    expect(second.assignee.id).not.toBe(first.assignee.id);
    expect(third.assignee.id).toBe(first.assignee.id);
    await call(t, ann, 'PATCH', '/inbox/settings', { auto_assign: false });
    expect((await conversationOf('447700900408')).assignee).toBeNull();
  });

  it("answers another business's conversations, contacts and replies as not found, and shows it nothing", async () => {
    const mine = await conversationOf('447700900409');
    const reply = await call(t, ann, 'POST', '/inbox/canned-replies', { shortcut: 'hello', text: 'Hello!' });
    const other = await t.business();
    const eve = await signIn(t, other.console);
    const eveStream = await EventStream.open(base, eve);
    expect((await call(t, eve, 'GET', '/inbox/conversations')).json.data).toEqual([]);
    expect((await call(t, eve, 'GET', '/inbox/labels')).json.data).toEqual([]);
    expect((await call(t, eve, 'GET', '/inbox/canned-replies')).json.data).toEqual([]);
    for (const [method, url, body] of [
      ['GET', `/inbox/conversations/${mine.id}`],
      ['GET', `/inbox/conversations/${mine.id}/timeline`],
      ['POST', `/inbox/conversations/${mine.id}/claim`],
      ['POST', `/inbox/conversations/${mine.id}/messages`, { type: 'text', text: { body: 'hijack' } }],
      ['POST', `/inbox/conversations/${mine.id}/notes`, { body: 'peek' }],
      ['POST', `/inbox/conversations/${mine.id}/typing`, { typing: true }],
      ['GET', '/inbox/contacts/447700900409'],
      ['POST', '/inbox/contacts/447700900409/labels', { label: 'x' }],
      ['PATCH', `/inbox/canned-replies/${reply.json.id}`, { text: 'mine now' }],
      ['DELETE', `/inbox/canned-replies/${reply.json.id}`],
    ] as const) {
      const res = await call(t, eve, method, url, body);
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.json.error).toMatchObject({ code: 100, error_subcode: 33 });
    }
    await userWrites(t, biz, '+447700900409', 'still private');
    await annStream.next((e) => e.type === 'message.created' && e.data.message.preview === 'still private', 'the message on Ann’s stream');
    expect(eveStream.events.filter((e) => e.type !== 'ready')).toEqual([]);
    eveStream.close();
  });

  it('requires a session, the CSRF header for changes, and a role that may use the inbox', async () => {
    expect((await t.chatapp.app.inject({ method: 'GET', url: '/console/api/inbox/conversations' })).statusCode).toBe(401);
    expect((await t.chatapp.app.inject({ method: 'GET', url: '/console/api/inbox/events' })).statusCode).toBe(401);
    const noCsrf = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/inbox/canned-replies', headers: { cookie: bob.cookie }, payload: { shortcut: 'x', text: 'y' } });
    expect(noCsrf.statusCode).toBe(403);
    const email = `analyst.${Date.now()}@agents.example`;
    await call(t, ann, 'POST', '/members', { email, name: 'Ana', role: 'ANALYST', password: 'correct horse battery staple' });
    const analyst = await signIn(t, { email, password: 'correct horse battery staple' });
    expect((await call(t, analyst, 'GET', '/inbox/conversations')).status).toBe(403);
  });
});
