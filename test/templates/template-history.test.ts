import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';

const shipped = (name: string, extra = '') => ({
  name,
  language: 'en_US',
  category: 'UTILITY',
  // Meta rejects two templates of a WABA with the same wording, so each says its own name.
  components: [{ type: 'BODY', text: `Hi {{1}}, your order has shipped and arrives tomorrow (${name.replace(/_/g, ' ')}).${extra}`, example: { body_text: [['Pablo']] } }],
});

interface Session {
  cookie: string;
  csrf: string;
}

type HistoryEntry = Record<string, any> & { event: string; at: number };

// The template studio's status history: one entry per change, recorded where the change is applied.
describe.each(databaseTargets)('a template’s status history on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let admin: Session;

  const signIn = async (credentials: { email: string; password: string }): Promise<Session> => {
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: credentials });
    expect(login.statusCode, login.body).toBe(200);
    return { cookie: String(login.headers['set-cookie']).split(';')[0]!, csrf: login.json().user.csrf_token };
  };
  const call = async (session: Session, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
    const res = await t.chatapp.app.inject({ method, url: `/console/api${url}`, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, json: res.json() as Record<string, any> };
  };
  const history = async (id: string): Promise<HistoryEntry[]> => {
    const res = await call(admin, 'GET', `/templates/${id}/history`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.data as HistoryEntry[];
  };
  const events = async (id: string) => (await history(id)).map((e) => e.event);
  const statusOf = async (id: string) => (await call(admin, 'GET', `/templates/${id}?fields=status`)).json.status as string;
  const now = () => Math.floor(t.clock.now() / 1000);
  /** The simulated reviewer decides 10 s of sandbox time after a submission, in a job of its own. */
  const reviewed = async (id: string, status = 'APPROVED') => {
    await t.advance(30);
    await expect.poll(() => statusOf(id), { timeout: 5_000 }).toBe(status);
  };
  const create = async (body: object): Promise<string> => {
    const created = await call(admin, 'POST', `/wabas/${biz.waba_id}/templates`, body);
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    return created.json.id as string;
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    admin = await signIn(biz.console);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records a creation as PENDING and the review’s approval after it, newest first, on the sandbox clock', async () => {
    const createdAfter = now();
    const id = await create(shipped('history_approved'));
    const [created] = await history(id);
    expect(await history(id)).toEqual([expect.objectContaining({ event: 'CREATED', status: 'PENDING', category: 'UTILITY', quality_score: 'UNKNOWN', reason: null })]);
    // The sandbox clock runs on in real time; the entry's time is the creation's, in unix seconds.
    expect(created!.at).toBeGreaterThanOrEqual(createdAfter);
    expect(created!.at).toBeLessThanOrEqual(now());
    const createdAt = created!.at;

    await reviewed(id);
    const entries = await history(id);
    expect(entries.map((e) => [e.event, e.status])).toEqual([
      ['APPROVED', 'APPROVED'],
      ['CREATED', 'PENDING'],
    ]);
    expect(entries[0]!.at).toBeGreaterThanOrEqual(createdAt + 10);
    expect(entries[0]!.reason).toBeNull();

    // An edit sends it back to review, and the review's answer follows it.
    expect((await call(admin, 'POST', `/templates/${id}`, { components: [...shipped('history_approved').components, { type: 'FOOTER', text: 'Reply STOP to opt out' }] })).status).toBe(200);
    expect((await history(id))[0]).toMatchObject({ event: 'EDITED', status: 'PENDING', edited: ['components'] });
    await reviewed(id);
    expect(await events(id)).toEqual(['APPROVED', 'EDITED', 'APPROVED', 'CREATED']);
  });

  it('records a rejection with its rejected_reason and rejection_info', async () => {
    const id = await create(shipped('history_rejected', ' [[reject:scam]] Thanks.'));
    await reviewed(id, 'REJECTED');
    const [rejected, created] = await history(id);
    expect(created).toMatchObject({ event: 'CREATED' });
    expect(rejected).toMatchObject({ event: 'REJECTED', status: 'REJECTED', reason: 'SCAM', rejection_info: { reason: expect.any(String), recommendation: expect.any(String) } });
  });

  it('records the quality falling to RED, the pause with its end time, and the unpause 3 hours later', async () => {
    const id = await create(shipped('history_paused'));
    await reviewed(id);
    const before = (await call(admin, 'GET', `/templates/${id}`)).json;
    expect(before.pause_state).toEqual({ paused: false, paused_until: null, pause_count: 0, next: 'FIRST_PAUSE', next_pause_hours: 3 });

    const users = ['447700900201', '447700900202', '447700900203'];
    for (const user of users) {
      const sent = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, {
        messaging_product: 'whatsapp',
        to: user,
        type: 'template',
        template: { name: 'history_paused', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sam' }] }] },
      });
      expect(sent.status, JSON.stringify(sent.json)).toBe(200);
      // The report blames the template that reached the user: wait until the message is on their phone.
      await expect
        .poll(async () => JSON.stringify((await t.simulator(biz, 'GET', `/users/${user}/chat?phone_number_id=${biz.phone_number_id}`)).json()), { timeout: 5_000 })
        .toContain('history paused');
    }
    for (const user of users) {
      const report = await t.simulator(biz, 'POST', `/users/${user}/report`, { phone_number_id: biz.phone_number_id });
      expect(report.statusCode, report.body).toBe(200);
    }
    await expect.poll(() => statusOf(id), { timeout: 5_000 }).toBe('PAUSED');
    const pausedAt = now();
    const paused = await history(id);
    const pause = paused.find((e) => e.event === 'PAUSED');
    expect(pause).toMatchObject({ status: 'PAUSED', pause_count: 1, other_info: { title: 'FIRST_PAUSE' } });
    expect(pause!.paused_until - pause!.at).toBe(3 * 3600);
    expect(paused.filter((e) => e.event === 'QUALITY_CHANGED').map((e) => e.new_quality_score)).toContain('RED');
    expect(paused.find((e) => e.event === 'QUALITY_CHANGED' && e.new_quality_score === 'RED')).toMatchObject({ quality_score: 'RED', previous_quality_score: expect.any(String) });
    const during = (await call(admin, 'GET', `/templates/${id}?fields=status,pause_state`)).json;
    expect(during).toEqual({ id, status: 'PAUSED', pause_state: { paused: true, paused_until: pause!.paused_until, pause_count: 1, next: 'SECOND_PAUSE', next_pause_hours: 6 } });
    expect(pause!.paused_until).toBeGreaterThanOrEqual(pausedAt + 3 * 3600 - 60);

    await t.advance(3 * 3600 + 60);
    await expect.poll(() => statusOf(id), { timeout: 5_000 }).toBe('APPROVED');
    await expect.poll(async () => (await history(id))[0]?.event, { timeout: 5_000 }).toBe('QUALITY_CHANGED');
    const after = await history(id);
    const unpaused = after.find((e) => e.event === 'UNPAUSED');
    expect(unpaused).toMatchObject({ status: 'APPROVED', other_info: { title: 'UNPAUSE' } });
    expect(unpaused!.at).toBeGreaterThanOrEqual(pause!.paused_until);
    // Newest first: the unpause and its fresh quality come after the pause.
    expect(after.findIndex((e) => e.event === 'UNPAUSED')).toBeLessThan(after.findIndex((e) => e.event === 'PAUSED'));
    expect(after[0]).toMatchObject({ event: 'QUALITY_CHANGED', previous_quality_score: 'RED', new_quality_score: 'YELLOW' });
    const { json: history2 } = await call(admin, 'GET', `/templates/${id}/history`);
    expect(history2.pause_state).toEqual({ paused: false, paused_until: null, pause_count: 1, next: 'SECOND_PAUSE', next_pause_hours: 6 });
  });

  it('records the review moving a UTILITY template to MARKETING as a category change next to the approval', async () => {
    const id = await create(shipped('history_recategorised', ' Use the discount code at checkout.'));
    await reviewed(id);
    const entries = await history(id);
    expect(entries.map((e) => e.event), JSON.stringify(entries)).toEqual(['APPROVED', 'CATEGORY_CHANGED', 'CREATED']);
    const [approved, changed, created] = entries;
    expect(approved).toMatchObject({ event: 'APPROVED', category: 'MARKETING' });
    expect(changed).toMatchObject({ event: 'CATEGORY_CHANGED', previous_category: 'UTILITY', new_category: 'MARKETING' });
    expect(created).toMatchObject({ event: 'CREATED', category: 'UTILITY' });
  });

  it('records a FLAGGED warning without changing the status, and a DISABLED template with its disable_info', async () => {
    const id = await create(shipped('history_disabled'));
    await reviewed(id);
    const about = { message_template_id: Number(id), message_template_name: 'history_disabled', message_template_language: 'en_US', reason: 'NONE' };
    await t.chatapp.services.templates.apply({ wabaId: biz.waba_id, field: 'message_template_status_update', value: { event: 'FLAGGED', ...about, other_info: { description: 'Quality is low' } } });
    expect(await statusOf(id)).toBe('APPROVED');
    expect((await history(id))[0]).toMatchObject({ event: 'FLAGGED', status: 'APPROVED', other_info: { description: 'Quality is low' } });
    await t.chatapp.services.templates.apply({ wabaId: biz.waba_id, field: 'message_template_status_update', value: { event: 'DISABLED', ...about, disable_info: { disable_date: '1751234563' } } });
    const { json } = await call(admin, 'GET', `/templates/${id}/history`);
    expect(json.data[0]).toMatchObject({ event: 'DISABLED', status: 'DISABLED', disable_info: { disable_date: '1751234563' } });
    expect(json.pause_state).toMatchObject({ paused: false, next: null, next_pause_hours: null });
    // A repeated webhook changes nothing, so it adds no entry.
    await t.chatapp.services.templates.apply({ wabaId: biz.waba_id, field: 'message_template_status_update', value: { event: 'DISABLED', ...about, disable_info: { disable_date: '1751234563' } } });
    expect((await events(id)).filter((e) => e === 'DISABLED')).toHaveLength(1);
  });

  it('records a deletion, and the history stays readable after it', async () => {
    const id = await create(shipped('history_deleted'));
    await reviewed(id);
    expect((await call(admin, 'DELETE', `/templates/${id}`)).status).toBe(200);
    const res = await call(admin, 'GET', `/templates/${id}/history`);
    expect(res.json.data.map((e: HistoryEntry) => e.event)).toEqual(['DELETED', 'APPROVED', 'CREATED']);
    expect(res.json.pause_state).toBeNull();
  });

  it('answers another business’s template history as not found, as Graph does, and shows it nothing', async () => {
    const id = await create(shipped('history_private'));
    const other = await t.business();
    const theirs = await signIn(other.console);
    const res = await call(theirs, 'GET', `/templates/${id}/history`);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 100, error_subcode: 33 });
    expect(JSON.stringify(res.json)).not.toContain('history_private');
    const unknown = await call(admin, 'GET', '/templates/123456789/history');
    expect(unknown.json.error.message).toBe(res.json.error.message.replace(id, '123456789'));
  });
});
