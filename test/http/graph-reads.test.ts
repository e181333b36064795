import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBusinessId, asPhoneNumberId, asWabaId } from '../../src/core/brand.js';
import type { DemoFacts } from '../../src/demo/service.js';
import { bearer, startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';

const notFoundMessage = (id: string) =>
  `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`;

describe.each(databaseTargets)('Graph reads on $name', (target) => {
  let t: TestChatapp;
  let a: DemoFacts;
  let b: DemoFacts;
  const get = (url: string, token?: string) => t.chatapp.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });

  beforeAll(async () => {
    t = await startTestChatapp(target);
    a = await t.business('Alpha Co');
    b = await t.business('Beta Co');
  });
  afterAll(() => t.close());

  it('lists a WABA phone numbers in Graph shape with the default fields', async () => {
    const res = await get(`/v23.0/${a.waba_id}/phone_numbers`, a.access_token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body.data).toEqual([
      {
        id: a.phone_number_id,
        display_phone_number: a.display_phone_number,
        verified_name: 'Alpha Co',
        code_verification_status: 'VERIFIED',
        quality_rating: 'GREEN',
        platform_type: 'CLOUD_API',
        throughput: { level: 'STANDARD' },
      },
    ]);
    expect(body.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
    expect(body.paging.next).toBeUndefined();
  });

  it('answers the same on every version from v17.0 to v25.0 and without a version', async () => {
    for (const path of ['/v17.0', '/v20.0', '/v25.0', '']) {
      const res = await get(`${path}/${a.waba_id}/phone_numbers`, a.access_token);
      expect(res.statusCode, path).toBe(200);
      expect(res.json().data[0].id).toBe(a.phone_number_id);
    }
  });

  it('refuses a version chatapp does not serve with a Graph error', async () => {
    const res = await get(`/v99.0/${a.waba_id}/phone_numbers`, a.access_token);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 2500, error_data: { details: expect.stringContaining('v99.0') } });
  });

  it('selects fields with fields= and always returns the id', async () => {
    const res = await get(`/v23.0/${a.phone_number_id}?fields=status,name_status,country_code,country_dial_code`, a.access_token);
    expect(res.json()).toEqual({ id: a.phone_number_id, status: 'CONNECTED', name_status: 'APPROVED', country_code: 'US', country_dial_code: '1' });
  });

  it('gates the messaging limit field by version as Meta does', async () => {
    const old = await get(`/v23.0/${a.phone_number_id}?fields=messaging_limit_tier`, a.access_token);
    expect(old.json()).toEqual({ id: a.phone_number_id, messaging_limit_tier: 'TIER_250' });
    const current = await get(`/v24.0/${a.phone_number_id}?fields=whatsapp_business_manager_messaging_limit`, a.access_token);
    expect(current.json()).toEqual({ id: a.phone_number_id, whatsapp_business_manager_messaging_limit: 'TIER_250' });
    const gone = await get(`/v24.0/${a.phone_number_id}?fields=messaging_limit_tier`, a.access_token);
    expect(gone.statusCode).toBe(400);
    expect(gone.json().error.message).toBe('(#100) Tried accessing nonexisting field (messaging_limit_tier) on node type (WhatsAppBusinessPhoneNumber)');
  });

  it('reads a WABA and a business portfolio by id', async () => {
    const waba = await get(`/v23.0/${a.waba_id}?fields=name,currency,timezone_id,account_review_status,business_verification_status,message_template_namespace`, a.access_token);
    expect(waba.json()).toMatchObject({
      id: a.waba_id,
      name: 'Alpha Co WABA',
      currency: 'USD',
      account_review_status: 'APPROVED',
      business_verification_status: 'not_verified',
      message_template_namespace: expect.stringMatching(/^[0-9a-f_]+$/),
    });
    const business = await get(`/v23.0/${a.business_id}`, a.access_token);
    expect(business.json()).toEqual({ id: a.business_id, name: 'Alpha Co' });
    const owned = await get(`/v23.0/${a.business_id}/owned_whatsapp_business_accounts`, a.access_token);
    expect(owned.json().data).toEqual([expect.objectContaining({ id: a.waba_id, name: 'Alpha Co WABA' })]);
  });

  it('accepts the token as an access_token query parameter', async () => {
    const res = await get(`/v23.0/${a.waba_id}/phone_numbers?access_token=${a.access_token}`);
    expect(res.statusCode).toBe(200);
  });

  it('answers another business id exactly like an id that does not exist', async () => {
    for (const url of [`/v23.0/${b.waba_id}/phone_numbers`, `/v23.0/${b.waba_id}`, `/v23.0/${b.phone_number_id}`, `/v23.0/${b.business_id}/owned_whatsapp_business_accounts`]) {
      const res = await get(url, a.access_token);
      const id = url.split('/')[2]!;
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException', message: notFoundMessage(id) });
    }
    const unknown = await get('/v23.0/123456789012/phone_numbers', a.access_token);
    expect(unknown.json().error).toMatchObject({ code: 100, error_subcode: 33, message: notFoundMessage('123456789012') });
  });

  it('answers a phone number id on the WABA-only edge as not found', async () => {
    const res = await get(`/v23.0/${a.phone_number_id}/phone_numbers`, a.access_token);
    expect(res.json().error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('refuses a missing or malformed token with code 190 and HTTP 401', async () => {
    for (const headers of [{}, { authorization: 'Bearer nonsense' }, { authorization: 'Basic abc' }]) {
      const res = await t.chatapp.app.inject({ method: 'GET', url: `/v23.0/${a.waba_id}/phone_numbers`, headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatchObject({ code: 190, type: 'OAuthException', fbtrace_id: expect.any(String) });
    }
  });

  it('pages with limit and cursors, forwards and back', async () => {
    const numbers = t.chatapp.services.numbers;
    const businessId = asBusinessId(a.business_id);
    for (let i = 0; i < 4; i++) {
      const { id } = await t.chatapp.demo!.seedConnectedNumber(a.waba_id, { phoneNumber: `+44 7700 9000${i}${i}`, verifiedName: `Alpha ${i}` });
      await numbers.mirrorNumber(businessId, asWabaId(a.waba_id), asPhoneNumberId(id));
    }
    const all = (await get(`/v23.0/${a.waba_id}/phone_numbers?limit=100`, a.access_token)).json().data.map((n: { id: string }) => n.id);
    expect(all).toHaveLength(5);

    const first = (await get(`/v23.0/${a.waba_id}/phone_numbers?limit=2`, a.access_token)).json();
    expect(first.data.map((n: { id: string }) => n.id)).toEqual(all.slice(0, 2));
    expect(first.paging.next).toContain(`after=${first.paging.cursors.after}`);
    expect(first.paging.previous).toBeUndefined();
    expect(first.paging.next).not.toContain('access_token');

    const second = (await get(`/v23.0/${a.waba_id}/phone_numbers?limit=2&after=${first.paging.cursors.after}`, a.access_token)).json();
    expect(second.data.map((n: { id: string }) => n.id)).toEqual(all.slice(2, 4));
    expect(second.paging.previous).toContain('before=');

    const third = (await get(`/v23.0/${a.waba_id}/phone_numbers?limit=2&after=${second.paging.cursors.after}`, a.access_token)).json();
    expect(third.data.map((n: { id: string }) => n.id)).toEqual(all.slice(4));
    expect(third.paging.next).toBeUndefined();

    const back = (await get(`/v23.0/${a.waba_id}/phone_numbers?limit=2&before=${third.paging.cursors.before}`, a.access_token)).json();
    expect(back.data.map((n: { id: string }) => n.id)).toEqual(all.slice(2, 4));

    const bad = await get(`/v23.0/${a.waba_id}/phone_numbers?after=%%%`, a.access_token);
    expect(bad.json().error).toMatchObject({ code: 100, error_data: { details: 'after is not a valid cursor' } });
    const badLimit = await get(`/v23.0/${a.waba_id}/phone_numbers?limit=zero`, a.access_token);
    expect(badLimit.json().error).toMatchObject({ code: 100, error_data: { details: 'limit must be a positive integer' } });
  });
});
