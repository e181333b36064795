import { Type } from '@sinclair/typebox';
import type { AccountsService } from '../accounts/service.js';
import { asPhoneNumberId, type BusinessId, type PhoneNumberId, type WabaId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { GraphError, invalidParameter } from '../core/graph-errors.js';
import { formatDisplayNumber, parseInternational } from '../core/phone.js';
import type { Store } from '../store/database.js';
import type { GroupCommitter } from '../store/group-commit.js';
import { defineJob } from '../store/queue.js';
import { applyNameDecision, registeredStatuses, requireCode, requireCodeMethod, requireDisplayName, requirePin } from '../rules/numbers.js';
import type { Upstream, UpstreamChange } from '../upstream/types.js';
import type { WebhooksService } from '../webhooks/service.js';
import { CONNECTED_NUMBERS_LIMIT, registrationSlot } from './lifecycle.js';
import type { PhoneNumber } from './model.js';
import type { NumbersService } from './service.js';
import * as sql from './store.js';

/**
 * Handing a display name to Meta's side for review. Names now go to Meta's side with the request
 * that asks for them; the job stays for those an earlier version queued.
 */
export const submitName = defineJob({
  kind: 'number.submit_name',
  payload: Type.Object({ phoneNumberId: Type.String(), name: Type.String(), submittedAt: Type.Number() }),
  maxAttempts: 20,
  backoff: { baseMs: 1_000, maxMs: 300_000 },
  timeoutMs: 15_000,
});

export interface OnboardingOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly committer: GroupCommitter;
  readonly numbers: NumbersService;
  readonly accounts: AccountsService;
  readonly webhooks: WebhooksService;
  /** Meta's side: the number's codes, registration, PIN and display-name review happen there. */
  readonly upstream: Pick<Upstream, 'addPhoneNumber' | 'requestCode' | 'verifyCode' | 'register' | 'deregister' | 'setPin' | 'requestDisplayName'>;
}

/**
 * A phone number's way to CONNECTED, as Meta's Graph API takes it (spec §8.1): added to a WABA
 * with a display name (reviewed), its ownership verified with a code, registered with a two-step
 * PIN; deregistered, re-registered, renamed. Each step refuses to run out of order.
 */
export class NumberOnboarding {
  readonly #o: OnboardingOptions;

  constructor(options: OnboardingOptions) {
    this.#o = options;
  }

  /** `POST /{waba-id}/phone_numbers {cc, phone_number, verified_name}` → the new number, PENDING. */
  async addNumber(businessId: BusinessId, wabaId: WabaId, params: Record<string, unknown>): Promise<PhoneNumber> {
    const cc = String(params.cc ?? '').replace(/\D/g, '');
    const national = String(params.phone_number ?? '').replace(/\D/g, '');
    if (!cc || !national) throw invalidParameter('cc and phone_number are required (the country calling code, and the number without it)');
    const parsed = parseInternational(`+${cc}${national}`);
    if (!parsed) throw invalidParameter(`+${cc} ${national} is not a valid phone number`);
    const verifiedName = requireDisplayName(params.verified_name, 'verified_name');
    await this.#o.numbers.getWaba(businessId, wabaId);
    const display = formatDisplayNumber(parsed.digits);
    if (await sql.phoneNumberTaken(this.#o.store.db, display)) throw invalidParameter(`${display} is already on the platform`);
    // Meta names the number and reviews its display name; chatapp keeps what it answers.
    const { id } = await this.#o.upstream.addPhoneNumber(wabaId, { cc, phoneNumber: national, verifiedName });
    return this.#o.numbers.mirrorNumber(businessId, wabaId, asPhoneNumberId(id));
  }

  async requestCode(businessId: BusinessId, id: PhoneNumberId, params: Record<string, unknown>): Promise<void> {
    const number = await this.#o.numbers.getPhoneNumber(businessId, id);
    const method = requireCodeMethod(params.code_method);
    if (number.codeVerificationStatus === 'VERIFIED' && number.status === 'CONNECTED') {
      throw invalidParameter('This number is registered and its ownership verified; there is no code to request');
    }
    await this.#o.upstream.requestCode(id, { method, language: 'en_US' });
  }

  async verifyCode(businessId: BusinessId, id: PhoneNumberId, params: Record<string, unknown>): Promise<void> {
    const number = await this.#o.numbers.getPhoneNumber(businessId, id);
    await this.#o.upstream.verifyCode(id, requireCode(params.code));
    await this.#o.numbers.mirrorNumber(businessId, number.wabaId, id);
  }

  /** `POST /{id}/register {messaging_product, pin}`: ownership verified first; the PIN is set or checked. */
  async register(businessId: BusinessId, id: PhoneNumberId, params: Record<string, unknown>): Promise<void> {
    const pin = requirePin(params.pin);
    const number = await this.#o.numbers.getPhoneNumber(businessId, id);
    if (number.codeVerificationStatus !== 'VERIFIED') throw new GraphError('reverificationNeeded', 'Verify the number first: request_code, then verify_code');
    const now = this.#o.clock.now();
    const registrationTimes = registrationSlot(number, now);
    if (!registeredStatuses.includes(number.status)) {
      const business = await this.#o.accounts.getBusiness(businessId);
      const limit = business?.verificationStatus === 'verified' ? CONNECTED_NUMBERS_LIMIT.verified : CONNECTED_NUMBERS_LIMIT.unverified;
      if ((await sql.countRegistered(this.#o.store.db, businessId)) >= limit) {
        throw invalidParameter(`This business may have ${limit} registered numbers${limit === CONNECTED_NUMBERS_LIMIT.unverified ? ' until it is verified' : ''}; deregister one first`);
      }
    }
    await this.#o.upstream.register(id, pin);
    await this.#save(number, { ...number, registrationTimes });
    await this.#o.numbers.mirrorNumber(businessId, number.wabaId, id);
  }

  async deregister(businessId: BusinessId, id: PhoneNumberId): Promise<void> {
    const number = await this.#o.numbers.getPhoneNumber(businessId, id);
    if (!registeredStatuses.includes(number.status)) throw invalidParameter(`The number is ${number.status}, not registered`);
    const registrationTimes = registrationSlot(number, this.#o.clock.now());
    await this.#o.upstream.deregister(id);
    await this.#save(number, { ...number, registrationTimes });
    await this.#o.numbers.mirrorNumber(businessId, number.wabaId, id);
  }

  /** `POST /{id} {pin}`: a new two-step PIN for a registered number. */
  async changePin(businessId: BusinessId, id: PhoneNumberId, value: unknown): Promise<void> {
    const number = await this.#o.numbers.getPhoneNumber(businessId, id);
    if (!registeredStatuses.includes(number.status)) throw new GraphError('notRegistered', 'Register the number before changing its two-step PIN');
    await this.#o.upstream.setPin(id, requirePin(value));
  }

  /** `POST /{id} {new_display_name}`: a rename goes through review; the current name stays until approved. */
  async rename(businessId: BusinessId, id: PhoneNumberId, value: unknown): Promise<void> {
    const number = await this.#o.numbers.getPhoneNumber(businessId, id);
    const name = requireDisplayName(value, 'new_display_name');
    if (number.newNameStatus === 'PENDING_REVIEW') throw invalidParameter(`A display name (${number.newDisplayName}) is already under review`);
    await this.#o.upstream.requestDisplayName(id, name);
    await this.#save(number, { ...number, newDisplayName: name, newNameStatus: 'PENDING_REVIEW' });
  }

  /** The `number.submit_name` job an earlier version queued: the name goes to Meta's side now. */
  async submitName(input: { phoneNumberId: string; name: string; submittedAt: number }): Promise<void> {
    const number = await this.#o.numbers.platformNumber(input.phoneNumberId);
    if (!number) return;
    await this.#o.upstream.requestDisplayName(number.id, input.name);
  }

  /** A `phone_number_name_update` from Meta's side: applied to the number, then posted to the business. */
  async apply(change: UpstreamChange): Promise<void> {
    const digits = String(change.value.display_phone_number ?? '');
    const waba = await this.#o.numbers.platformWaba(change.wabaId);
    if (!waba) return;
    const number = (await this.#o.numbers.listPhoneNumbers(waba.businessId)).find((n) => n.digits === digits && n.wabaId === waba.id);
    const next = number && applyNameDecision(number, change.value);
    if (!number || !next) return;
    const routes = await this.#o.webhooks.routesFor(waba.businessId, waba.id, number.id);
    await this.#o.committer.submit(async (trx) => {
      if (!(await sql.saveLifecycle(trx, next, number))) return;
      await this.#o.webhooks.publish(trx, { routes, businessId: waba.businessId, wabaId: waba.id, phoneNumberId: number.id, field: change.field, value: change.value });
    });
    this.#o.numbers.forget(number.id);
  }

  async #save(before: PhoneNumber, after: PhoneNumber): Promise<void> {
    if (!(await sql.saveLifecycle(this.#o.store.db, after, before))) throw invalidParameter('The number changed meanwhile; read it again and retry');
    this.#o.numbers.forget(before.id);
  }
}
