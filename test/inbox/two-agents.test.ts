import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { addAgent, call, eventually, EventStream, signIn, userWrites, type Agent } from './helpers.js';

describe.each(databaseTargets)('the shared inbox with two agents on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let ann: Agent;
  let bob: Agent;
  let annStream: EventStream;
  let bobStream: EventStream;
  let conversationId: string;
  const customer = '447700900301';

  const phoneChat = async () =>
    (await t.simulator(biz, 'GET', `/users/${customer}/chat?phone_number_id=${biz.phone_number_id}`)).json() as { messages: { id: string; from: string; status: string; text?: { body: string } }[] };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    const base = await t.listen();
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

  it('streams live updates as text/event-stream to each signed-in member', () => {
    expect(annStream.status).toBe(200);
    expect(annStream.contentType).toMatch(/^text\/event-stream/);
    expect(bobStream.status).toBe(200);
  });

  it("shows a customer's first message to both agents, live and in their open lists, with the window's end", async () => {
    const before = Math.floor(t.clock.now() / 1000);
    const wamid = await userWrites(t, biz, `+${customer}`, 'Hello, is my order on its way?');
    const [seenByAnn, seenByBob] = await Promise.all([
      annStream.next((e) => e.type === 'message.created' && e.data.message.id === wamid, 'the message on Ann’s stream'),
      bobStream.next((e) => e.type === 'message.created' && e.data.message.id === wamid, 'the message on Bob’s stream'),
    ]);
    expect(seenByBob.data.conversation.id).toBe(seenByAnn.data.conversation.id);
    expect(seenByAnn.data.message).toMatchObject({ kind: 'message', direction: 'in', preview: 'Hello, is my order on its way?', ticks: null });
    conversationId = seenByAnn.data.conversation.id;

    for (const agent of [ann, bob]) {
      const list = await call(t, agent, 'GET', '/inbox/conversations?status=open');
      expect(list.status, JSON.stringify(list.json)).toBe(200);
      const item = list.json.data.find((c: { id: string }) => c.id === conversationId);
      expect(item).toMatchObject({
        status: 'open',
        phone_number_id: biz.phone_number_id,
        customer: { wa_id: customer },
        last_message: { id: wamid, direction: 'in', preview: 'Hello, is my order on its way?' },
        unread_count: 1,
        assignee: null,
        labels: [],
      });
      // 24 hours after the customer's message (its timestamp has whole seconds).
      expect(item.window_expires_at).toBeGreaterThanOrEqual(before + 24 * 3600 - 1);
      expect(item.window_expires_at).toBeLessThanOrEqual(before + 24 * 3600 + 1);
    }
  });

  it('lets one agent claim it; the other sees it assigned and cannot claim it too', async () => {
    const claimed = await call(t, ann, 'POST', `/inbox/conversations/${conversationId}/claim`);
    expect(claimed.status, JSON.stringify(claimed.json)).toBe(200);
    expect(claimed.json.assignee).toEqual({ id: ann.memberId, name: ann.name });
    const seen = await bobStream.next((e) => e.type === 'conversation.updated' && e.data.conversation.assignee?.id === ann.memberId, 'the assignment on Bob’s stream');
    expect(seen.data.change.assignment).toMatchObject({ kind: 'claim', from: null, to: ann.memberId, by: ann.memberId });

    const second = await call(t, bob, 'POST', `/inbox/conversations/${conversationId}/claim`);
    expect(second.status).toBe(400);
    expect(second.json.error.error_data.details).toMatch(/already assigned/);
    expect((await call(t, bob, 'GET', '/inbox/conversations?assignee=unassigned')).json.data).toEqual([]);
    expect((await call(t, ann, 'GET', '/inbox/conversations?assignee=me')).json.data.map((c: { id: string }) => c.id)).toEqual([conversationId]);
  });

  it('transfers to another agent and back, and unassigns', async () => {
    const moved = await call(t, ann, 'POST', `/inbox/conversations/${conversationId}/transfer`, { member_id: bob.memberId });
    expect(moved.json.assignee.id).toBe(bob.memberId);
    expect((await call(t, bob, 'GET', `/inbox/conversations?assignee=${bob.memberId}`)).json.data).toHaveLength(1);
    expect((await call(t, bob, 'POST', `/inbox/conversations/${conversationId}/transfer`, { member_id: bob.memberId })).status).toBe(400);
    expect((await call(t, bob, 'POST', `/inbox/conversations/${conversationId}/unassign`)).json.assignee).toBeNull();
    expect((await call(t, ann, 'POST', `/inbox/conversations/${conversationId}/assign`, { member_id: '999999' })).status).toBe(400);
    expect((await call(t, ann, 'POST', `/inbox/conversations/${conversationId}/assign`, { member_id: ann.memberId })).json.assignee.id).toBe(ann.memberId);
  });

  it("shows the other agent typing; a reply still goes, says who else was typing, and reaches the phone with ticks", async () => {
    const typing = await call(t, bob, 'POST', `/inbox/conversations/${conversationId}/typing`, { typing: true });
    expect(typing.status, JSON.stringify(typing.json)).toBe(200);
    const event = await annStream.next((e) => e.type === 'typing' && e.data.members.some((m: { id: string }) => m.id === bob.memberId), 'Bob typing on Ann’s stream');
    expect(event.data.conversation_id).toBe(conversationId);
    expect((await call(t, ann, 'GET', `/inbox/conversations/${conversationId}`)).json.typing).toEqual([{ id: bob.memberId, name: 'Bob' }]);

    const sent = await call(t, ann, 'POST', `/inbox/conversations/${conversationId}/messages`, { type: 'text', text: { body: 'Yes, it ships today' } });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json.others_typing).toEqual([{ id: bob.memberId, name: 'Bob' }]);
    expect(sent.json.warning).toMatch(/Bob was also typing/);
    expect(sent.json.message).toMatchObject({ direction: 'out', preview: 'Yes, it ships today', sent_by: { id: ann.memberId, name: ann.name } });
    const id = sent.json.message.id as string;

    await bobStream.next((e) => e.type === 'message.status' && e.data.message_id === id && e.data.status === 'read', 'the read tick on Bob’s stream');
    const onPhone = await eventually(async () => (await phoneChat()).messages.find((m) => m.id === id && m.status === 'read'), 'the reply read on the phone');
    expect(onPhone).toMatchObject({ from: 'business', text: { body: 'Yes, it ships today' } });

    const timeline = await call(t, bob, 'GET', `/inbox/conversations/${conversationId}/timeline`);
    expect(timeline.json.data[0]).toMatchObject({ kind: 'message', id, ticks: 'read', sent_by: { id: ann.memberId }, error: null });
    expect(timeline.json.data[1]).toMatchObject({ kind: 'message', direction: 'in' });
  });

  it('marks the conversation read: unread goes to zero and the customer sees blue ticks', async () => {
    const read = await call(t, ann, 'POST', `/inbox/conversations/${conversationId}/read`);
    expect(read.status, JSON.stringify(read.json)).toBe(200);
    expect(read.json.unread_count).toBe(0);
    const inbound = (await phoneChat()).messages.find((m) => m.from === 'user');
    await eventually(async () => (await phoneChat()).messages.find((m) => m.id === inbound!.id && m.status === 'read'), 'the customer’s message read');
  });

  it('sorts the queue by time left in the window, soonest first', async () => {
    await t.advance(3600);
    await userWrites(t, biz, '+447700900302', 'Later question');
    const later = await eventually(async () => (await call(t, ann, 'GET', '/inbox/conversations')).json.data.find((c: any) => c.customer.wa_id === '447700900302'), 'the second conversation');
    const byWindow = await call(t, ann, 'GET', '/inbox/conversations?sort=window&limit=1');
    expect(byWindow.json.data.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const next = await call(t, ann, 'GET', `/inbox/conversations?sort=window&limit=1&after=${byWindow.json.paging.cursors.after}`);
    expect(next.json.data.map((c: { id: string }) => c.id)).toEqual([later.id]);
    expect(next.json.paging).toEqual({});
    const byActivity = await call(t, ann, 'GET', '/inbox/conversations?sort=activity');
    expect(byActivity.json.data.map((c: { id: string }) => c.id)).toEqual([later.id, conversationId]);
  });

  it('refuses a free-form reply up front with 131047 once the window has closed; a template still goes', async () => {
    await t.advance(25 * 3600);
    const conversation = await call(t, ann, 'GET', `/inbox/conversations/${conversationId}`);
    expect(conversation.json.window_expires_at).toBeNull();
    const refused = await call(t, ann, 'POST', `/inbox/conversations/${conversationId}/messages`, { type: 'text', text: { body: 'Are you there?' } });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe(131047);
    expect(refused.json.error.error_data.details).toMatch(/only an approved template/);
    const template = await call(t, ann, 'POST', `/inbox/conversations/${conversationId}/messages`, { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    expect(template.status, JSON.stringify(template.json)).toBe(200);
    await eventually(async () => (await phoneChat()).messages.find((m) => m.id === template.json.message.id && m.status !== 'failed' && m.status !== 'pending'), 'the template on the phone');
  });

  it('explains a failed message in words, with what to do', async () => {
    // The Graph API accepts it as Meta does and it fails later (131047): the inbox shows why.
    const res = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: customer, type: 'text', text: { body: 'sent by the CRM' } });
    expect(res.status).toBe(200);
    const id = res.json.messages[0].id as string;
    const event = await annStream.next((e) => e.type === 'message.status' && e.data.message_id === id && e.data.status === 'failed', 'the failure on the stream');
    expect(event.data.error).toMatchObject({ code: 131047, advice: expect.stringMatching(/send an approved template/) });
    const timeline = await call(t, ann, 'GET', `/inbox/conversations/${conversationId}/timeline?limit=1`);
    expect(timeline.json.data[0]).toMatchObject({ id, ticks: 'failed', sent_by: null, error: { code: 131047, title: 'Re-engagement message' } });
    const older = await call(t, ann, 'GET', `/inbox/conversations/${conversationId}/timeline?limit=1&before=${timeline.json.paging.cursors.before}`);
    expect(older.json.data[0].id).not.toBe(id);
  });
});
