import type { SecretBox } from '../../core/secret-box.js';
import { GraphError } from '../../core/graph-errors.js';
import { TtlCache } from '../../core/ttl-cache.js';
import type { Store } from '../../store/database.js';
import type { Owner } from '../types.js';
import * as sql from './store.js';

/**
 * The business tokens that reach each linked WABA at Meta, sealed at rest and opened only to call
 * Meta (never logged, never shown again). A number's token is its WABA's.
 */
export class MetaLinks {
  readonly #o: { store: Store; box: SecretBox };
  readonly #tokens = new TtlCache<string, string | undefined>(30_000);
  readonly #wabas = new TtlCache<string, string | undefined>(30_000);

  constructor(options: { store: Store; box: SecretBox }) {
    this.#o = options;
  }

  async link(input: { wabaId: string; businessId: string; token: string; now: number }): Promise<void> {
    await sql.saveLink(this.#o.store.db, { wabaId: input.wabaId, businessId: input.businessId, tokenSealed: this.#o.box.seal(input.token), now: input.now });
    this.#tokens.delete(input.wabaId);
  }

  async unlink(wabaId: string): Promise<void> {
    await sql.deleteLink(this.#o.store.db, wabaId);
    this.#tokens.delete(wabaId);
  }

  list(): Promise<{ wabaId: string; businessId: string }[]> {
    return sql.listLinks(this.#o.store.db).then((links) => links.map(({ wabaId, businessId }) => ({ wabaId, businessId })));
  }

  async businessOf(wabaId: string): Promise<string | undefined> {
    return (await sql.findLink(this.#o.store.db, wabaId))?.businessId;
  }

  /** The token for a WABA, a number (its WABA's) or an owner; a clear error when none is linked. */
  async token(of: Owner): Promise<string> {
    const wabaId = 'wabaId' in of ? of.wabaId : await this.#wabas.get(of.phoneNumberId, () => sql.wabaOfNumber(this.#o.store.db, of.phoneNumberId));
    const token = wabaId === undefined ? undefined : await this.#tokens.get(wabaId, async () => {
      const link = await sql.findLink(this.#o.store.db, wabaId);
      return link && this.#o.box.open(link.tokenSealed);
    });
    if (token === undefined) {
      const named = 'wabaId' in of ? `WABA ${of.wabaId}` : `phone number ${of.phoneNumberId}`;
      throw new GraphError('permissionDenied', `No business token is linked for ${named}: link its WABA with \`chatapp link --waba-id … --access-token …\``);
    }
    return token;
  }

  /** A number learnt before chatapp's mirror has it (added, or read while linking). */
  remember(phoneNumberId: string, wabaId: string): void {
    this.#wabas.delete(phoneNumberId);
    void this.#wabas.get(phoneNumberId, async () => wabaId);
  }
}
