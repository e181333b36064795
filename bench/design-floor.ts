// The design floor: the least a server may do to accept a send the way issue 3 and DESIGN.md ask —
// a token check, a body schema, the message row and its dispatch job committed in a group with other
// requests' rows, and the log on disk before the answer. Nothing else: no pacing, no pipeline, no
// ORM. chatapp's accepted-send figure is reported beside it, measured in the same run.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { openStore } from '../src/store/database.js';

const TOKEN = process.env.BENCH_TOKEN ?? 'design-floor';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatapp-floor-'));
// chatapp's own tables and indexes, made by its migrations.
const store = openStore({ databaseUrl: undefined, dataDir });
await store.migrate();
await store.close();

const file = path.join(dataDir, 'chatapp.db');
const database = new SQLite(file);
database.pragma('journal_mode = WAL');
database.pragma('synchronous = NORMAL');
const insertMessage = database.prepare(
  'insert into messages (id, business_id, waba_id, phone_number_id, direction, wa_id, input, type, content, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
);
const insertJob = database.prepare(
  'insert into jobs (id, kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
);
const log = fs.openSync(`${file}-wal`, 'r+');

interface Accepted {
  readonly message: unknown[];
  readonly job: unknown[];
  readonly done: () => void;
}
let group: Accepted[] = [];
const commit = database.transaction((rows: Accepted[]) => {
  for (const row of rows) {
    insertMessage.run(row.message);
    insertJob.run(row.job);
  }
});
// Group commit on setImmediate, then the log flushed on the thread pool before anyone is answered.
function flush(): void {
  const rows = group;
  group = [];
  commit(rows);
  fs.fdatasync(log, () => rows.forEach((row) => row.done()));
}
const accept = (message: unknown[], job: unknown[]) =>
  new Promise<void>((done) => {
    if (group.push({ message, job, done }) === 1) setImmediate(flush);
  });

const tokens = new Set([createHash('sha256').update(TOKEN).digest('hex')]);
const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
app.post(
  '/:version/:id/messages',
  {
    schema: {
      body: {
        type: 'object',
        required: ['messaging_product', 'to', 'type', 'text'],
        properties: {
          messaging_product: { const: 'whatsapp' },
          to: { type: 'string', pattern: '^\\+?[0-9 ()-]{5,32}$' },
          type: { const: 'text' },
          text: { type: 'object', required: ['body'], properties: { body: { type: 'string', minLength: 1, maxLength: 4096 } } },
        },
      },
    },
  },
  async (request, reply) => {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token || !tokens.has(createHash('sha256').update(token).digest('hex'))) {
      return reply.code(401).send({ error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190 } });
    }
    const body = request.body as { to: string; text: { body: string } };
    const { id: phoneNumberId } = request.params as { id: string };
    const waId = body.to.replace(/\D/g, '');
    const now = Date.now();
    const id = `wamid.${randomBytes(24).toString('base64')}`;
    await accept(
      [id, 'business', 'waba', phoneNumberId, 'out', waId, body.to, 'text', JSON.stringify(body.text), 'accepted', now, now],
      [`${now}${randomBytes(6).toString('hex')}`, 'message.dispatch', JSON.stringify({ messageId: id }), 'queued', 0, 20, now, now, now],
    );
    return { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: waId }], messages: [{ id }] };
  },
);
process.once('SIGTERM', () => {
  database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
