import { OutboundHttpClient } from '../core/outbound-http.js';
import { WEBHOOK_TIMEOUT_MS } from './model.js';

export type { PostResult } from '../core/outbound-http.js';

/** chatapp's webhook deliveries and handshakes: the shared outbound client (core/outbound-http.ts) with chatapp's timeout. */
export class WebhookHttpClient extends OutboundHttpClient {
  constructor(options: { timeoutMs?: number } = {}) {
    super({ timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS });
  }
}
