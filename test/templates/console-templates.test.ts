import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBusinessId } from '../../src/core/brand.js';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';

const shipped = (name: string) => ({
  name,
  language: 'en_US',
  category: 'UTILITY',
  // Meta rejects two templates of a WABA with the same wording, so each says its own name.
  components: [{ type: 'BODY', text: `Hi {{1}}, your order has shipped and arrives tomorrow (${name.replace(/_/g, ' ')}).`, example: { body_text: [['Pablo']] } }],
});

interface Session {
  cookie: string;
  csrf: string;
}

// The template studio's session routes: the Graph management calls without an access token.
describe.each(databaseTargets)('the console’s template routes on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let admin: Session;

  const signIn = async (credentials: { email: string; password: string }): Promise<Session> => {
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: credentials });
    expect(login.statusCode, login.body).toBe(200);
    return { cookie: String(login.headers['set-cookie']).split(';')[0]!, csrf: login.json().user.csrf_token };
  };
  const statusOf = async (id: string) => (await call(admin, 'GET', `/templates/${id}?fields=status`)).json.status as string;
  /** The simulated reviewer decides 10 s of sandbox time after a submission, in a job of its own. */
  const reviewed = async (id: string) => {
    await t.advance(30);
    await expect.poll(() => statusOf(id), { timeout: 5_000 }).toBe('APPROVED');
  };
  const call = async (session: Session, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
    const res = await t.chatapp.app.inject({ method, url: `/console/api${url}`, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, json: res.json() as Record<string, any> };
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    admin = await signIn(biz.console);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists a WABA’s templates in Graph’s shape, with its filters, fields, paging and summary', async () => {
    const all = await call(admin, 'GET', `/wabas/${biz.waba_id}/templates?summary=total_count`);
    expect(all.status).toBe(200);
    expect(all.json.data).toEqual([expect.objectContaining({ name: 'hello_world', language: 'en_US', status: 'APPROVED', category: 'UTILITY', parameter_format: 'POSITIONAL', components: expect.any(Array) })]);
    expect(all.json.summary).toMatchObject({ total_count: 1, message_template_limit: 250 });

    const picked = await call(admin, 'GET', `/wabas/${biz.waba_id}/templates?status=approved&fields=name,quality_score&limit=1`);
    expect(picked.json.data).toEqual([{ name: 'hello_world', quality_score: expect.objectContaining({ score: 'GREEN' }), id: expect.any(String) }]);
    expect(picked.json.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
    expect((await call(admin, 'GET', `/wabas/${biz.waba_id}/templates?status=REJECTED`)).json.data).toEqual([]);
    const bad = await call(admin, 'GET', `/wabas/${biz.waba_id}/templates?status=LOST`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.error_data.details).toContain('status must be one of');
  });

  it('creates a template, reads it PENDING then APPROVED after review, and sends a test from a number of its WABA', async () => {
    const created = await call(admin, 'POST', `/wabas/${biz.waba_id}/templates`, shipped('order_shipped'));
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    expect(created.json).toEqual({ id: expect.any(String), status: 'PENDING', category: 'UTILITY' });
    const id = created.json.id as string;
    expect((await call(admin, 'GET', `/templates/${id}`)).json).toMatchObject({ id, name: 'order_shipped', status: 'PENDING' });

    await reviewed(id);
    const read = await call(admin, 'GET', `/templates/${id}?fields=status,rejected_reason`);
    expect(read.json).toEqual({ id, status: 'APPROVED', rejected_reason: 'NONE' });

    const sent = await call(admin, 'POST', `/templates/${id}/test`, { to: '+447700900321', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sam' }] }] });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: '+447700900321', wa_id: '447700900321' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });

    // The send's own checks answer as the Cloud API's do: a missing parameter is 132000.
    const short = await call(admin, 'POST', `/templates/${id}/test`, { to: '+447700900321' });
    expect(short.status).toBe(400);
    expect(short.json.error.code).toBe(132000);
    const noRecipient = await call(admin, 'POST', `/templates/${id}/test`, { components: [] });
    expect(noRecipient.status).toBe(400);
    expect(noRecipient.json.error.error_data.details).toContain('to');
  });

  it('edits a template back into review, unpauses a paused one and deletes one', async () => {
    const { json: created } = await call(admin, 'POST', `/wabas/${biz.waba_id}/templates`, shipped('delivery_window'));
    const id = created.id as string;
    await reviewed(id);
    const edited = await call(admin, 'POST', `/templates/${id}`, { components: [...shipped('delivery_window').components, { type: 'FOOTER', text: 'Reply STOP to opt out' }] });
    expect(edited).toEqual({ status: 200, json: { success: true } });
    const afterEdit = (await call(admin, 'GET', `/templates/${id}?fields=status,components`)).json;
    expect(afterEdit.status).toBe('PENDING');
    expect(afterEdit.components).toContainEqual({ type: 'FOOTER', text: 'Reply STOP to opt out' });
    await reviewed(id);

    expect((await call(admin, 'POST', `/templates/${id}/unpause`)).json.error.error_data.details).toContain('not PAUSED');
    await t.chatapp.services.templates.apply({
      wabaId: biz.waba_id,
      field: 'message_template_status_update',
      value: { event: 'PAUSED', message_template_id: Number(id), message_template_name: 'delivery_window', message_template_language: 'en_US', reason: 'NONE', other_info: { title: 'FIRST_PAUSE' } },
    });
    expect((await call(admin, 'GET', `/templates/${id}?fields=status`)).json.status).toBe('PAUSED');
    expect(await call(admin, 'POST', `/templates/${id}/unpause`)).toEqual({ status: 200, json: { success: true } });
    expect((await call(admin, 'GET', `/templates/${id}?fields=status`)).json.status).toBe('APPROVED');

    expect(await call(admin, 'DELETE', `/templates/${id}`)).toEqual({ status: 200, json: { success: true } });
    const gone = await call(admin, 'GET', `/templates/${id}`);
    expect(gone.status).toBe(400);
    expect(gone.json.error.code).toBe(100);
    expect((await call(admin, 'GET', `/wabas/${biz.waba_id}/templates?name=delivery_window`)).json.data).toEqual([]);
  });

  it('refuses a bad template with code 100 naming the field', async () => {
    const badName = await call(admin, 'POST', `/wabas/${biz.waba_id}/templates`, shipped('Bad Name'));
    expect(badName.status).toBe(400);
    expect(badName.json.error.code).toBe(100);
    expect(badName.json.error.error_data.details).toMatch(/^name: /);
    const noExample = await call(admin, 'POST', `/wabas/${biz.waba_id}/templates`, { ...shipped('no_example'), components: [{ type: 'BODY', text: 'Hi {{1}}, your order has shipped.' }] });
    expect(noExample.status).toBe(400);
    expect(noExample.json.error.error_data.details).toMatch(/^components\[0\]\.example/);
    expect((await call(admin, 'GET', `/wabas/${biz.waba_id}/templates?name=no_example`)).json.data).toEqual([]);
  });

  it('answers another business’s WABA and templates as not found, as Graph does', async () => {
    const other = await t.business();
    const { json: theirs } = await call(await signIn(other.console), 'POST', `/wabas/${other.waba_id}/templates`, shipped('their_template'));
    for (const [method, url, body] of [
      ['GET', `/wabas/${other.waba_id}/templates`],
      ['POST', `/wabas/${other.waba_id}/templates`, shipped('sneaky')],
      ['GET', `/templates/${theirs.id}`],
      ['POST', `/templates/${theirs.id}`, { category: 'MARKETING' }],
      ['DELETE', `/templates/${theirs.id}`],
      ['POST', `/templates/${theirs.id}/test`, { to: '+447700900321' }],
      ['POST', `/templates/${theirs.id}/unpause`],
      // The lint's duplicate-wording rule would otherwise tell what their templates say.
      ['POST', '/templates/lint', { waba_id: other.waba_id, ...shipped('their_template') }],
    ] as const) {
      const res = await call(admin, method, url, body as object | undefined);
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.json.error, `${method} ${url}`).toMatchObject({ code: 100, error_subcode: 33 });
    }
    const graph = await t.graph(biz, 'GET', `${other.waba_id}/message_templates`);
    expect((await call(admin, 'GET', `/wabas/${other.waba_id}/templates`)).json.error.message).toBe(graph.json.error.message);
  });

  it('lets an Analyst neither create nor list templates, and an Advertiser both', async () => {
    const businessId = asBusinessId(biz.business_id);
    const analyst = { email: `analyst-${biz.business_id}@example.com`, password: 'analyst-password-1' };
    const advertiser = { email: `advertiser-${biz.business_id}@example.com`, password: 'advertiser-password-1' };
    await t.chatapp.services.accounts.addMember({ businessId, email: analyst.email, name: 'Ana Lyst', role: 'ANALYST', password: analyst.password });
    await t.chatapp.services.accounts.addMember({ businessId, email: advertiser.email, name: 'Ad Vertiser', role: 'ADVERTISER', password: advertiser.password });
    const asAnalyst = await signIn(analyst);
    const refused = await call(asAnalyst, 'POST', `/wabas/${biz.waba_id}/templates`, shipped('analyst_try'));
    expect(refused.status).toBe(403);
    expect(refused.json.error.error_data.details).toContain('templates.manage');
    expect((await call(asAnalyst, 'GET', `/wabas/${biz.waba_id}/templates`)).status).toBe(403);

    const asAdvertiser = await signIn(advertiser);
    expect((await call(asAdvertiser, 'GET', `/wabas/${biz.waba_id}/templates?status=APPROVED`)).status).toBe(200);
    expect((await call(asAdvertiser, 'POST', `/wabas/${biz.waba_id}/templates`, shipped('advertiser_made'))).status).toBe(200);
    // Changes need the session's CSRF header, as every console change does.
    const forged = await t.chatapp.app.inject({ method: 'POST', url: `/console/api/wabas/${biz.waba_id}/templates`, headers: { cookie: asAdvertiser.cookie }, payload: shipped('forged') });
    expect(forged.statusCode).toBe(403);
  });

  it('uploads a header example in one piece and answers a handle a template’s IMAGE header accepts', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const res = await t.chatapp.app.inject({
      method: 'POST',
      url: `/console/api/templates/uploads?file_name=sample.png&file_length=${png.length}&file_type=image/png`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'image/png' },
      payload: png,
    });
    expect(res.statusCode, res.body).toBe(200);
    const h = (res.json() as { h: string }).h;
    expect(h).toMatch(/^4::/);
    const created = await call(admin, 'POST', `/wabas/${biz.waba_id}/templates`, {
      ...shipped('with_picture'),
      components: [{ type: 'HEADER', format: 'IMAGE', example: { header_handle: [h] } }, ...shipped('with_picture').components],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
  });
});
