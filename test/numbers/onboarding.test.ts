import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { WebhookReceiver } from '../helpers/receiver.js';

// A number's way from nothing to CONNECTED, through the Graph endpoints and the simulator's SIM.
describe.each(databaseTargets)('phone-number onboarding on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let baseUrl: string;
  let receiver: WebhookReceiver;
  const api = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: object) => t.graph(biz, method, path, body);
  const advance = (seconds: number) => t.advance(seconds);
  const codes = async (id: string) => ((await (await fetch(`${baseUrl}/simulator/verification_codes?phone_number_id=${id}`, { headers: { authorization: `Bearer ${biz.access_token}` } })).json()) as { data: { code: string; method: string; sent_at: number }[] }).data;
  const number = async (id: string) => (await api('GET', `${id}?fields=status,code_verification_status,name_status,verified_name,new_display_name,new_name_status,platform_type`)).json;
  const nameUpdates = () => receiver.values('phone_number_name_update');

  beforeAll(async () => {
    t = await startTestChatapp(target);
    baseUrl = await t.listen();
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    await t.subscribe(biz, receiver, 'messages,phone_number_name_update');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('takes a new number to CONNECTED with an approved display name, refusing every step out of order', async () => {
    const added = await api('POST', `${biz.waba_id}/phone_numbers`, { cc: '49', phone_number: '1512 3456789', verified_name: 'Lucky Shrub Berlin' });
    expect(added.status, JSON.stringify(added.json)).toBe(200);
    const id = String(added.json.id);
    expect(await number(id)).toMatchObject({ status: 'PENDING', code_verification_status: 'NOT_VERIFIED', name_status: 'PENDING_REVIEW', verified_name: 'Lucky Shrub Berlin' });

    const early = await api('POST', `${id}/messages`, { messaging_product: 'whatsapp', to: '4915200000001', type: 'text', text: { body: 'hi' } });
    expect(early.json.error.code).toBe(133010);
    expect((await api('POST', `${id}/register`, { messaging_product: 'whatsapp', pin: '123456' })).json.error.code).toBe(133006);

    expect((await api('POST', `${id}/request_code`, { code_method: 'SMS', language: 'en_US' })).json).toEqual({ success: true });
    const [sent] = await codes(id);
    expect(sent).toMatchObject({ code: expect.stringMatching(/^\d{6}$/), method: 'SMS' });
    const wrongCode = sent!.code === '000000' ? '111111' : '000000';
    const wrong = await api('POST', `${id}/verify_code`, { code: wrongCode });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toMatchObject({ code: 136025 });
    expect(wrong.json.error.error_data.details).toMatch(/4 tries left/);
    expect((await number(id)).code_verification_status).toBe('NOT_VERIFIED');
    expect((await api('POST', `${id}/verify_code`, { code: sent!.code })).json).toEqual({ success: true });
    expect((await number(id)).code_verification_status).toBe('VERIFIED');

    expect((await api('POST', `${id}/register`, { messaging_product: 'whatsapp', pin: '12345' })).status).toBe(400);
    expect((await api('POST', `${id}/register`, { messaging_product: 'whatsapp', pin: '123456' })).json).toEqual({ success: true });
    expect(await number(id)).toMatchObject({ status: 'CONNECTED', platform_type: 'CLOUD_API' });

    await advance(11);
    await receiver.waitFor(() => nameUpdates().some((v) => v.requested_verified_name === 'Lucky Shrub Berlin'), 'the name decision');
    expect(nameUpdates().find((v) => v.requested_verified_name === 'Lucky Shrub Berlin')).toMatchObject({ decision: 'APPROVED', display_phone_number: '4915123456789' });
    expect((await number(id)).name_status).toBe('APPROVED');

    // A user who wrote can now be answered from the new number.
    await fetch(`${baseUrl}/simulator/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${biz.access_token}` }, body: JSON.stringify({ from: '+49 152 0000 0002', to: id, message: { type: 'text', text: { body: 'Hallo' } } }) });
    const answer = await api('POST', `${id}/messages`, { messaging_product: 'whatsapp', to: '4915200000002', type: 'text', text: { body: 'Hallo zurück' } });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);

    // Deregistered, it registers again only with its PIN.
    expect((await api('POST', `${id}/deregister`)).json).toEqual({ success: true });
    expect((await number(id)).status).toBe('DISCONNECTED');
    const mismatch = await api('POST', `${id}/register`, { messaging_product: 'whatsapp', pin: '654321' });
    expect(mismatch.json.error.code).toBe(133005);
    expect((await number(id)).status).toBe('DISCONNECTED');
    expect((await api('POST', `${id}/register`, { messaging_product: 'whatsapp', pin: '123456' })).json).toEqual({ success: true });

    // A new PIN, then a rename that review declines: the approved name stays.
    expect((await api('POST', id, { pin: '222333' })).json).toEqual({ success: true });
    expect((await api('POST', id, { new_display_name: 'lucky [[decline]]' })).json).toEqual({ success: true });
    expect(await number(id)).toMatchObject({ verified_name: 'Lucky Shrub Berlin', new_display_name: 'lucky [[decline]]', new_name_status: 'PENDING_REVIEW' });
    await advance(11);
    await receiver.waitFor(() => nameUpdates().some((v) => v.requested_verified_name === 'lucky [[decline]]'), 'the declined rename');
    expect(nameUpdates().find((v) => v.requested_verified_name === 'lucky [[decline]]')).toMatchObject({ decision: 'REJECTED', rejection_reason: expect.any(String) });
    expect(await number(id)).toMatchObject({ verified_name: 'Lucky Shrub Berlin', new_name_status: 'DECLINED' });

    // Ten registrations and deregistrations in 72 hours, then 133016.
    let last: { status: number; json: Record<string, any> } | undefined;
    for (let i = 0; i < 10 && last?.status !== 400; i++) last = await api('POST', `${id}/${i % 2 === 0 ? 'register' : 'deregister'}`, { messaging_product: 'whatsapp', pin: '222333' });
    expect(last!.json.error.code).toBe(133016);
    expect((await number(id)).status).toBe('CONNECTED');
  });

  it('refuses an expired code and a third registered number of an unverified business', async () => {
    const added = await api('POST', `${biz.waba_id}/phone_numbers`, { cc: '44', phone_number: '7700 900555', verified_name: 'Lucky Shrub London' });
    const id = String(added.json.id);
    await api('POST', `${id}/request_code`, { code_method: 'VOICE' });
    await advance(11 * 60);
    const [sent] = await codes(id);
    expect(sent!.method).toBe('VOICE');
    const expired = await api('POST', `${id}/verify_code`, { code: sent!.code });
    expect(expired.json.error).toMatchObject({ code: 136025 });
    expect(expired.json.error.error_data.details).toMatch(/expired/);
    await api('POST', `${id}/request_code`, { code_method: 'SMS' });
    expect((await api('POST', `${id}/verify_code`, { code: (await codes(id))[0]!.code })).json).toEqual({ success: true });
    // The demo number and the Berlin number are registered: an unverified business may have two.
    const third = await api('POST', `${id}/register`, { messaging_product: 'whatsapp', pin: '123456' });
    expect(third.status).toBe(400);
    expect(third.json.error.error_data.details).toMatch(/2 registered numbers/);
    expect((await number(id)).status).toBe('PENDING');
  });
});
