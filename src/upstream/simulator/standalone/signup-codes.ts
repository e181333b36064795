import { createHash } from 'node:crypto';
import type { Clock } from '../../../core/clock.js';
import { GraphError, invalidParameter } from '../../../core/graph-errors.js';
import { newSecret } from '../../../core/ids.js';
import type { Store } from '../../../store/database.js';
import { listNumbers } from '../directory-store.js';
import type { Caller, SimulatorApps } from './apps.js';

/** What Embedded Signup hands the BSP's page when the business finishes the popup (`POST /simulator/signup_codes`). */
export interface IssuedCode {
  code: string;
  business_id: string;
  waba_id: string;
  phone_number_id: string;
}

interface Pending {
  readonly appId: string;
  readonly expiresAt: number;
  used: boolean;
}

/** Meta's codes are good for 10 minutes (wall time, not the sandbox clock: it is a credential). */
export const CODE_TTL_MS = 10 * 60 * 1000;
const FORGET_AFTER_MS = 24 * 3600 * 1000;
/** Codes held at once; past this the oldest is forgotten. */
const MAX_CODES = 10_000;

const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

/** Meta's words when a code exchange fails: code 100, OAuthException, HTTP 400. */
const refused = (message: string): GraphError => new GraphError('invalidParameter', message, { message });

/**
 * Embedded Signup's codes and their exchange (`GET /oauth/access_token`): a code is issued for a
 * business through an app, and that app, with its secret, trades it once for a new business
 * access token. Held in this process's memory (hashed) — they live 10 minutes and a restart ends
 * the popup's session anyway; behind a balancer, exchange at the process that issued the code.
 */
export class SignupCodes {
  readonly #wall: Clock;
  readonly #store: Store;
  readonly #apps: SimulatorApps;
  readonly #codes = new Map<string, Pending>();

  constructor(options: { wall: Clock; store: Store; apps: SimulatorApps }) {
    this.#wall = options.wall;
    this.#store = options.store;
    this.#apps = options.apps;
  }

  /** A code for the caller's business and app, naming the business's first number and its WABA. */
  async issue(caller: Caller): Promise<IssuedCode> {
    const [number] = await listNumbers(this.#store.db, caller.businessId);
    if (!number) throw invalidParameter('The business has no phone number on the platform yet: add one to a WABA before finishing Embedded Signup');
    const now = this.#wall.now();
    // A code is remembered a day past its expiry, so a late or second exchange hears why it fails.
    for (const [hash, pending] of this.#codes) if (pending.expiresAt + FORGET_AFTER_MS <= now) this.#codes.delete(hash);
    if (this.#codes.size >= MAX_CODES) this.#codes.delete(this.#codes.keys().next().value!);
    const code = newSecret('AQ', 48);
    this.#codes.set(hashCode(code), { appId: caller.appId, expiresAt: now + CODE_TTL_MS, used: false });
    return { code, business_id: caller.businessId, waba_id: number.wabaId, phone_number_id: number.id };
  }

  /**
   * The app's client id and secret and a code it was issued for, traded for a new access token of
   * the code's business. Meta answers a bad secret with code 1 and an unknown app with 101; the
   * simulator answers 100 for every refusal, with Meta's wording.
   */
  async exchange(input: { clientId: string; clientSecret: string; code: string }): Promise<{ access_token: string; token_type: 'bearer' }> {
    const app = await this.#apps.app(input.clientId);
    if (!app) throw refused('Error validating application. Invalid application ID.');
    if (!(await this.#apps.verifySecret(app.id, input.clientSecret))) throw refused('Error validating client secret.');
    const pending = this.#codes.get(hashCode(input.code));
    if (!pending || pending.appId !== app.id) throw refused('Invalid verification code format.');
    if (pending.used) throw refused('This authorization code has been used.');
    if (pending.expiresAt <= this.#wall.now()) throw refused('This authorization code has expired.');
    // Marked before the token is issued: of two exchanges at once, one wins.
    pending.used = true;
    // The app is the business's own (the code was issued through its token), so the token is the business's.
    return { access_token: await this.#apps.issueToken(app.id), token_type: 'bearer' };
  }
}
