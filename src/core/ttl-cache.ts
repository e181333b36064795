/**
 * A small, bounded cache of values that may be a little stale: hot-path reads of rows that change
 * rarely (a number, a WABA's webhook routes). Entries live `ttlMs` of real time; past `max` entries
 * the oldest goes. Loads of one key at the same moment share one promise.
 */
export class TtlCache<K, V> {
  readonly #entries = new Map<K, { until: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  get(key: K, load: () => Promise<V>): Promise<V> {
    const now = performance.now();
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = load();
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { until: now + this.ttlMs, value });
    // A failed load is not remembered.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
