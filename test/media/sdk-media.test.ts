import { createHash } from 'node:crypto';
import { WhatsAppClient } from '@kapso/whatsapp-cloud-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { samplePng } from '../../src/rules/media/samples.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';

// The media calls of a real Cloud API SDK from npm: its upload sends the bytes as an untyped blob
// and names the type in the `type` field, as many clients do.
describe.each(databaseTargets)('media through a Cloud API SDK on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let client: WhatsAppClient;

  beforeAll(async () => {
    t = await startTestChatapp(target);
    const baseUrl = await t.listen();
    biz = await t.business();
    client = new WhatsAppClient({ accessToken: biz.access_token, baseUrl, graphVersion: 'v23.0' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('uploads, reads, downloads and deletes media', async () => {
    const bytes = samplePng(10, 10);
    const uploaded = await client.media.upload({ phoneNumberId: biz.phone_number_id, type: 'image/png', file: bytes, fileName: 'green.png' });
    expect(uploaded.id).toMatch(/^\d+$/);
    const meta = (await client.media.get({ mediaId: uploaded.id })) as unknown as Record<string, unknown>;
    expect(meta).toMatchObject({ mimeType: 'image/png', sha256: createHash('sha256').update(bytes).digest('hex'), id: uploaded.id });
    const downloaded = (await client.media.download({ mediaId: uploaded.id, auth: 'always' })) as ArrayBuffer;
    expect(Buffer.from(downloaded).equals(bytes)).toBe(true);
    expect(await client.media.delete({ mediaId: uploaded.id })).toMatchObject({ success: true });
    await expect(client.media.get({ mediaId: uploaded.id })).rejects.toThrow();
  });
});
