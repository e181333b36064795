import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly headers: http.IncomingHttpHeaders;
  /** The exact bytes received, as a string (the bodies are ASCII-only JSON). */
  readonly raw: string;
  readonly json: { object: string; entry: { id: string; time?: number; changes: { field: string; value: Record<string, unknown> }[] }[] };
}

export type ReceiverMode = 'ok' | 'fail' | 'hang';

/**
 * A real HTTP webhook receiver on 127.0.0.1: answers Meta's handshake when the verify token
 * matches, records every POST with its raw bytes, and can be told to fail or hang.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Statuses seen per message id, kept as they arrive so waiting on thousands stays cheap. */
  readonly #statusIndex = new Map<string, Set<string>>();
  mode: ReceiverMode = 'ok';
  /** How long an answer takes (a busy receiver). */
  delayMs = 0;
  verifyToken = 'receiver-verify-token';
  readonly #server: http.Server;
  #waiters: { predicate: () => boolean; resolve: () => void }[] = [];

  private constructor() {
    this.#server = http.createServer((req, res) => this.#handle(req, res));
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.#server.listen(0, '127.0.0.1', resolve));
    void receiver.url;
    return receiver;
  }

  #url = '';

  get url(): string {
    this.#url ||= `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/webhook`;
    return this.#url;
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET') {
      const ok = url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === this.verifyToken;
      res.writeHead(ok ? 200 : 403).end(ok ? url.searchParams.get('hub.challenge') : 'forbidden');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (this.mode === 'hang') return;
      if (this.mode === 'fail') {
        res.writeHead(500).end('down');
        return;
      }
      const raw = Buffer.concat(chunks).toString('latin1');
      const json = JSON.parse(raw) as ReceivedWebhook['json'];
      this.received.push({ headers: req.headers, raw, json });
      for (const change of json.entry.flatMap((e) => e.changes)) {
        for (const status of (change.value.statuses ?? []) as { id: string; status: string }[]) {
          let seen = this.#statusIndex.get(status.id);
          if (!seen) this.#statusIndex.set(status.id, (seen = new Set()));
          seen.add(status.status);
        }
      }
      const answer = () => {
        res.writeHead(200).end('ok');
        this.#check();
      };
      if (this.delayMs > 0) setTimeout(answer, this.delayMs);
      else answer();
    });
  }

  #check(): void {
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.predicate()) return true;
      w.resolve();
      return false;
    });
  }

  /** Every change value received, flattened. */
  values(field = 'messages'): Record<string, unknown>[] {
    return this.received.flatMap((r) => r.json.entry.flatMap((e) => e.changes.filter((c) => c.field === field).map((c) => c.value)));
  }

  /** Status entries received for one message id, in arrival order. */
  statuses(messageId?: string): { id: string; status: string; errors?: { code: number }[]; pricing?: unknown; [k: string]: unknown }[] {
    return this.values()
      .flatMap((v) => (v.statuses ?? []) as { id: string; status: string }[])
      .filter((s) => messageId === undefined || s.id === messageId);
  }

  /** The set of statuses received for one message (sent, delivered, read, failed). */
  statusSet(messageId: string): ReadonlySet<string> {
    return this.#statusIndex.get(messageId) ?? new Set();
  }

  inbound(): { id: string; from: string; type: string; [k: string]: unknown }[] {
    return this.values().flatMap((v) => (v.messages ?? []) as { id: string; from: string; type: string }[]);
  }

  /** Resolves once `predicate` holds, or fails after `timeoutMs` saying what it waited for. */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; received ${this.received.length} webhooks`)), timeoutMs);
      this.#waiters.push({ predicate, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Polls `check` until it stops throwing (for state that settles just after a webhook arrives). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
