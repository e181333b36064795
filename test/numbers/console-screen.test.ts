import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBusinessId } from '../../src/core/brand.js';
import type { DemoFacts } from '../../src/demo/service.js';
import { tierCustomers } from '../../src/numbers/console-view.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { eventually } from '../helpers/receiver.js';

type Json = Record<string, any>;

describe.each(databaseTargets)('the console’s numbers and health screen on $name', (target) => {
  let t: TestChatapp;

  beforeAll(async () => {
    t = await startTestChatapp(target);
  });
  afterAll(() => t.close());

  const signIn = async (credentials: { email: string; password: string }) => {
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: credentials });
    return { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json().user.csrf_token as string };
  };
  const call = async (headers: Record<string, string>, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.chatapp.app.inject({ method, url: `/console/api${url}`, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, json: res.json() as Json };
  };
  const advance = (seconds: number) => t.advance(seconds);
  const numberIn = (screen: Json, id: string): Json => screen.wabas.flatMap((w: Json) => w.phone_numbers).find((n: Json) => n.id === id);
  const send = (biz: DemoFacts, body: object) =>
    t.chatapp.app.inject({ method: 'POST', url: `/v23.0/${biz.phone_number_id}/messages`, headers: { authorization: `Bearer ${biz.access_token}` }, payload: { messaging_product: 'whatsapp', ...body } });
  const hello = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };

  it('shows business verification, why Meta Verified is not open yet, the messaging limit, and each WABA’s currency and time zone', async () => {
    const biz = await t.business();
    const headers = await signIn(biz.console);
    const { status, json } = await call(headers, 'GET', '/wabas');
    expect(status).toBe(200);
    expect(json.business_verification).toEqual({ status: 'not_verified' });
    expect(json.meta_verified).toBe('not_applied');
    expect(json.meta_verified_eligibility).toEqual({ eligible: false, blockers: ['The business must be verified first (business verification).'] });
    expect(json.messaging_limit).toEqual({ tier: 'TIER_250', customers: 250, reached_24h: 0 });
    expect(json.wabas.find((w: Json) => w.id === biz.waba_id)).toMatchObject({ currency: expect.any(String), timezone_id: expect.any(String), timezone: expect.any(String) });
    expect(numberIn(json, biz.phone_number_id)).toMatchObject({ status: 'CONNECTED', new_display_name: null, new_name_status: null });
  });

  it('offers the currencies and Meta’s time zones for a new WABA', async () => {
    const biz = await t.business();
    const { json } = await call(await signIn(biz.console), 'GET', '/wabas/options');
    expect(json.currencies).toContain('EUR');
    expect(json.timezones).toContainEqual({ id: '71', name: 'Asia/Kolkata' });
  });

  it('counts unique customers reached with templates outside their window in the last 24 hours, not replies inside it', async () => {
    const biz = await t.business();
    const headers = await signIn(biz.console);
    // Two templates to one user outside a window, one to another: two customers.
    for (const to of ['+447700900301', '+447700900301', '+447700900302']) expect((await send(biz, { to, ...hello })).statusCode).toBe(200);
    // A user who wrote first has an open window: the template to them does not count.
    await t.simulator(biz, 'POST', '/messages', { from: '+447700900303', to: biz.phone_number_id, message: { type: 'text', text: { body: 'hi' } } });
    await eventually(async () => {
      const inbound = await t.chatapp.store.db.selectFrom('messages').select('id').where('business_id', '=', biz.business_id).where('direction', '=', 'in').executeTakeFirst();
      expect(inbound).toBeDefined();
    });
    expect((await send(biz, { to: '+447700900303', ...hello })).statusCode).toBe(200);
    expect((await call(headers, 'GET', '/wabas')).json.messaging_limit).toMatchObject({ customers: 250, reached_24h: 2 });
    await advance(24 * 3600 + 1);
    expect((await call(headers, 'GET', '/wabas')).json.messaging_limit.reached_24h).toBe(0);
  });

  it('sends a new display name to review from the console and shows the decision', async () => {
    const biz = await t.business();
    const headers = await signIn(biz.console);
    const asked = await call(headers, 'POST', `/phone_numbers/${biz.phone_number_id}/display_name`, { new_display_name: 'Lucky Shrub Plants' });
    expect(asked.json).toEqual({ success: true });
    expect(numberIn((await call(headers, 'GET', '/wabas')).json, biz.phone_number_id)).toMatchObject({ new_display_name: 'Lucky Shrub Plants', new_name_status: 'PENDING_REVIEW' });
    const again = await call(headers, 'POST', `/phone_numbers/${biz.phone_number_id}/display_name`, { new_display_name: 'Another Name' });
    expect(again.status).toBe(400);
    expect(again.json.error.error_data.details).toMatch(/already under review/);
    await advance(11);
    await eventually(async () => expect(numberIn((await call(headers, 'GET', '/wabas')).json, biz.phone_number_id)).toMatchObject({ verified_name: 'Lucky Shrub Plants', new_display_name: null }));

    await call(headers, 'POST', `/phone_numbers/${biz.phone_number_id}/display_name`, { new_display_name: 'Cheap [[decline]] Stuff' });
    await advance(11);
    await eventually(async () => expect(numberIn((await call(headers, 'GET', '/wabas')).json, biz.phone_number_id)).toMatchObject({ verified_name: 'Lucky Shrub Plants', new_name_status: 'DECLINED' }));
    const short = await call(headers, 'POST', `/phone_numbers/${biz.phone_number_id}/display_name`, { new_display_name: 'x' });
    expect(short.json.error.error_data.details).toBe('new_display_name must be 3 to 512 characters');
  });

  it('lets an Advertiser read the screen but not rename a number, and answers another business’s number as not found', async () => {
    const biz = await t.business();
    const other = await t.business();
    const advertiser = await t.chatapp.services.accounts.addMember({ businessId: asBusinessId(biz.business_id), email: `adv-${biz.business_id}@example.com`, role: 'ADVERTISER' });
    const adHeaders = await signIn({ email: `adv-${biz.business_id}@example.com`, password: advertiser.password });
    expect((await call(adHeaders, 'GET', '/wabas')).status).toBe(200);
    expect((await call(adHeaders, 'POST', `/phone_numbers/${biz.phone_number_id}/display_name`, { new_display_name: 'Hijacked Name' })).status).toBe(403);
    const foreign = await call(await signIn(biz.console), 'POST', `/phone_numbers/${other.phone_number_id}/display_name`, { new_display_name: 'Hijacked Name' });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.code).toBe(100);
    expect(numberIn((await call(await signIn(other.console), 'GET', '/wabas')).json, other.phone_number_id).new_display_name).toBeNull();
  });

  it('reads a tier as the customers it allows', () => {
    expect([tierCustomers('TIER_250'), tierCustomers('TIER_2K'), tierCustomers('TIER_100K'), tierCustomers('TIER_UNLIMITED')]).toEqual([250, 2000, 100_000, null]);
  });
});
