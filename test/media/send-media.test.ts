import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { samplePdf, samplePng, sampleJpeg } from '../../src/rules/media/samples.js';
import { bearer, startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { eventually, WebhookReceiver } from '../helpers/receiver.js';
import { uploadForm } from './multipart.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const DAY = 24 * 3600 * 1000;

/** Files a business links to, served on 127.0.0.1 the way a CDN would. */
async function startFileServer(): Promise<{ url: (path: string) => string; close: () => Promise<void> }> {
  const png = samplePng(4, 4);
  const server = http.createServer((req, res) => {
    switch (req.url) {
      case '/green.png':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
        return;
      case '/moved.png':
        res.writeHead(302, { location: '/green.png' }).end();
        return;
      case '/page.html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not an image</html>');
        return;
      case '/jpeg-as-png':
        res.writeHead(200, { 'content-type': 'image/png' }).end(sampleJpeg());
        return;
      case '/huge.png':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': 6 * 1024 * 1024 }).end(Buffer.concat([png, Buffer.alloc(6 * 1024 * 1024 - png.length)]));
        return;
      case '/huge-chunked.png': {
        // No Content-Length: the cap has to hold while the bytes stream.
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(png);
        for (let i = 0; i < 6; i++) res.write(Buffer.alloc(1024 * 1024));
        res.end();
        return;
      }
      case '/to-ftp':
        res.writeHead(301, { location: 'ftp://127.0.0.1/green.png' }).end();
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.each(databaseTargets)('sending and receiving media on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  let files: Awaited<ReturnType<typeof startFileServer>>;

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, token = biz.access_token) =>
    t.chatapp.app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
  const send = (message: Record<string, unknown>, token = biz.access_token) => inject('POST', `/v23.0/${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', ...message }, token);
  const userWrites = async (from: string, message: Record<string, unknown>) => {
    const res = await t.simulator(biz, 'POST', '/messages', { from, to: biz.phone_number_id, message });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string };
  };
  const upload = async (owner: DemoFacts, data: Buffer, type: string): Promise<string> => {
    const form = uploadForm({ data, type });
    const res = await t.chatapp.app.inject({ method: 'POST', url: `/v23.0/${owner.phone_number_id}/media`, headers: { ...bearer(owner.access_token), ...form.headers }, payload: form.payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id as string;
  };
  const chatOf = async (waId: string) => (await t.simulator(biz, 'GET', `/users/${waId}/chat?phone_number_id=${biz.phone_number_id}`)).json();
  const waitStatus = async (id: string, status: string) => {
    await receiver.waitFor(() => receiver.statuses(id).some((s) => s.status === status), `the ${status} status of ${id}`);
    return receiver.statuses(id).find((s) => s.status === status)!;
  };
  /** GET /{media-id} and download with the token: the facts and the bytes. */
  const fetchMedia = async (id: string) => {
    const got = await inject('GET', `/v23.0/${id}`);
    expect(got.statusCode, got.body).toBe(200);
    const { pathname, search } = new URL(got.json().url as string);
    const file = await t.chatapp.app.inject({ method: 'GET', url: `${pathname}${search}`, headers: bearer(biz.access_token) });
    expect(file.statusCode).toBe(200);
    return { facts: got.json() as { sha256: string; mime_type: string; file_size: string }, bytes: file.rawPayload, contentType: file.headers['content-type'] };
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    files = await startFileServer();
    const appId = (await t.chatapp.services.accounts.authenticate(biz.access_token)).appId;
    const res = await inject('POST', `/v23.0/${appId}/subscriptions`, { object: 'whatsapp_business_account', callback_url: receiver.url, verify_token: receiver.verifyToken, fields: 'messages' });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await files.close();
  });

  it('sends an uploaded image by id to a user who wrote: sent, delivered, read, and the phone shows it with its caption', async () => {
    // The phone is offline for a second and reads when told to, so no two receipts are due together
    // (receipts claimed in one batch may apply out of order, and a late one is absorbed).
    const user = await t.simulator(biz, 'POST', '/users', { phone: '+44 7700 900201', behaviour: { offlineMs: 1000, readAfterMs: null } });
    expect(user.statusCode, user.body).toBe(200);
    await userWrites('+44 7700 900201', { type: 'text', text: { body: 'send me the picture' } });
    const bytes = samplePng(6, 6);
    const mediaId = await upload(biz, bytes, 'image/png');
    const res = await send({ to: '+44 7700 900201', type: 'image', image: { id: mediaId, caption: 'Here it is 🌿' } });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().messages[0].id as string;
    await waitStatus(id, 'delivered');
    const read = await t.simulator(biz, 'POST', '/users/447700900201/read', { message_id: id });
    expect(read.statusCode, read.body).toBe(200);
    // Webhooks may arrive in any order (spec §4.2); all three come.
    await receiver.waitFor(() => ['sent', 'delivered', 'read'].every((status) => receiver.statuses(id).some((s) => s.status === status)), 'sent, delivered and read');
    expect(receiver.statuses(id).map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent']);

    const shown = await eventually(async () => {
      const message = (await chatOf('447700900201')).messages.find((m: { id: string }) => m.id === id);
      expect(message).toMatchObject({ from: 'business', type: 'image', status: 'read', image: { id: mediaId, caption: 'Here it is 🌿', url: expect.stringMatching(/\/simulator\/media\//) } });
      return message;
    });
    const { pathname } = new URL(shown.image.url as string);
    const file = await t.chatapp.app.inject({ method: 'GET', url: pathname, headers: bearer(biz.access_token) });
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(bytes)).toBe(true);
  });

  it('refuses a send naming an unknown, another business, deleted or wrong-kind media id with 131009 naming the field', async () => {
    await userWrites('+44 7700 900202', { type: 'text', text: { body: 'hi' } });
    const rival = await t.business();
    const theirs = await upload(rival, samplePng(), 'image/png');
    const deleted = await upload(biz, samplePng(), 'image/png');
    expect((await inject('DELETE', `/v23.0/${deleted}`)).statusCode).toBe(200);
    for (const mediaId of ['987654321098765', theirs, deleted]) {
      const res = await send({ to: '+44 7700 900202', type: 'image', image: { id: mediaId } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 131009, error_data: { details: `image.id: ${mediaId} is not a media id of this business, or it has expired or been deleted` } });
    }
    const pdf = await upload(biz, samplePdf(), 'application/pdf');
    const asImage = await send({ to: '+44 7700 900202', type: 'image', image: { id: pdf } });
    expect(asImage.json().error).toMatchObject({ code: 131009, error_data: { details: expect.stringMatching(/^image\.id: media \d+ is application\/pdf, which cannot be sent as an image/) } });
    // Any file may go as a document.
    const png = await upload(biz, samplePng(), 'image/png');
    expect((await send({ to: '+44 7700 900202', type: 'document', document: { id: png, filename: 'green.png' } })).statusCode).toBe(200);
    const stored = await t.chatapp.store.db.selectFrom('messages').select('id').where('wa_id', '=', '447700900202').where('direction', '=', 'out').execute();
    expect(stored).toHaveLength(1);
  });

  it('sends an image by link, which the platform fetches at dispatch (following a redirect), and delivers it', async () => {
    await userWrites('+44 7700 900203', { type: 'text', text: { body: 'hi' } });
    const link = files.url('/moved.png');
    const res = await send({ to: '+44 7700 900203', type: 'image', image: { link, caption: 'by link' } });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().messages[0].id as string;
    // `delivered` may be skipped when the phone reads at once (spec §4.2); `read` comes either way.
    await waitStatus(id, 'read');
    expect(receiver.statuses(id).some((s) => s.status === 'failed')).toBe(false);
    const message = (await chatOf('447700900203')).messages.find((m: { id: string }) => m.id === id);
    expect(message.image).toEqual({ link, caption: 'by link', url: link });
  });

  it('fails a link that answers 404 with 131053 saying why', async () => {
    await userWrites('+44 7700 900204', { type: 'text', text: { body: 'hi' } });
    const res = await send({ to: '+44 7700 900204', type: 'image', image: { link: files.url('/missing.png') } });
    expect(res.statusCode).toBe(200);
    const failed = await waitStatus(res.json().messages[0].id as string, 'failed');
    expect(failed.errors).toEqual([
      expect.objectContaining({ code: 131053, title: 'Media upload error', error_data: { details: 'image.link: the link answered HTTP 404' } }),
    ]);
    expect(failed.pricing).toBeUndefined();
  });

  it('fails links that are not the kind or type they claim, too large, redirected off http(s), or unanswered', async () => {
    await userWrites('+44 7700 900205', { type: 'text', text: { body: 'hi' } });
    const cases = [
      { link: files.url('/page.html'), details: /text\/html, which is not a supported media type/ },
      { link: files.url('/jpeg-as-png'), details: /declared as image\/png but its content is image\/jpeg/ },
      { link: 'http://127.0.0.1:1/nothing.png', details: /could not be fetched/ },
      { link: files.url('/huge.png'), details: /^image\.link: the file is 6291456 bytes; image media may be at most 5242880 bytes$/ },
      { link: files.url('/huge-chunked.png'), details: /larger than 5242880 bytes/ },
      { link: files.url('/to-ftp'), details: /must be http or https, not ftp/ },
    ];
    for (const { link, details } of cases) {
      const res = await send({ to: '+44 7700 900205', type: 'image', image: { link } });
      const failed = await waitStatus(res.json().messages[0].id as string, 'failed');
      expect(failed.errors![0]).toMatchObject({ code: 131053, error_data: { details: expect.stringMatching(details) } });
    }
  });

  it('delivers a user image to the business webhook with a media id the business can GET and download', async () => {
    const { id } = await userWrites('+44 7700 900206', { type: 'image', image: { caption: 'my receipt' } });
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === id), 'the inbound image');
    const entry = receiver.inbound().find((m) => m.id === id)!;
    expect(entry).toMatchObject({ from: '447700900206', type: 'image' });
    const image = entry.image as { id: string; mime_type: string; sha256: string; caption: string };
    expect(Object.keys(image)).toEqual(['caption', 'mime_type', 'sha256', 'id']);
    expect(image).toEqual({ caption: 'my receipt', mime_type: 'image/jpeg', sha256: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/), id: expect.stringMatching(/^\d+$/) });

    const { facts, bytes, contentType } = await fetchMedia(image.id);
    expect(facts.sha256).toBe(Buffer.from(image.sha256, 'base64').toString('hex'));
    expect(sha256(bytes)).toBe(facts.sha256);
    expect(contentType).toBe('image/jpeg');
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    const chat = await chatOf('447700900206');
    expect(chat.messages.at(-1).image).toMatchObject({ id: image.id, caption: 'my receipt', url: expect.stringMatching(/\/simulator\/media\//) });
  });

  it('takes a user file as base64 with its type and filename, and refuses content that is not its type', async () => {
    const pdf = samplePdf('invoice 42');
    const { id } = await userWrites('+44 7700 900207', { type: 'document', document: { data_base64: pdf.toString('base64'), mime_type: 'application/pdf', filename: 'invoice-42.pdf', caption: 'invoice' } });
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === id), 'the inbound document');
    const document = receiver.inbound().find((m) => m.id === id)!.document as Record<string, string>;
    expect(document).toEqual({ caption: 'invoice', filename: 'invoice-42.pdf', mime_type: 'application/pdf', sha256: Buffer.from(sha256(pdf), 'hex').toString('base64'), id: expect.any(String) });
    const { bytes } = await fetchMedia(document.id!);
    expect(bytes.equals(pdf)).toBe(true);

    const sticker = await userWrites('+44 7700 900207', { type: 'sticker', sticker: {} });
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === sticker.id), 'the inbound sticker');
    expect(receiver.inbound().find((m) => m.id === sticker.id)!.sticker).toMatchObject({ mime_type: 'image/webp', animated: false });

    const wrong = await t.simulator(biz, 'POST', '/messages', { from: '+44 7700 900207', to: biz.phone_number_id, message: { type: 'image', image: { data_base64: sampleJpeg().toString('base64'), mime_type: 'image/png' } } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe(131053);
  });

  it('forgets inbound media after 7 days', async () => {
    const { id } = await userWrites('+44 7700 900208', { type: 'audio', audio: { voice: false } });
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === id), 'the inbound audio');
    const audio = receiver.inbound().find((m) => m.id === id)!.audio as { id: string; mime_type: string; voice: boolean };
    expect(audio).toMatchObject({ mime_type: 'audio/mpeg', voice: false });
    t.clock.advance(6 * DAY);
    expect((await inject('GET', `/v23.0/${audio.id}`)).statusCode).toBe(200);
    t.clock.advance(DAY + 1000);
    const gone = await inject('GET', `/v23.0/${audio.id}`);
    expect(gone.statusCode).toBe(400);
    expect(gone.json().error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});
