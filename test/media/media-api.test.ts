import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { samplePdf, samplePng, sampleJpeg } from '../../src/rules/media/samples.js';
import { bearer, startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { multipart, uploadForm } from './multipart.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe.each(databaseTargets)('the media API on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let rival: DemoFacts;

  const upload = (form: { payload: Buffer; headers: Record<string, string> }, options: { token?: string; query?: string; numberId?: string } = {}) =>
    t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${options.numberId ?? biz.phone_number_id}/media${options.query ?? ''}`,
      headers: { ...bearer(options.token ?? biz.access_token), ...form.headers },
      payload: form.payload,
    });
  const uploadPng = async (bytes = samplePng()): Promise<string> => {
    const res = await upload(uploadForm({ data: bytes, type: 'image/png', filename: 'green.png' }));
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id as string;
  };
  const graph = (method: 'GET' | 'DELETE', url: string, token = biz.access_token) => t.chatapp.app.inject({ method, url, headers: bearer(token) });
  const download = (url: string, headers: Record<string, string> = bearer(biz.access_token)) => {
    const { pathname, search } = new URL(url);
    return t.chatapp.app.inject({ method: 'GET', url: `${pathname}${search}`, headers });
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    rival = await t.business();
  });
  afterAll(async () => {
    await t.close();
  });

  it('uploads a PNG as multipart and answers its id', async () => {
    const res = await upload(uploadForm({ data: samplePng(), type: 'image/png', filename: 'green.png' }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: expect.stringMatching(/^\d+$/) });
  });

  it('answers GET /{media-id} with a signed URL on chatapp, the hex sha256, the size as a string and the type', async () => {
    const bytes = samplePng(16, 16);
    const id = await uploadPng(bytes);
    const res = await graph('GET', `/v23.0/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['messaging_product', 'url', 'mime_type', 'sha256', 'file_size', 'id']);
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      url: expect.stringMatching(/^http:\/\/localhost(:\d+)?\/v1\/media\/download\?mid=\d+&exp=\d+&sig=[\w-]{43}$/),
      mime_type: 'image/png',
      sha256: sha256(bytes),
      file_size: String(bytes.length),
      id,
    });
    const url = new URL(body.url);
    expect(url.searchParams.get('mid')).toBe(id);
    expect(Number(url.searchParams.get('exp')) * 1000).toBeGreaterThan(t.clock.now() + 4 * MINUTE);
    expect(Number(url.searchParams.get('exp')) * 1000).toBeLessThanOrEqual(t.clock.now() + 5 * MINUTE);
  });

  it('downloads the same bytes with the bearer token and the stored Content-Type', async () => {
    const bytes = samplePng(12, 12, [1, 2, 3]);
    const id = await uploadPng(bytes);
    const { url } = (await graph('GET', `/${id}`)).json();
    const res = await download(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(Number(res.headers['content-length'])).toBe(bytes.length);
    expect(res.rawPayload.equals(bytes)).toBe(true);
  });

  it('refuses a download without a token or with a wrong one (401), and with a tampered signature or another business token (404)', async () => {
    const id = await uploadPng();
    const { url } = (await graph('GET', `/${id}`)).json();
    const missing = await download(url, {});
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe(190);
    expect((await download(url, bearer('EAAwrong-token'))).statusCode).toBe(401);

    const tampered = new URL(url);
    const sig = tampered.searchParams.get('sig')!;
    tampered.searchParams.set('sig', `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
    const bad = await download(tampered.toString());
    expect(bad.statusCode).toBe(404);
    expect(bad.json().error).toMatchObject({ code: 100, error_data: { details: expect.stringMatching(/invalid or has expired/) }, fbtrace_id: expect.any(String) });

    const otherId = new URL(url);
    otherId.searchParams.set('mid', await uploadPng());
    expect((await download(otherId.toString())).statusCode).toBe(404);
    const later = new URL(url);
    later.searchParams.set('exp', String(Number(later.searchParams.get('exp')) + 3600));
    expect((await download(later.toString())).statusCode).toBe(404);

    const rivalDownload = await download(url, bearer(rival.access_token));
    expect(rivalDownload.statusCode).toBe(404);
    expect((await download(url)).statusCode).toBe(200);
  });

  it('refuses a URL once its 5 minutes are over; a fresh GET gives a working one', async () => {
    const id = await uploadPng();
    const { url } = (await graph('GET', `/${id}`)).json();
    t.clock.advance(6 * MINUTE);
    expect((await download(url)).statusCode).toBe(404);
    const fresh = (await graph('GET', `/${id}`)).json().url as string;
    expect((await download(fresh)).statusCode).toBe(200);
  });

  it('takes messaging_product from the query string, and the type field when the file part has none', async () => {
    const form = multipart([
      { name: 'type', value: 'application/pdf' },
      { name: 'file', filename: 'receipt.pdf', type: 'application/octet-stream', data: samplePdf() },
    ]);
    const res = await upload(form, { query: '?messaging_product=whatsapp' });
    expect(res.statusCode, res.body).toBe(200);
    const got = (await graph('GET', `/${res.json().id}`)).json();
    expect(got.mime_type).toBe('application/pdf');
    const download_ = await download(got.url);
    expect(download_.headers['content-disposition']).toBe("inline; filename*=UTF-8''receipt.pdf");
  });

  it('refuses an upload without messaging_product or without a file with code 100', async () => {
    const noProduct = await upload(uploadForm({ data: samplePng(), type: 'image/png' }, []));
    expect(noProduct.statusCode).toBe(400);
    expect(noProduct.json().error).toMatchObject({ code: 100, error_data: { details: expect.stringMatching(/^messaging_product/) } });
    const noFile = await upload(multipart([{ name: 'messaging_product', value: 'whatsapp' }]));
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.error_data.details).toMatch(/^file: is required/);
    const json = await t.chatapp.app.inject({ method: 'POST', url: `/v23.0/${biz.phone_number_id}/media`, headers: bearer(biz.access_token), payload: { messaging_product: 'whatsapp' } });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.error_data.details).toMatch(/multipart\/form-data/);
  });

  it('refuses a JPEG declared as image/png with 131053 naming both types', async () => {
    const res = await upload(uploadForm({ data: sampleJpeg(), type: 'image/png', filename: 'photo.png' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 131053, message: '(#131053) Media upload error' });
    expect(res.json().error.error_data.details).toMatch(/declared as image\/png but its content is image\/jpeg/);
  });

  it('refuses an image over 5 MB with 131053, though the upload route takes bodies far past 1 MiB', async () => {
    const big = Buffer.concat([samplePng(), Buffer.alloc(5 * 1024 * 1024)]);
    const res = await upload(uploadForm({ data: big, type: 'image/png' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 131053, error_data: { details: expect.stringMatching(/at most 5 MB \(5242880 bytes\)/) } });
    // Other routes keep their 1 MiB limit.
    const send = await t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${biz.phone_number_id}/messages`,
      headers: { ...bearer(biz.access_token), 'content-type': 'application/json' },
      payload: JSON.stringify({ messaging_product: 'whatsapp', to: '+447700900999', type: 'text', text: { body: 'x'.repeat(1024 * 1024 + 10) } }),
    });
    expect(send.statusCode).toBe(413);
  });

  it('refuses an unsupported type with code 100 listing the supported ones', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const res = await upload(uploadForm({ data: gif, type: 'image/gif' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(100);
    expect(res.json().error.error_data.details).toMatch(/one of the following types: .*image\/jpeg.*Received file of type 'image\/gif'/);
  });

  it('deletes media; afterwards GET, DELETE and the download answer as for an unknown id', async () => {
    const id = await uploadPng();
    const { url } = (await graph('GET', `/${id}`)).json();
    const res = await graph('DELETE', `/v23.0/${id}?phone_number_id=${biz.phone_number_id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ success: true });
    const again = await graph('GET', `/${id}`);
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await graph('DELETE', `/${id}`)).json().error).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await download(url)).statusCode).toBe(404);
  });

  it('answers another business media id exactly like an unknown one, and refuses uploads to its number', async () => {
    const id = await uploadPng();
    const theirs = await graph('GET', `/${id}`, rival.access_token);
    const unknown = await graph('GET', '/123456789012345678', rival.access_token);
    expect(theirs.statusCode).toBe(400);
    expect(theirs.json().error).toMatchObject({ code: 100, error_subcode: 33 });
    expect(theirs.json().error.message).toBe(unknown.json().error.message.replace('123456789012345678', id));
    expect((await graph('DELETE', `/${id}`, rival.access_token)).json().error).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await graph('GET', `/${id}`)).statusCode).toBe(200);
    const intoTheirs = await upload(uploadForm({ data: samplePng(), type: 'image/png' }), { numberId: rival.phone_number_id });
    expect(intoTheirs.json().error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('refuses GET with a phone_number_id guard that is not the number the media was uploaded on', async () => {
    const id = await uploadPng();
    expect((await graph('GET', `/${id}?phone_number_id=${biz.phone_number_id}`)).statusCode).toBe(200);
    const res = await graph('GET', `/${id}?phone_number_id=${rival.phone_number_id}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.error_data.details).toMatch(/^phone_number_id: /);
  });

  it('forgets an uploaded id after 30 days and removes its bytes', async () => {
    const id = await uploadPng();
    t.clock.advance(29 * DAY);
    expect((await graph('GET', `/${id}`)).statusCode).toBe(200);
    t.clock.advance(2 * DAY);
    const gone = await graph('GET', `/${id}`);
    expect(gone.statusCode).toBe(400);
    expect(gone.json().error).toMatchObject({ code: 100, error_subcode: 33 });
    // The next write purges expired bytes.
    await uploadPng();
    const row = await t.chatapp.store.db.selectFrom('media').select(['deleted_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
  });
});
