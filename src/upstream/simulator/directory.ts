import { TtlCache } from '../../core/ttl-cache.js';
import type { Store } from '../../store/database.js';
import * as sql from './directory-store.js';
import type { SimNumber, SimWaba } from './directory-store.js';

export type { SimBusiness, SimNumber, SimWaba } from './directory-store.js';

/** Every hand-over and receipt reads its number: a second of staleness is fine, and own writes forget at once. */
const CACHE_MS = 1_000;

/**
 * Meta's records of portfolios, WABAs and numbers (sim_businesses, sim_wabas, sim_phone_numbers):
 * the simulator's own, which it alone changes. Hot reads are cached briefly.
 */
export class SimDirectory {
  readonly #store: Store;
  readonly #numbers = new TtlCache<string, SimNumber | undefined>(CACHE_MS);
  readonly #wabas = new TtlCache<string, SimWaba | undefined>(CACHE_MS);

  constructor(options: { store: Store }) {
    this.#store = options.store;
  }

  number(id: string): Promise<SimNumber | undefined> {
    return this.#numbers.get(id, () => sql.findNumber(this.#store.db, id));
  }

  numberByDigits(digits: string): Promise<SimNumber | undefined> {
    return sql.findNumberByDigits(this.#store.db, digits);
  }

  numbersOf(businessId: string): Promise<SimNumber[]> {
    return sql.listNumbers(this.#store.db, businessId);
  }

  waba(id: string): Promise<SimWaba | undefined> {
    return this.#wabas.get(id, () => sql.findWaba(this.#store.db, id));
  }

  business(id: string): ReturnType<typeof sql.findBusiness> {
    return sql.findBusiness(this.#store.db, id);
  }

  /** Changes a number by `change(current)`; undefined when the number is unknown. */
  async updateNumber(id: string, change: (current: SimNumber) => SimNumber): Promise<SimNumber | undefined> {
    const current = await sql.findNumber(this.#store.db, id);
    if (!current) return undefined;
    const next = change(current);
    await sql.saveNumber(this.#store.db, next);
    this.#numbers.delete(id);
    return next;
  }

  async insertNumber(n: SimNumber): Promise<void> {
    await sql.insertNumber(this.#store.db, n);
    this.#numbers.delete(n.id);
  }

  async setAccountReview(wabaId: string, status: string): Promise<void> {
    await sql.setAccountReview(this.#store.db, wabaId, status);
    this.#wabas.delete(wabaId);
  }
}
