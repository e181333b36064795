import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { bearer, startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';

describe('bad input at the HTTP boundary', () => {
  let t: TestChatapp;
  let a: DemoFacts;

  beforeAll(async () => {
    t = await startTestChatapp(databaseTargets[0]!);
    a = await t.business();
  });
  afterAll(() => t.close());

  const expectGraphError = (res: { statusCode: number; headers: Record<string, unknown>; json(): { error: Record<string, unknown> } }, status: number, code: number) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    const { error } = res.json();
    expect(error).toMatchObject({ code, type: expect.any(String), fbtrace_id: expect.any(String) });
    if (error.error_subcode !== 33) expect(String(error.message)).toMatch(code === 2500 ? /^Unknown path components/ : new RegExp(`^\\(#${code}\\) `));
    return error;
  };

  it('answers malformed JSON with code 100, not a 500', async () => {
    const res = await t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${a.waba_id}`,
      headers: { ...bearer(a.access_token), 'content-type': 'application/json' },
      payload: '{"messaging_product": "whatsapp",',
    });
    const error = expectGraphError(res, 400, 100);
    expect((error.error_data as { details: string }).details).toMatch(/not valid JSON/);
  });

  it('answers an unsupported content type with code 100 and HTTP 415', async () => {
    const res = await t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${a.waba_id}`,
      headers: { ...bearer(a.access_token), 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expectGraphError(res, 415, 100);
  });

  it('answers an oversized body with code 100 and HTTP 413', async () => {
    const res = await t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${a.waba_id}`,
      headers: { ...bearer(a.access_token), 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expectGraphError(res, 413, 100);
  });

  it('answers an empty JSON body with code 100', async () => {
    const res = await t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${a.waba_id}`,
      headers: { ...bearer(a.access_token), 'content-type': 'application/json' },
      payload: '',
    });
    expectGraphError(res, 400, 100);
  });

  it('answers an unknown path with code 2500', async () => {
    const res = await t.chatapp.app.inject({ method: 'GET', url: '/v23.0/not-a-node/whatever', headers: bearer(a.access_token) });
    expectGraphError(res, 400, 2500);
  });

  it('answers an operation the node does not support as Graph does', async () => {
    const res = await t.chatapp.app.inject({ method: 'DELETE', url: `/v23.0/${a.waba_id}`, headers: bearer(a.access_token) });
    const error = expectGraphError(res, 400, 100);
    expect(error).toMatchObject({ error_subcode: 33, message: expect.stringMatching(/^Unsupported delete request\. Object with ID/) });
  });

  it('reads a body sent as a form like one sent as JSON', async () => {
    const form = await t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${a.waba_id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `access_token=${encodeURIComponent(a.access_token)}`,
    });
    // The token in the form body authenticates; the WABA has no POST operation yet, so Graph's "unsupported post".
    const error = expectGraphError(form, 400, 100);
    expect(error.error_subcode).toBe(33);
    expect(error.message).toMatch(/^Unsupported post request/);
  });
});
