import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { asBusinessId } from '../../src/core/brand.js';
import type { DemoFacts } from '../../src/demo/service.js';
import { samplePdf, samplePng } from '../../src/rules/media/samples.js';
import { SimulatedMedia } from '../../src/upstream/simulator/media.js';
import { bearer, startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { eventually, WebhookReceiver } from '../helpers/receiver.js';
import { uploadForm } from './multipart.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Media on both sides of the seam (issue 14): the simulator holds Meta's files; chatapp keeps its
 * own copy, fed only through the port — a business's upload is handed over and named by the
 * upstream's id, and a user's file is fetched through the upstream before its webhook goes out.
 */
describe.each(databaseTargets)('media kept on both sides of the upstream on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.chatapp.app.inject({ method, url, headers: bearer(biz.access_token), ...(payload === undefined ? {} : { payload }) });
  const send = (message: Record<string, unknown>) => inject('POST', `/v23.0/${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', ...message });
  const userWrites = async (from: string, message: Record<string, unknown>): Promise<string> => {
    const res = await t.simulator(biz, 'POST', '/messages', { from, to: biz.phone_number_id, message });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { id: string }).id;
  };
  const upload = async (data: Buffer, type: string): Promise<string> => {
    const form = uploadForm({ data, type });
    const res = await t.chatapp.app.inject({ method: 'POST', url: `/v23.0/${biz.phone_number_id}/media`, headers: { ...bearer(biz.access_token), ...form.headers }, payload: form.payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id as string;
  };
  /** `GET /{media-id}` on chatapp, then its URL with the token: the facts and the bytes. */
  const download = async (id: string) => {
    const got = await inject('GET', `/v23.0/${id}`);
    expect(got.statusCode, got.body).toBe(200);
    const { pathname, search } = new URL(got.json().url as string);
    const file = await inject('GET', `${pathname}${search}`);
    expect(file.statusCode).toBe(200);
    return { facts: got.json() as { id: string; sha256: string; mime_type: string; file_size: string }, bytes: file.rawPayload };
  };
  const inboundMessage = async (id: string) => {
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === id), `the inbound message ${id}`);
    return receiver.inbound().find((m) => m.id === id)!;
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    await t.subscribe(biz, receiver, 'messages');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('delivers a user’s photo to the business webhook with an id whose GET /{media-id} on chatapp downloads the same bytes', async () => {
    const photo = samplePng(12, 9, [0x12, 0x8c, 0x7e]);
    const id = await userWrites('+44 7700 900301', { type: 'image', image: { data_base64: photo.toString('base64'), mime_type: 'image/png', caption: 'the shelf' } });
    const image = (await inboundMessage(id)).image as { id: string; sha256: string; mime_type: string; caption: string };
    expect(image).toEqual({ caption: 'the shelf', mime_type: 'image/png', sha256: createHash('sha256').update(photo).digest('base64'), id: expect.stringMatching(/^\d+$/) });

    const { facts, bytes } = await download(image.id);
    expect(facts).toMatchObject({ id: image.id, mime_type: 'image/png', sha256: sha256(photo), file_size: String(photo.length) });
    expect(sha256(bytes)).toBe(sha256(photo));
    // The phone shows the same file, from the simulator's own store.
    const chat = (await t.simulator(biz, 'GET', `/users/447700900301/chat?phone_number_id=${biz.phone_number_id}`)).json();
    const shown = chat.messages.find((m: { id: string }) => m.id === id);
    const onPhone = await t.simulator(biz, 'GET', new URL(shown.image.url as string).pathname.replace(/^\/simulator/, ''));
    expect(onPhone.statusCode).toBe(200);
    expect(onPhone.rawPayload.equals(photo)).toBe(true);
  });

  it('names an upload by the upstream’s id, so a send by that id is delivered and the phone shows the file', async () => {
    await userWrites('+44 7700 900302', { type: 'text', text: { body: 'the brochure, please' } });
    const pdf = samplePdf('brochure 2027');
    const mediaId = await upload(pdf, 'application/pdf');
    const res = await send({ to: '+44 7700 900302', type: 'document', document: { id: mediaId, filename: 'brochure.pdf' } });
    expect(res.statusCode, res.body).toBe(200);
    const wamid = res.json().messages[0].id as string;
    await receiver.waitFor(() => receiver.statusSet(wamid).has('read') || receiver.statusSet(wamid).has('delivered'), 'the document delivered');
    expect(receiver.statusSet(wamid).has('failed')).toBe(false);

    const shown = await eventually(async () => {
      const chat = (await t.simulator(biz, 'GET', `/users/447700900302/chat?phone_number_id=${biz.phone_number_id}`)).json();
      const message = chat.messages.find((m: { id: string }) => m.id === wamid);
      expect(message).toMatchObject({ from: 'business', type: 'document', document: { id: mediaId } });
      return message;
    });
    const onPhone = await t.simulator(biz, 'GET', new URL(shown.document.url as string).pathname.replace(/^\/simulator/, ''));
    expect(onPhone.statusCode).toBe(200);
    expect(onPhone.headers['content-type']).toBe('application/pdf');
    expect(onPhone.rawPayload.equals(pdf)).toBe(true);
  });

  it('fails a send by id with 131053 in a status webhook when the media was deleted after the send was accepted', async () => {
    const user = '447700900303';
    // Offline: the burst below earns `sent` statuses only, not three webhooks a message.
    expect((await t.simulator(biz, 'POST', '/users', { phone: `+${user}`, behaviour: { offlineMs: 3_600_000, readAfterMs: null } })).statusCode).toBe(200);
    await userWrites(`+${user}`, { type: 'text', text: { body: 'hi' } });
    // 45 messages use up the pair rate's burst: the next one is handed over 6 s later (sandbox clock).
    const burst = await Promise.all(Array.from({ length: 45 }, (_, i) => send({ to: user, type: 'text', text: { body: `line ${i}` } })));
    expect(burst.map((r) => r.statusCode)).toEqual(Array(45).fill(200));
    const mediaId = await upload(samplePng(), 'image/png');
    const res = await send({ to: user, type: 'image', image: { id: mediaId } });
    expect(res.statusCode, res.body).toBe(200);
    const wamid = res.json().messages[0].id as string;
    expect((await inject('DELETE', `/v23.0/${mediaId}`)).json()).toEqual({ success: true });
    expect((await inject('GET', `/v23.0/${mediaId}`)).json().error).toMatchObject({ code: 100, error_subcode: 33 });

    await t.advance(7, biz);
    await receiver.waitFor(() => receiver.statusSet(wamid).has('failed'), 'the failed status');
    const failed = receiver.statuses(wamid).find((s) => s.status === 'failed')!;
    expect(failed.errors).toEqual([expect.objectContaining({ code: 131053, error_data: { details: `image.id: media ${mediaId} is no longer available (deleted or expired)` } })]);
    // A later send by the deleted id is refused at once, from chatapp's own record.
    expect((await send({ to: user, type: 'image', image: { id: mediaId } })).json().error).toMatchObject({ code: 131009 });
  });

  it('still delivers a user’s file whose first download from the upstream fails: stored at once, fetched again, then published', async () => {
    // The first try, as the message arrives, and the job's first both fail; the job's retry gets it.
    const failing = vi
      .spyOn(SimulatedMedia.prototype, 'download')
      .mockRejectedValueOnce(new Error('connection reset by the upstream'))
      .mockRejectedValueOnce(new Error('connection reset by the upstream'));
    const pdf = samplePdf('signed contract');
    const id = await userWrites('+44 7700 900304', { type: 'document', document: { data_base64: pdf.toString('base64'), mime_type: 'application/pdf', filename: 'contract.pdf' } });
    // The message is kept at once, before its file is in: the console's inbox already shows it.
    await eventually(async () => expect(await t.chatapp.services.messaging.getMessage(asBusinessId(biz.business_id), id)).toMatchObject({ id, type: 'document' }));

    const document = (await inboundMessage(id)).document as { id: string; filename: string; sha256: string };
    expect(failing.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(document).toMatchObject({ filename: 'contract.pdf', sha256: createHash('sha256').update(pdf).digest('base64') });
    const { facts, bytes } = await download(document.id);
    expect(facts.sha256).toBe(sha256(pdf));
    expect(bytes.equals(pdf)).toBe(true);
    expect(receiver.inbound().filter((m) => m.id === id)).toHaveLength(1);
  });

  it('publishes the message without its file once the retries run out (about 20 minutes), and the id answers not found', async () => {
    const failing = vi.spyOn(SimulatedMedia.prototype, 'download').mockRejectedValue(new Error('the upstream is down'));
    const id = await userWrites('+44 7700 900305', { type: 'image', image: { caption: 'never fetched' } });
    // Each retry comes due on the sandbox clock: moving it on runs the next at once.
    await eventually(async () => {
      if (!receiver.inbound().some((m) => m.id === id)) {
        await t.advance(300, biz);
        throw new Error('not yet');
      }
    }, 30_000);
    expect(failing.mock.calls.length).toBe(1 + 12);
    const image = receiver.inbound().find((m) => m.id === id)!.image as { id: string; caption: string };
    expect(image.caption).toBe('never fetched');
    expect((await inject('GET', `/v23.0/${image.id}`)).json().error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});
