import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Migrator, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClock } from '../../../src/core/clock.js';
import { GraphError } from '../../../src/core/graph-errors.js';
import { sampleJpeg, samplePdf, samplePng } from '../../../src/rules/media/samples.js';
import { openStore, type Store } from '../../../src/store/database.js';
import { migrationProvider } from '../../../src/store/migrations/index.js';
import { SimulatedMedia } from '../../../src/upstream/simulator/media.js';
import { databaseTargets, suiteStore, type FreshDatabase } from '../../helpers/databases.js';

const DAY = 24 * 3600 * 1000;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const owners = { numberOwner: async (id: string) => ({ '1001': 'biz-a', '1002': 'biz-b' })[id] };

const refusal = async (work: Promise<unknown>): Promise<GraphError> => {
  try {
    await work;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected a GraphError');
};

describe.each(databaseTargets)('the simulator’s own media (the port’s media part) on $name', (target) => {
  const store = suiteStore(target);
  const clock = new SandboxClock();
  let media: SimulatedMedia;
  let dataDir: string;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'sim-media-'));
    media = new SimulatedMedia({ store: store(), clock, dataDir, owners });
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps an upload under an id of its own, answers Meta’s GET /{media-id} with a URL it resolves, and serves the bytes', async () => {
    const png = samplePng(5, 5);
    const { id } = await media.upload({ phoneNumberId: '1001', bytes: png, mimeType: 'image/png', filename: 'a.png' });
    const info = await media.getMedia(id);
    expect(info).toEqual({ id, url: expect.stringMatching(new RegExp(`^/simulator/files/${id}\\?exp=\\d+&sig=[\\w-]{43}$`)), mime_type: 'image/png', sha256: sha256(png), file_size: png.length, messaging_product: 'whatsapp' });
    const file = await media.download(info!.url);
    expect(file.mimeType).toBe('image/png');
    expect(file.bytes.equals(png)).toBe(true);
    // Its own folder, apart from chatapp's `media/`.
    expect(fs.existsSync(path.join(dataDir, 'sim-media', id.slice(-2), id))).toBe(true);
    // The business whose number uploaded it may send it; another may not.
    expect(await media.find('biz-a', id)).toMatchObject({ id, origin: 'upload' });
    expect(await media.find('biz-b', id)).toBeUndefined();
  });

  it('puts the public URL in front when it has one', async () => {
    const withBase = new SimulatedMedia({ store: store(), clock, dataDir, owners, publicUrl: 'https://sandbox.example.com/' });
    const { id } = await withBase.upload({ phoneNumberId: '1001', bytes: samplePng(), mimeType: 'image/png' });
    const { url } = (await withBase.getMedia(id))!;
    expect(url).toMatch(new RegExp(`^https://sandbox\\.example\\.com/simulator/files/${id}\\?`));
    expect((await withBase.download(url)).bytes.equals(samplePng())).toBe(true);
  });

  it('refuses an upload as Meta does: content that is not its type (131053), a number it does not know (100)', async () => {
    expect((await refusal(media.upload({ phoneNumberId: '1001', bytes: sampleJpeg(), mimeType: 'image/png' }))).entry.code).toBe(131053);
    expect((await refusal(media.upload({ phoneNumberId: '9999', bytes: samplePng(), mimeType: 'image/png' }))).details).toMatch(/9999 does not exist/);
  });

  it('answers 404 for a URL that expired after 5 minutes, was tampered with, or names a deleted file', async () => {
    const { id } = await media.upload({ phoneNumberId: '1001', bytes: samplePdf(), mimeType: 'application/pdf' });
    const { url } = (await media.getMedia(id))!;
    const tampered = url.replace(/sig=./, (m) => (m.endsWith('A') ? 'sig=B' : 'sig=A'));
    expect((await refusal(media.download(tampered))).entry.code).toBe(100);
    expect((await refusal(media.download(`/simulator/files/${id}`))).entry.code).toBe(100);
    clock.advance(5 * 60 * 1000 + 1000);
    expect((await refusal(media.download(url))).entry.code).toBe(100);

    const fresh = (await media.getMedia(id))!.url;
    await media.deleteMedia(id);
    expect(await media.getMedia(id)).toBeUndefined();
    expect((await refusal(media.download(fresh))).entry.code).toBe(100);
    expect((await refusal(media.deleteMedia(id))).entry).toMatchObject({ code: 100 });
  });

  it('forgets an upload after 30 days and a user’s file after 7 (spec §2)', async () => {
    const uploaded = await media.upload({ phoneNumberId: '1002', bytes: samplePng(), mimeType: 'image/png' });
    const { media: sent, animated } = await media.receiveFromUser({ businessId: 'biz-b', phoneNumberId: '1002', kind: 'image', bytes: sampleJpeg() });
    expect(sent).toMatchObject({ mimeType: 'image/jpeg', origin: 'user' });
    expect(animated).toBe(false);
    clock.advance(7 * DAY);
    expect(await media.getMedia(sent.id)).toBeUndefined();
    expect(await media.getMedia(uploaded.id)).toBeDefined();
    clock.advance(23 * DAY);
    expect(await media.getMedia(uploaded.id)).toBeUndefined();
  });
});

describe.each(databaseTargets)('migration 027 on $name', (target) => {
  let database: FreshDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await target.create();
    store = openStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('copies chatapp’s live media to the simulator, which adopts each file’s bytes when it first reads them', async () => {
    expect((await new Migrator({ db: store.db, provider: migrationProvider }).migrateTo('025-wall-clock-leases')).error).toBeUndefined();
    const clock = new SandboxClock();
    const now = clock.now();
    const pdf = samplePdf('from before');
    const key = '42/1700000000000000042';
    fs.mkdirSync(path.join(database.dataDir, 'media', '42'), { recursive: true });
    fs.writeFileSync(path.join(database.dataDir, 'media', key), pdf);
    const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const row = (id: string, storageKey: string, deletedAt: number | null) => ({
      id, business_id: 'biz-a', phone_number_id: '1001', mime_type: 'application/pdf', sha256: sha256(pdf), file_size: pdf.length, filename: 'old.pdf',
      origin: 'inbound', storage_key: storageKey, created_at: now, expires_at: now + DAY, deleted_at: deletedAt,
    });
    await db.insertInto('media').values([row('1700000000000000042', key, null), row('1700000000000000043', '43/1700000000000000043', now)]).execute();

    expect((await new Migrator({ db: store.db, provider: migrationProvider }).migrateTo('027-sim-media')).error).toBeUndefined();

    const media = new SimulatedMedia({ store, clock, dataDir: database.dataDir, owners });
    expect(await media.getMedia('1700000000000000043')).toBeUndefined();
    expect(await media.find('biz-a', '1700000000000000042')).toMatchObject({ origin: 'user', filename: 'old.pdf' });
    const { url } = (await media.getMedia('1700000000000000042'))!;
    expect((await media.download(url)).bytes.equals(pdf)).toBe(true);
    // Adopted: the simulator's own copy now, whatever becomes of chatapp's.
    fs.rmSync(path.join(database.dataDir, 'media', key));
    expect((await media.download(url)).bytes.equals(pdf)).toBe(true);
    expect(fs.existsSync(path.join(database.dataDir, 'sim-media', key))).toBe(true);
  });
});
