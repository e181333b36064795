// `npm run bench`: figures measured against a running chatapp (SQLite), each beside bare Fastify
// measured in the same run, interleaved (spec/performance.md: absolute figures drift on these machines).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, median, startProcess, writeResult, type LoadResult } from './lib.js';
import { startCountingReceiver } from './receiver.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const E2E_MESSAGES = Number(process.env.BENCH_E2E_MESSAGES ?? 5000);
const CONNECTIONS = 50;
// BENCH_ONLY=load or BENCH_ONLY=e2e runs one part; BENCH_CPU_PROFILE=<dir> writes chatapp's CPU profile there.
const ONLY = process.env.BENCH_ONLY;
class Skip extends Error {}
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const root = path.join(import.meta.dirname, '..');

// The figures of the run before this one, reported beside this run's (bench/results/latest.json).
const previousFile = path.join(root, 'bench/results/latest.json');
const previous = fs.existsSync(previousFile)
  ? (JSON.parse(fs.readFileSync(previousFile, 'utf8')) as { date?: string; bare_fastify?: { requests_per_second: number }; end_to_end?: { messages_per_second: number } })
  : undefined;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatapp-bench-'));
const bare = await startProcess('node', ['--import', 'tsx', path.join(root, 'bench/bare-fastify.ts')], {}, /listening (http:\/\/\S+)/);
const chatapp = await startProcess(
  'node',
  [...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`] : []), path.join(root, 'bin/chatapp.js'), 'serve'],
  { PORT: '0', CHATAPP_DATA_DIR: dataDir, LOG_LEVEL: 'warn', CHATAPP_SIM_DELIVERY_MS: '50', CHATAPP_SIM_READ_MS: '50' },
  /API base URL\s+(http:\/\/\S+)\/v/,
);
const out = chatapp.output();
const token = /Access token\s+(\S+)/.exec(out)![1]!;
const waba = /WABA id\s+(\S+)/.exec(out)![1]!;
const phone = /Phone number id\s+(\d+)/.exec(out)![1]!;
const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
// The least a server may do to accept a send durably, as the design asks (bench/design-floor.ts).
const designFloor = await startProcess('node', ['--import', 'tsx', path.join(root, 'bench/design-floor.ts')], { BENCH_TOKEN: token }, /listening (http:\/\/\S+)/);
const api = async (p: string, init: { method?: string; body?: unknown } = {}) => {
  const res = await fetch(`${chatapp.url}${p}`, { method: init.method ?? 'GET', headers: auth, ...(init.body ? { body: JSON.stringify(init.body) } : {}) });
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
};

// The number runs at Meta's top throughput level (1,000 messages a second), which chatapp paces to.
await api(`/simulator/numbers/${phone}/throughput`, { method: 'POST', body: { level: 'HIGH' } });
// Users who wrote first, so free-form text is inside their customer service window; enough of
// them that no one receives more than the pair rate's burst of 45 in the whole run.
const users = Array.from({ length: 1_500 }, (_, i) => `4915200${String(i).padStart(5, '0')}`);
for (const from of users) await api('/simulator/messages', { method: 'POST', body: { from: `+${from}`, to: phone, message: { type: 'text', text: { body: 'hi' } } } });
let sent = 0;
const sendBody = (i: number) => JSON.stringify({ messaging_product: 'whatsapp', to: `+${users[i % users.length]}`, type: 'text', text: { body: `bench ${i}` } });
const nextSendBody = () => sendBody(sent++);

const runs: { bare: LoadResult[]; designFloor: LoadResult[]; send: LoadResult[]; read: LoadResult[] } = { bare: [], designFloor: [], send: [], read: [] };
let e2e: { messages: number; seconds: number; accepted_in_seconds: number; messages_per_second: number; complete: number } | undefined;
try {
  for (let round = 0; round < (ONLY === 'e2e' ? 0 : ROUNDS); round++) {
    runs.bare.push(await load({ url: `${bare.url}/v23.0/${phone}/messages`, method: 'POST', connections: CONNECTIONS, seconds: SECONDS, headers: auth, body: sendBody(round) }));
    runs.designFloor.push(await load({ url: `${designFloor.url}/v23.0/${phone}/messages`, method: 'POST', connections: CONNECTIONS, seconds: SECONDS, headers: auth, bodyFor: sendBody }));
    // Each run starts from an idle server: the previous run's dispatch, receipts and webhooks are done.
    await waitForIdle();
    runs.send.push(await load({ url: `${chatapp.url}/v23.0/${phone}/messages`, method: 'POST', connections: CONNECTIONS, seconds: SECONDS, headers: auth, bodyFor: nextSendBody }));
    await waitForIdle();
    runs.read.push(await load({ url: `${chatapp.url}/v23.0/${waba}/phone_numbers`, connections: CONNECTIONS, seconds: SECONDS, headers: auth }));
  }

  // End to end: N sends → every sent, delivered and read webhook at a local receiver.
  await waitForIdle();
  if (ONLY === 'load') throw new Skip();
  const receiver = await startCountingReceiver('bench-verify');
  const apps = (await api(`/v23.0/${waba}/subscribed_apps`)) as { data: { whatsapp_business_api_data: { id: string } }[] };
  await api(`/v23.0/${apps.data[0]!.whatsapp_business_api_data.id}/subscriptions`, {
    method: 'POST',
    body: { object: 'whatsapp_business_account', callback_url: receiver.url, verify_token: 'bench-verify', fields: 'messages' },
  });
  const ids: string[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < E2E_MESSAGES) {
        next++;
        const res = await fetch(`${chatapp.url}/v23.0/${phone}/messages`, { method: 'POST', headers: auth, body: nextSendBody() });
        ids.push(((await res.json()) as { messages: { id: string }[] }).messages[0]!.id);
      }
    }),
  );
  const acceptedIn = (performance.now() - started) / 1000;
  const complete = () => ids.filter((id) => receiver.seen.get(id)?.size === 3).length;
  const deadline = performance.now() + 300_000;
  while (complete() < ids.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - started) / 1000;
  e2e = { messages: ids.length, seconds: Number(seconds.toFixed(2)), accepted_in_seconds: Number(acceptedIn.toFixed(2)), messages_per_second: Math.round(complete() / seconds), complete: complete() };
  await receiver.close();
} catch (error) {
  if (!(error instanceof Skip)) throw error;
} finally {
  bare.child.kill('SIGTERM');
  designFloor.child.kill('SIGTERM');
  chatapp.child.kill('SIGTERM');
}

/** Waits until the server has worked off the load phase (its job queue is empty). */
async function waitForIdle(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const metrics = await (await fetch(`${chatapp.url}/metrics`)).text();
    const queued = /chatapp_jobs\{status="queued"\} (\d+)/.exec(metrics);
    if (!queued || Number(queued[1]) === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

const summary = (results: LoadResult[]) => ({
  requests_per_second: Math.round(median(results.map((r) => r.requestsPerSecond))),
  p50_ms: median(results.map((r) => r.p50Ms)),
  p99_ms: median(results.map((r) => r.p99Ms)),
  non_2xx: results.reduce((n, r) => n + r.non2xx + r.errors, 0),
});
const floor = summary(runs.bare);
const design = summary(runs.designFloor);
const send = summary(runs.send);
const read = summary(runs.read);
const ratio = (x: { requests_per_second: number }) => Number((x.requests_per_second / floor.requests_per_second).toFixed(2));
const result = {
  date: new Date().toISOString(),
  connections: CONNECTIONS,
  seconds_per_run: SECONDS,
  rounds: ROUNDS,
  bare_fastify: floor,
  design_floor: { ...design, ratio_to_bare: ratio(design) },
  accepted_text_sends: { ...send, ratio_to_bare: ratio(send), ratio_to_design_floor: Number((send.requests_per_second / design.requests_per_second).toFixed(2)) },
  graph_read_phone_numbers: { ...read, ratio_to_bare: ratio(read) },
  end_to_end: e2e,
  // The last run's end to end beside this one's, with the floor each was measured beside (figures drift between runs).
  previous_run: previous && { date: previous.date, bare_fastify_requests_per_second: previous.bare_fastify?.requests_per_second, end_to_end_messages_per_second: previous.end_to_end?.messages_per_second },
};
// A partial run (BENCH_ONLY) is printed but never replaces the full figures.
const file = writeResult(ONLY ? `partial-${ONLY}` : 'latest', result);
process.stdout.write(
  [
    `| benchmark (${CONNECTIONS} connections, median of ${ROUNDS} × ${SECONDS} s) | req/s | p50 ms | p99 ms | vs bare Fastify |`,
    '|---|---|---|---|---|',
    `| bare Fastify POST (floor, same run) | ${floor.requests_per_second} | ${floor.p50_ms} | ${floor.p99_ms} | 1.00 |`,
    `| design floor: token, body schema, message and job rows group-committed, log flushed (\`bench/design-floor.ts\`) | ${design.requests_per_second} | ${design.p50_ms} | ${design.p99_ms} | ${ratio(design)} |`,
    `| accepted text sends \`POST /{phone-number-id}/messages\` (SQLite, durable) | ${send.requests_per_second} | ${send.p50_ms} | ${send.p99_ms} | ${ratio(send)} |`,
    `| \`GET /{waba}/phone_numbers\` | ${read.requests_per_second} | ${read.p50_ms} | ${read.p99_ms} | ${ratio(read)} |`,
    '',
    e2e ? `End to end: ${e2e.complete} of ${e2e.messages} sends (all accepted after ${e2e.accepted_in_seconds} s) with sent, delivered and read webhooks received in ${e2e.seconds} s = **${e2e.messages_per_second} messages/s**.` : '',
    '',
    `written to ${path.relative(root, file)}`,
    '',
  ].join('\n'),
);
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
