import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * What the connector counts, kept as plain numbers so it runs without a registry (tests, the CLI)
 * and is read into one per app (`/metrics`).
 */
export class MetaCounters {
  readonly handovers = new Map<string, number>();
  readonly errors = new Map<number, number>();
  retries = 0;
  readonly #observers: ((ms: number) => void)[] = [];

  handover(outcome: 'accepted' | 'refused' | 'retry' | 'unknown'): void {
    this.handovers.set(outcome, (this.handovers.get(outcome) ?? 0) + 1);
    if (outcome === 'retry') this.retries++;
  }

  error(code: number): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  register(registry: Registry): void {
    const counters = this;
    new Counter({
      name: 'chatapp_meta_handovers_total',
      help: 'Messages handed to Meta by outcome: accepted, refused (failed with Meta’s code), retry (throttled or transient, tried again), unknown (1390001)',
      labelNames: ['outcome'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [outcome, n] of counters.handovers) this.inc({ outcome }, n);
      },
    });
    new Counter({
      name: 'chatapp_meta_errors_total',
      help: 'Errors Meta’s Graph API answered, by code',
      labelNames: ['code'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [code, n] of counters.errors) this.inc({ code: String(code) }, n);
      },
    });
    new Counter({
      name: 'chatapp_meta_retries_total',
      help: 'Hand-overs Meta throttled or failed transiently, to be tried again',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(counters.retries);
      },
    });
    const lag = new Histogram({
      name: 'chatapp_meta_webhook_lag_seconds',
      help: 'From a webhook delivery’s arrival from Meta to its being applied',
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers: [registry],
    });
    this.#observers.push((ms) => lag.observe(ms / 1000));
  }

  applied(lagMs: number): void {
    for (const observe of this.#observers) observe(lagMs);
  }
}
