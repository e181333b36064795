import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { addAgent, call, eventually, signIn, userWrites, type Agent } from '../inbox/helpers.js';

type Row = Record<string, any>;
const utcDate = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);
const digits = (phone: string) => phone.replace(/\D/g, '');

/** An agent's figures over the whole range (the range may straddle midnight): counts and their averages. */
function overall(rows: Row[], agent: string | null) {
  const mine = rows.filter((r) => r.agent === agent);
  const sum = (key: string) => mine.reduce((s, r) => s + r[key], 0);
  const weighted = (seconds: string, count: string) => mine.reduce((s, r) => s + (r[seconds] ?? 0) * r[count], 0);
  const firstResponses = sum('first_responses');
  const responses = sum('responses');
  return {
    names: [...new Set(mine.map((r) => r.agent_name))],
    firstResponses,
    firstSeconds: firstResponses ? weighted('first_response_seconds', 'first_responses') / firstResponses : null,
    responses,
    averageSeconds: responses ? weighted('average_response_seconds', 'responses') / responses : null,
  };
}

/** Within a second: the test's own steps (waiting for the message, sending the reply) take real time on the running clock. */
const about = (actual: number | null, seconds: number) => {
  expect(actual).not.toBeNull();
  expect(actual!).toBeGreaterThanOrEqual(seconds - 0.05);
  expect(actual!).toBeLessThanOrEqual(seconds + 1);
};

describe.each(databaseTargets)('agents’ response times on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let other: DemoFacts;
  let admin: Agent;
  let ann: Agent;
  let bob: Agent;
  let range: string;
  const users = { a: '+44 7700 900311', b: '+44 7700 900312', c: '+44 7700 900313' };

  const read = async (path: string, cookie = admin.cookie) => {
    const res = await t.chatapp.app.inject({ method: 'GET', url: `/console/api/analytics/${path}`, headers: { cookie } });
    return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body, json: () => res.json() as Row };
  };
  const conversationOf = (phone: string) =>
    eventually(async () => {
      const list = await call(t, admin, 'GET', '/inbox/conversations?status=open');
      return (list.json.data as Array<{ id: string; customer: { wa_id: string } }>).find((c) => c.customer.wa_id === digits(phone))?.id;
    }, `the conversation with ${phone}`);
  /** A user writes, and the test waits until chatapp has the message (inbound messages arrive on their own time). */
  const writes = async (phone: string, body: string) => {
    // A user's message carries whole seconds (Meta's `timestamp`): start it just past one, so the delays below are the waits.
    await t.advance((1000 - (t.clock.now() % 1000) + 2) / 1000);
    const wamid = await userWrites(t, biz, phone, body);
    await eventually(async () => {
      const list = await call(t, admin, 'GET', '/inbox/conversations?status=open');
      return (list.json.data as Array<{ last_message: { id: string } | null }>).some((c) => c.last_message?.id === wamid);
    }, `the message ${wamid}`);
  };
  const fromInbox = async (agent: Agent, phone: string, body: string) => {
    const sent = await call(t, agent, 'POST', `/inbox/conversations/${await conversationOf(phone)}/messages`, { type: 'text', text: { body } });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json.message.sent_by.id).toBe(agent.memberId);
  };
  const fromApi = async (phone: string, body: string) => {
    const sent = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: digits(phone), type: 'text', text: { body } });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    other = await t.business();
    admin = await signIn(t, biz.console);
    ann = await addAgent(t, admin, 'Ann');
    bob = await addAgent(t, admin, 'Bob');
    const start = Math.floor(t.clock.now() / 1000) - 1;

    // User A: Ann answers the session's opening message after 40 s; Bob the next question after 100 s.
    await writes(users.a, 'Hello, where is my order?');
    await t.advance(40);
    await fromInbox(ann, users.a, 'It left the warehouse this morning');
    await t.advance(5);
    await writes(users.a, 'Can I change the address?');
    await t.advance(100);
    await fromInbox(bob, users.a, 'Yes, send me the new one');

    // User B: Bob answers the opening message after 70 s; an integration answers through the Graph API after 25 s.
    await writes(users.b, 'Do you ship to Porto?');
    await t.advance(70);
    await fromInbox(bob, users.b, 'We do, in two days');
    await t.advance(5);
    await writes(users.b, 'Tracking number?');
    await t.advance(25);
    await fromApi(users.b, 'Your tracking number is PT123');

    // User C: only the Graph API answers, after 15 s, so the API has a first response too.
    await writes(users.c, 'Opening hours?');
    await t.advance(15);
    await fromApi(users.c, '9 to 18, Monday to Saturday');

    range = `from=${utcDate(start)}&to=${utcDate(Math.floor(t.clock.now() / 1000))}&tz=UTC`;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('credits each wait to the agent who answered it, and replies through the Graph API to the API row', async () => {
    const res = await read(`response-times?${range}&by=agent`);
    expect(res.status, res.body).toBe(200);
    const { data, columns } = res.json();
    expect(columns).toEqual(['period', 'start', 'end', 'agent', 'agent_name', 'first_responses', 'first_response_seconds', 'responses', 'average_response_seconds']);
    // Members by name, then the API; every period has a row for each.
    expect([...new Set(data.map((r: Row) => r.agent))]).toEqual([ann.memberId, bob.memberId, null]);

    const annTotals = overall(data, ann.memberId);
    expect(annTotals).toMatchObject({ names: ['Ann'], firstResponses: 1, responses: 1 });
    about(annTotals.firstSeconds, 40);
    about(annTotals.averageSeconds, 40);

    const bobTotals = overall(data, bob.memberId);
    expect(bobTotals).toMatchObject({ names: ['Bob'], firstResponses: 1, responses: 2 });
    about(bobTotals.firstSeconds, 70);
    about(bobTotals.averageSeconds, (100 + 70) / 2);

    const apiTotals = overall(data, null);
    expect(apiTotals).toMatchObject({ names: ['API'], firstResponses: 1, responses: 2 });
    about(apiTotals.firstSeconds, 15);
    about(apiTotals.averageSeconds, (25 + 15) / 2);
  });

  it('answers the same as CSV, and keeps the business’s answer as it was without by', async () => {
    const csv = await read(`response-times?${range}&by=agent&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('period,start,end,agent,agent_name,first_responses,first_response_seconds,responses,average_response_seconds');
    const json = (await read(`response-times?${range}&by=agent`)).json().data as Row[];
    expect(lines).toHaveLength(json.length + 1);
    const apiLines = lines.filter((l) => l.split(',')[3] === '' && l.split(',')[4] === 'API');
    expect(apiLines.reduce((s, l) => s + Number(l.split(',')[7]), 0)).toBe(2);
    expect(lines.filter((l) => l.split(',')[3] === ann.memberId).every((l) => l.split(',')[4] === 'Ann')).toBe(true);

    const business = (await read(`response-times?${range}`)).json();
    expect(business.columns).toEqual(['period', 'start', 'end', 'sessions', 'first_responses', 'first_response_seconds', 'responses', 'average_response_seconds', 'unanswered']);
    const sum = (key: string) => (business.data as Row[]).reduce((s, r) => s + r[key], 0);
    expect([sum('sessions'), sum('first_responses'), sum('responses'), sum('unanswered')]).toEqual([3, 3, 5, 0]);
    const all = (business.data as Row[]).reduce((s, r) => s + (r.average_response_seconds ?? 0) * r.responses, 0);
    expect(all).toBeGreaterThanOrEqual(40 + 100 + 70 + 25 + 15 - 0.5);
    expect(all).toBeLessThanOrEqual(40 + 100 + 70 + 25 + 15 + 5.5);
  });

  it('shows another business none of it, and refuses an unknown by with error 100', async () => {
    const theirs = await signIn(t, other.console);
    expect((await read(`response-times?${range}&by=agent`, theirs.cookie)).json().data).toEqual([]);
    const bad = await read(`response-times?${range}&by=team`);
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBe(100);
    expect(bad.json().error.error_data.details).toContain('by');
  });
});
