import { createHash, randomInt } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { GraphError } from '../../core/graph-errors.js';
import { newGraphId } from '../../core/ids.js';
import type { Store } from '../../store/database.js';

const MINUTE = 60 * 1000;
/** A verification code is good for 10 minutes and 5 tries. */
export const CODE_TTL_MS = 10 * MINUTE;
export const CODE_TRIES = 5;
/** After 5 wrong PINs the number's registration is locked for 12 hours (133008). */
const PIN_GUESSES = 5;
const PIN_LOCK_MS = 12 * 60 * MINUTE;

const hashPin = (phoneNumberId: string, pin: string): string => createHash('sha256').update(`${phoneNumberId}:${pin}`).digest('hex');

/**
 * Meta's side of a number's lifecycle, simulated: it sends verification codes (kept where the
 * sandbox can read them, as if from the phone), checks them, and holds each number's two-step PIN.
 */
export class SimulatedNumberRegistry {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(options: { store: Store; clock: Clock }) {
    this.#store = options.store;
    this.#clock = options.clock;
  }

  async requestCode(input: { phoneNumberId: string; method: 'SMS' | 'VOICE' }): Promise<void> {
    const now = this.#clock.now();
    await this.#store.db
      .insertInto('sim_verification_codes')
      .values({
        id: newGraphId(this.#clock),
        phone_number_id: input.phoneNumberId,
        code: String(randomInt(0, 1_000_000)).padStart(6, '0'),
        method: input.method,
        sent_at: now,
        expires_at: now + CODE_TTL_MS,
        failed_attempts: 0,
        used_at: null,
      })
      .execute();
  }

  /** The codes sent to a number, newest first: what its SIM received. */
  async codes(phoneNumberId: string): Promise<{ code: string; method: string; sent_at: number }[]> {
    const rows = await this.#store.db.selectFrom('sim_verification_codes').selectAll().where('phone_number_id', '=', phoneNumberId).orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(20).execute();
    return rows.map((r) => ({ code: r.code, method: r.method, sent_at: Math.floor(r.sent_at / 1000) }));
  }

  /** Checks a code against the newest one sent: wrong, expired and used-up codes are refused (136025). */
  async verifyCode(input: { phoneNumberId: string; code: string }): Promise<void> {
    const now = this.#clock.now();
    const latest = await this.#store.db.selectFrom('sim_verification_codes').selectAll().where('phone_number_id', '=', input.phoneNumberId).orderBy('sent_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
    if (!latest || latest.used_at !== null) throw new GraphError('verifyCodeError', 'No verification code is outstanding for this number; call request_code first');
    if (latest.expires_at <= now) throw new GraphError('verifyCodeError', 'The verification code expired (codes are valid 10 minutes); request a new one');
    if (latest.failed_attempts >= CODE_TRIES) throw new GraphError('verifyCodeError', `Too many wrong tries (${CODE_TRIES}) for this code; request a new one`);
    if (latest.code !== input.code) {
      await this.#store.db.updateTable('sim_verification_codes').set({ failed_attempts: latest.failed_attempts + 1 }).where('id', '=', latest.id).execute();
      const left = CODE_TRIES - latest.failed_attempts - 1;
      throw new GraphError('verifyCodeError', left > 0 ? `The code is wrong; ${left} ${left === 1 ? 'try' : 'tries'} left` : 'The code is wrong, and that was the last try; request a new code');
    }
    await this.#store.db.updateTable('sim_verification_codes').set({ used_at: now }).where('id', '=', latest.id).execute();
  }

  /**
   * The two-step PIN at registration: the first one sets it; afterwards it must match (133005),
   * and five wrong guesses lock registration for 12 hours (133008).
   */
  async checkPin(input: { phoneNumberId: string; pin: string }): Promise<void> {
    const now = this.#clock.now();
    const stored = await this.#store.db.selectFrom('sim_number_pins').selectAll().where('phone_number_id', '=', input.phoneNumberId).executeTakeFirst();
    if (!stored) {
      await this.setPin(input);
      return;
    }
    if (stored.locked_until !== null && stored.locked_until > now) {
      throw new GraphError('tooManyPinGuesses', `Too many wrong PINs; registration is locked until ${new Date(stored.locked_until).toISOString()}`);
    }
    if (stored.pin_hash !== hashPin(input.phoneNumberId, input.pin)) {
      const failed = stored.failed_guesses + 1;
      const locked = failed >= PIN_GUESSES;
      await this.#store.db
        .updateTable('sim_number_pins')
        .set({ failed_guesses: locked ? 0 : failed, locked_until: locked ? now + PIN_LOCK_MS : null })
        .where('phone_number_id', '=', input.phoneNumberId)
        .execute();
      if (locked) throw new GraphError('tooManyPinGuesses', 'Too many wrong PINs; registration is locked for 12 hours');
      throw new GraphError('pinMismatch', `The PIN does not match this number's two-step verification PIN; ${PIN_GUESSES - failed} tries left`);
    }
    await this.#store.db.updateTable('sim_number_pins').set({ failed_guesses: 0, locked_until: null }).where('phone_number_id', '=', input.phoneNumberId).execute();
  }

  async setPin(input: { phoneNumberId: string; pin: string }): Promise<void> {
    const pinHash = hashPin(input.phoneNumberId, input.pin);
    await this.#store.db
      .insertInto('sim_number_pins')
      .values({ phone_number_id: input.phoneNumberId, pin_hash: pinHash, failed_guesses: 0, locked_until: null })
      .onConflict((oc) => oc.column('phone_number_id').doUpdateSet({ pin_hash: pinHash, failed_guesses: 0, locked_until: null }))
      .execute();
  }
}
