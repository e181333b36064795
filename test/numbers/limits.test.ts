import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { earnsScaling, earnsThroughputUpgrade, nextTier } from '../../src/upstream/simulator/limits.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { WebhookReceiver } from '../helpers/receiver.js';

describe('automatic scaling of messaging limits', () => {
  it('needs the 2K scaling path first, then good quality and half the limit reached in 7 days', () => {
    expect(earnsScaling({ tier: 'TIER_250', reachedIn7Days: 250, qualityOk: true })).toBe(false);
    expect(earnsScaling({ tier: 'TIER_2K', reachedIn7Days: 999, qualityOk: true })).toBe(false);
    expect(earnsScaling({ tier: 'TIER_2K', reachedIn7Days: 1_000, qualityOk: true })).toBe(true);
    expect(earnsScaling({ tier: 'TIER_2K', reachedIn7Days: 1_500, qualityOk: false })).toBe(false);
    expect(earnsScaling({ tier: 'TIER_UNLIMITED', reachedIn7Days: 1e9, qualityOk: true })).toBe(false);
    expect(nextTier('TIER_100K')).toBe('TIER_UNLIMITED');
  });

  it('upgrades a number’s throughput only on the unlimited tier, at volume, at YELLOW or better', () => {
    const base = { tier: 'TIER_UNLIMITED' as const, level: 'STANDARD', reachedIn24h: 100_000, usersNeeded: 100_000, quality: 'GREEN' };
    expect(earnsThroughputUpgrade(base)).toBe(true);
    expect(earnsThroughputUpgrade({ ...base, quality: 'YELLOW' })).toBe(true);
    expect(earnsThroughputUpgrade({ ...base, quality: 'RED' })).toBe(false);
    expect(earnsThroughputUpgrade({ ...base, tier: 'TIER_100K' })).toBe(false);
    expect(earnsThroughputUpgrade({ ...base, reachedIn24h: 99_999 })).toBe(false);
    expect(earnsThroughputUpgrade({ ...base, level: 'HIGH' })).toBe(false);
  });
});

describe.each(databaseTargets)('the portfolio messaging limit on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  let session: { cookie: string; csrf: string };
  const sendHello = async (to: string) => {
    const res = await t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${biz.phone_number_id}/messages`,
      headers: { authorization: `Bearer ${biz.access_token}` },
      payload: { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().messages[0].id as string;
  };
  const settled = (ids: string[]) => receiver.waitFor(() => ids.every((id) => receiver.statusSet(id).has('sent') || receiver.statusSet(id).has('failed')), `${ids.length} outcomes`, 60_000);
  const consoleCall = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.chatapp.app.inject({ method, url: `/console/api${url}`, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    await t.subscribe(biz, receiver, 'messages,business_capability_update,phone_number_quality_update');
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: biz.console });
    session = { cookie: String(login.headers['set-cookie']).split(';')[0]!, csrf: login.json().user.csrf_token };
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('fails the 251st new user of the day on the 250 tier, and rises to 2K once the business is verified', async () => {
    // At the HIGH throughput level pacing holds these sends back for less time.
    await t.simulator(biz, 'POST', `/numbers/${biz.phone_number_id}/throughput`, { level: 'HIGH' });
    const users = Array.from({ length: 251 }, (_, i) => `+33 6 12 ${String(i).padStart(6, '0')}`);
    const ids: string[] = [];
    for (const user of users) ids.push(await sendHello(user));
    await settled(ids);
    const failed = ids.filter((id) => receiver.statusSet(id).has('failed'));
    expect(failed).toHaveLength(1);
    const failure = receiver.statuses(failed[0]).find((s) => s.status === 'failed')!;
    expect(failure.errors![0]).toMatchObject({ code: 131048, error_data: { details: expect.stringMatching(/TIER_250/) } });
    // A user reached today can be reached again: the limit counts unique users.
    const again = await sendHello(users[0]!);
    await settled([again]);
    expect(receiver.statusSet(again).has('failed')).toBe(false);

    const submitted = await consoleCall('POST', '/business/verification', {
      legal_name: 'Lucky Shrub GmbH',
      address: 'Pflanzenweg 1, 10115 Berlin',
      website: 'https://shrub.example',
      documents: [{ kind: 'business_license', name: 'gewerbeschein.pdf' }],
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'pending', legal_name: 'Lucky Shrub GmbH' });
    expect((await consoleCall('POST', '/business/verification', { legal_name: 'x', address: 'y', website: 'https://z.example', documents: [{ kind: 'business_license', name: 'a.pdf' }] })).json().error.code).toBe(100);
    await t.simulator(biz, 'POST', '/clock/advance', { seconds: 11 });
    await receiver.waitFor(() => receiver.values('business_capability_update').length > 0, 'the capability update');
    expect(receiver.values('business_capability_update')[0]).toMatchObject({ max_daily_conversations_per_business: 'TIER_2K' });
    expect((await consoleCall('GET', '/business/verification')).json()).toMatchObject({ status: 'verified', decided_time: expect.any(Number) });
    const number = await t.chatapp.app.inject({ method: 'GET', url: `/v24.0/${biz.phone_number_id}?fields=whatsapp_business_manager_messaging_limit`, headers: { authorization: `Bearer ${biz.access_token}` } });
    expect(number.json()).toMatchObject({ whatsapp_business_manager_messaging_limit: 'TIER_2K' });
    const waba = await t.chatapp.app.inject({ method: 'GET', url: `/v23.0/${biz.waba_id}?fields=business_verification_status`, headers: { authorization: `Bearer ${biz.access_token}` } });
    expect(waba.json()).toMatchObject({ business_verification_status: 'verified' });

    const newcomer = await sendHello('+33 6 99 000001');
    await settled([newcomer]);
    expect(receiver.statusSet(newcomer).has('failed')).toBe(false);

    // Half of the 2K limit reached within 7 days, at good quality: one tier up, 6 hours later.
    const wave: string[] = [];
    for (let i = 0; i < 750; i += 50) wave.push(...(await Promise.all(Array.from({ length: 50 }, (_, j) => sendHello(`+33 7 00 ${String(i + j).padStart(6, '0')}`)))));
    await settled(wave);
    expect(wave.filter((id) => receiver.statusSet(id).has('failed'))).toEqual([]);
    expect(receiver.values('business_capability_update').map((v) => v.max_daily_conversations_per_business)).toEqual(['TIER_2K']);
    await t.simulator(biz, 'POST', '/clock/advance', { seconds: 6 * 3600 + 60 });
    await receiver.waitFor(() => receiver.values('business_capability_update').some((v) => v.max_daily_conversations_per_business === 'TIER_10K'), 'the automatic upgrade');
    await receiver.waitFor(() => receiver.values('phone_number_quality_update').some((v) => v.event === 'UPGRADE' && v.current_limit === 'TIER_10K'), 'the number’s UPGRADE');
    const upgraded = await t.chatapp.app.inject({ method: 'GET', url: `/v23.0/${biz.phone_number_id}?fields=messaging_limit_tier`, headers: { authorization: `Bearer ${biz.access_token}` } });
    expect(upgraded.json()).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
  }, 120_000);

  it('rejects a verification whose documents do not hold up, with a reason', async () => {
    const other = await t.business();
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: other.console });
    const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json().user.csrf_token };
    const bad = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/business/verification', headers, payload: { legal_name: 'Shady [[reject]] Ltd', address: 'Nowhere 1', website: 'ftp://x', documents: [] } });
    expect(bad.json().error.error_data.details).toMatch(/website/);
    const res = await t.chatapp.app.inject({
      method: 'POST',
      url: '/console/api/business/verification',
      headers,
      payload: { legal_name: 'Shady [[reject]] Ltd', address: 'Nowhere 1', website: 'https://shady.example', documents: [{ kind: 'utility_bill', name: 'bill.pdf' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    await t.simulator(biz, 'POST', '/clock/advance', { seconds: 11 });
    for (let i = 0; i < 100; i++) {
      const view = (await t.chatapp.app.inject({ method: 'GET', url: '/console/api/business/verification', headers })).json();
      if (view.status !== 'pending') {
        expect(view).toMatchObject({ status: 'rejected', rejection_reason: expect.any(String) });
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the verification was never decided');
  });
});
