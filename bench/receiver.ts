import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A minimal webhook receiver for the end-to-end benchmark: answers the handshake, counts statuses per message. */
export async function startCountingReceiver(verifyToken: string): Promise<{ url: string; seen: Map<string, Set<string>>; inbound: () => number; close(): Promise<void> }> {
  const seen = new Map<string, Set<string>>();
  let inbound = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      const url = new URL(req.url ?? '/', 'http://x');
      res.writeHead(url.searchParams.get('hub.verify_token') === verifyToken ? 200 : 403).end(url.searchParams.get('hub.challenge') ?? '');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { entry: { changes: { value: { statuses?: { id: string; status: string }[]; messages?: unknown[] } }[] }[] };
      for (const entry of body.entry) {
        for (const change of entry.changes) {
          inbound += change.value.messages?.length ?? 0;
          for (const s of change.value.statuses ?? []) {
            let set = seen.get(s.id);
            if (!set) seen.set(s.id, (set = new Set()));
            set.add(s.status);
          }
        }
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    seen,
    inbound: () => inbound,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
