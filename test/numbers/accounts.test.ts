import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBusinessId } from '../../src/core/brand.js';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { eventually } from '../helpers/receiver.js';

describe.each(databaseTargets)('WhatsApp Business Accounts and Meta Verified on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let headers: Record<string, string>;
  const consoleCall = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.chatapp.app.inject({ method, url: `/console/api${url}`, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, json: res.json() as Record<string, any> };
  };
  const advance = (seconds: number) => t.simulator(biz, 'POST', '/clock/advance', { seconds });

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: biz.console });
    headers = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json().user.csrf_token };
  });
  afterAll(() => t.close());

  it('reviews a new WABA: PENDING, then APPROVED on the clock, or REJECTED when its name says so', async () => {
    const created = await consoleCall('POST', '/wabas', { name: 'Lucky Shrub Retail', currency: 'EUR', timezone_id: '71' });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    expect(created.json).toMatchObject({ name: 'Lucky Shrub Retail', currency: 'EUR', account_review_status: 'PENDING' });
    const rejected = await consoleCall('POST', '/wabas', { name: 'Shady [[reject]] Deals' });
    expect((await consoleCall('POST', '/wabas', { name: '' })).json.error.code).toBe(100);
    await advance(11);
    await eventually(async () => {
      const { json } = await consoleCall('GET', '/wabas');
      const status = (id: string) => json.wabas.find((w: { id: string }) => w.id === id)?.account_review_status;
      expect(status(created.json.id)).toBe('APPROVED');
      expect(status(rejected.json.id)).toBe('REJECTED');
    });
    const overview = (await consoleCall('GET', '/wabas')).json;
    const demo = overview.wabas.find((w: { id: string }) => w.id === biz.waba_id);
    expect(demo).toMatchObject({ health_status: { can_send_message: 'AVAILABLE' }, phone_numbers: [expect.objectContaining({ id: biz.phone_number_id, status: 'CONNECTED', messaging_limit: 'TIER_250' })] });
    expect(overview.meta_verified).toBe('not_applied');
  });

  it('grants Meta Verified only to a verified business, then shows the badge on its numbers and in the chat', async () => {
    const early = await consoleCall('POST', '/business/meta_verified');
    expect(early.json.error.error_data.details).toMatch(/must be verified first/);
    await consoleCall('POST', '/business/verification', { legal_name: 'Lucky Shrub GmbH', address: 'Pflanzenweg 1, Berlin', website: 'https://shrub.example', documents: [{ kind: 'business_license', name: 'licence.pdf' }] });
    await advance(11);
    await eventually(async () => expect((await consoleCall('GET', '/business/verification')).json.status).toBe('verified'));
    expect((await consoleCall('POST', '/business/meta_verified')).json).toEqual({ status: 'pending' });
    expect((await consoleCall('POST', '/business/meta_verified')).json.error.error_data.details).toMatch(/already pending/);
    await advance(11);
    await eventually(async () => expect((await consoleCall('GET', '/wabas')).json.meta_verified).toBe('granted'));
    const number = await t.chatapp.app.inject({ method: 'GET', url: `/v23.0/${biz.phone_number_id}?fields=is_official_business_account`, headers: { authorization: `Bearer ${biz.access_token}` } });
    expect(number.json()).toMatchObject({ is_official_business_account: true });
    const chat = await t.simulator(biz, 'GET', `/users/4915200000077/chat?phone_number_id=${biz.phone_number_id}`);
    expect(chat.json().business).toMatchObject({ is_official_business_account: true });
  });

  it('takes a number through onboarding from the console, step by step', async () => {
    const added = await consoleCall('POST', `/wabas/${biz.waba_id}/phone_numbers`, { cc: '34', phone_number: '612 000 321', verified_name: 'Lucky Shrub Madrid' });
    expect(added.status, JSON.stringify(added.json)).toBe(200);
    const id = String(added.json.id);
    expect((await consoleCall('POST', `/phone_numbers/${id}/register`, { pin: '123456' })).json.error.code).toBe(133006);
    expect((await consoleCall('POST', `/phone_numbers/${id}/request_code`, { code_method: 'SMS' })).json).toEqual({ success: true });
    const codes = (await t.simulator(biz, 'GET', `/verification_codes?phone_number_id=${id}`)).json().data;
    expect((await consoleCall('POST', `/phone_numbers/${id}/verify_code`, { code: codes[0].code })).json).toEqual({ success: true });
    expect((await consoleCall('POST', `/phone_numbers/${id}/register`, { pin: '123456' })).json).toEqual({ success: true });
    expect((await consoleCall('POST', `/phone_numbers/${id}/profile`, { about: 'Plantas' })).json).toEqual({ success: true });
    const number = (await consoleCall('GET', '/wabas')).json.wabas.find((w: { id: string }) => w.id === biz.waba_id).phone_numbers.find((n: { id: string }) => n.id === id);
    expect(number).toMatchObject({ status: 'CONNECTED', code_verification_status: 'VERIFIED', name_status: 'PENDING_REVIEW' });
    // An Analyst may look but not act.
    const analyst = await t.chatapp.services.accounts.addMember({ businessId: asBusinessId(biz.business_id), email: 'ana@shrub.example', role: 'ANALYST' });
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: { email: 'ana@shrub.example', password: analyst.password } });
    const analystHeaders = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json().user.csrf_token };
    const denied = await t.chatapp.app.inject({ method: 'POST', url: `/console/api/phone_numbers/${id}/deregister`, headers: analystHeaders });
    expect(denied.statusCode).toBe(403);
  });
});
