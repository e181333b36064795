import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';

describe.each(databaseTargets)('the business profile on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  const call = async (method: 'GET' | 'POST', url: string, payload?: object, token = biz.access_token) => {
    const res = await t.chatapp.app.inject({ method, url: `/v23.0/${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, json: res.json() as Record<string, any> };
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
  });
  afterAll(() => t.close());

  it('updates the fields it is given, keeps the others, and shows them in the user’s chat header', async () => {
    expect((await call('GET', `${biz.phone_number_id}/whatsapp_business_profile`)).json).toEqual({ data: [{ messaging_product: 'whatsapp' }] });
    const first = await call('POST', `${biz.phone_number_id}/whatsapp_business_profile`, { messaging_product: 'whatsapp', about: 'Plants for every home 🌿', vertical: 'RETAIL', websites: ['https://shrub.example'] });
    expect(first.json).toEqual({ success: true });
    await call('POST', `${biz.phone_number_id}/whatsapp_business_profile`, { messaging_product: 'whatsapp', email: 'hello@shrub.example' });
    const profile = await call('GET', `${biz.phone_number_id}/whatsapp_business_profile?fields=about,vertical,websites,email`);
    expect(profile.json.data).toEqual([{ about: 'Plants for every home 🌿', vertical: 'RETAIL', websites: ['https://shrub.example'], email: 'hello@shrub.example' }]);
    const chat = await t.simulator(biz, 'GET', `/users/4915200000009/chat?phone_number_id=${biz.phone_number_id}`);
    expect(chat.json().business.profile).toMatchObject({ about: 'Plants for every home 🌿', vertical: 'RETAIL' });
  });

  it('refuses what Meta refuses, naming the field, and changes nothing', async () => {
    const cases: [object, RegExp][] = [
      [{ about: 'x'.repeat(140) }, /about must be at most 139/],
      [{ websites: ['https://a.example', 'https://b.example', 'https://c.example'] }, /at most 2/],
      [{ websites: ['ftp://a.example'] }, /websites\[0\]/],
      [{ vertical: 'PETS' }, /vertical must be one of/],
      [{ email: 'not-an-email' }, /email/],
    ];
    for (const [body, message] of cases) {
      const res = await call('POST', `${biz.phone_number_id}/whatsapp_business_profile`, { messaging_product: 'whatsapp', ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe(100);
      expect(res.json.error.error_data.details).toMatch(message);
    }
    expect((await call('POST', `${biz.phone_number_id}/whatsapp_business_profile`, { about: 'no product' })).json.error.error_data.details).toMatch(/messaging_product/);
    expect((await call('GET', `${biz.phone_number_id}/whatsapp_business_profile?fields=about`)).json.data[0].about).toBe('Plants for every home 🌿');
    const other = await t.business();
    expect((await call('GET', `${biz.phone_number_id}/whatsapp_business_profile`, undefined, other.access_token)).json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});
