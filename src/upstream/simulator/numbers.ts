import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import { GraphError, invalidParameter, objectNotFound } from '../../core/graph-errors.js';
import { newGraphId } from '../../core/ids.js';
import { formatDisplayNumber, parseInternational } from '../../core/phone.js';
import { applyNameDecision, isRegistered } from '../../rules/numbers.js';
import type { Store } from '../../store/database.js';
import { enqueue, type JobRunner } from '../../store/queue.js';
import type { NumbersPort, UpstreamPhoneNumber } from '../port/numbers.js';
import type { UpstreamSink } from '../types.js';
import type { SimDirectory, SimNumber } from './directory.js';
import { simulatorJob } from './jobs.js';
import type { SimulatedNumberRegistry } from './number-registry.js';

/** A display name containing this marker is declined by the simulated review (documented in the README). */
export const DECLINE_NAME_MARKER = '[[decline]]';

const nameReview = simulatorJob('sim.name_review', Type.Object({ phoneNumberId: Type.String(), wabaId: Type.String(), displayPhoneNumber: Type.String(), name: Type.String() }));

/** Profile fields a business may set (spec §8.2); the simulator keeps what it is given. */
const profileFields = ['about', 'address', 'description', 'email', 'websites', 'vertical', 'profile_picture_url'] as const;

export interface SimulatedNumbersOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly directory: SimDirectory;
  /** Codes and two-step PINs. */
  readonly registry: SimulatedNumberRegistry;
  readonly reviewMs: number;
  /** The portfolio's messaging limit, which each of its numbers shows. */
  readonly tierOf: (businessId: string) => Promise<string>;
}

/**
 * Meta's side of a phone number's life (spec §8.1), on the simulator's own records: added to a WABA
 * with a display name that is reviewed on the sandbox clock, its ownership verified by a code,
 * registered with a two-step PIN, deregistered, renamed; its business profile. Decisions reach
 * chatapp through the sink as `phone_number_name_update`.
 */
export class SimulatedNumbers implements NumbersPort {
  readonly #o: SimulatedNumbersOptions;
  #sink: UpstreamSink | undefined;

  constructor(options: SimulatedNumbersOptions) {
    this.#o = options;
  }

  connect(sink: UpstreamSink, runner: JobRunner): void {
    this.#sink = sink;
    runner.register(nameReview, (p) => this.#reviewName(p));
  }

  async addPhoneNumber(wabaId: string, input: { cc: string; phoneNumber: string; verifiedName: string }): Promise<{ id: string }> {
    const waba = await this.#o.directory.waba(wabaId);
    if (!waba) throw objectNotFound(wabaId, 'post');
    const parsed = parseInternational(`+${input.cc}${input.phoneNumber}`);
    if (!parsed) throw invalidParameter(`+${input.cc} ${input.phoneNumber} is not a valid phone number`);
    if (await this.#o.directory.numberByDigits(parsed.digits)) throw invalidParameter(`${formatDisplayNumber(parsed.digits)} is already on the platform`);
    const number = this.#newNumber({ businessId: waba.businessId, wabaId, digits: parsed.digits, verifiedName: input.verifiedName, connected: false });
    await this.#o.directory.insertNumber(number);
    await this.#scheduleReview(number, input.verifiedName);
    return { id: number.id };
  }

  /**
   * The sandbox's test number, as Meta gives a new app one: verified, registered and CONNECTED with
   * an approved display name, with no code or review to wait for. Not part of the port.
   */
  async seedConnectedNumber(wabaId: string, input: { phoneNumber: string; verifiedName: string }): Promise<{ id: string }> {
    const waba = await this.#o.directory.waba(wabaId);
    if (!waba) throw objectNotFound(wabaId, 'post');
    const parsed = parseInternational(input.phoneNumber);
    if (!parsed) throw invalidParameter('phone_number must be a full international number');
    if (await this.#o.directory.numberByDigits(parsed.digits)) throw invalidParameter(`${formatDisplayNumber(parsed.digits)} is already registered on the platform`);
    const number = this.#newNumber({ businessId: waba.businessId, wabaId, digits: parsed.digits, verifiedName: input.verifiedName, connected: true });
    await this.#o.directory.insertNumber(number);
    return { id: number.id };
  }

  async requestCode(phoneNumberId: string, input: { method: 'SMS' | 'VOICE'; language: string }): Promise<void> {
    const number = await this.#known(phoneNumberId);
    if (number.codeVerificationStatus === 'VERIFIED' && number.status === 'CONNECTED') {
      throw invalidParameter('This number is registered and its ownership verified; there is no code to request');
    }
    await this.#o.registry.requestCode({ phoneNumberId, method: input.method });
  }

  async verifyCode(phoneNumberId: string, code: string): Promise<void> {
    await this.#known(phoneNumberId);
    await this.#o.registry.verifyCode({ phoneNumberId, code });
    await this.#o.directory.updateNumber(phoneNumberId, (n) => ({ ...n, codeVerificationStatus: 'VERIFIED' }));
  }

  async register(phoneNumberId: string, pin: string): Promise<void> {
    const number = await this.#known(phoneNumberId);
    if (number.codeVerificationStatus !== 'VERIFIED') throw new GraphError('reverificationNeeded', 'Verify the number first: request_code, then verify_code');
    await this.#o.registry.checkPin({ phoneNumberId, pin });
    // Registering again keeps a registered number's standing (FLAGGED stays FLAGGED).
    await this.#o.directory.updateNumber(phoneNumberId, (n) => ({ ...n, status: isRegistered(n.status) ? n.status : 'CONNECTED' }));
  }

  async deregister(phoneNumberId: string): Promise<void> {
    const number = await this.#known(phoneNumberId);
    if (!isRegistered(number.status)) throw invalidParameter(`The number is ${number.status}, not registered`);
    await this.#o.directory.updateNumber(phoneNumberId, (n) => ({ ...n, status: 'DISCONNECTED' }));
  }

  async setPin(phoneNumberId: string, pin: string): Promise<void> {
    const number = await this.#known(phoneNumberId);
    if (!isRegistered(number.status)) throw new GraphError('notRegistered', 'Register the number before changing its two-step PIN');
    await this.#o.registry.setPin({ phoneNumberId, pin });
  }

  async requestDisplayName(phoneNumberId: string, name: string): Promise<void> {
    const number = await this.#known(phoneNumberId);
    if (number.newNameStatus === 'PENDING_REVIEW') throw invalidParameter(`A display name (${number.newDisplayName}) is already under review`);
    const renamed = await this.#o.directory.updateNumber(phoneNumberId, (n) => ({ ...n, newDisplayName: name, newNameStatus: 'PENDING_REVIEW' }));
    if (renamed) await this.#scheduleReview(renamed, name);
  }

  async setProfile(phoneNumberId: string, profile: Record<string, unknown>): Promise<void> {
    await this.#known(phoneNumberId);
    const given = Object.fromEntries(profileFields.filter((f) => profile[f] !== undefined).map((f) => [f, profile[f]]));
    await this.#o.directory.updateNumber(phoneNumberId, (n) => ({ ...n, profile: { ...n.profile, ...given } }));
  }

  async getProfile(phoneNumberId: string): Promise<Record<string, unknown> | undefined> {
    return (await this.#o.directory.number(phoneNumberId))?.profile;
  }

  async getPhoneNumber(phoneNumberId: string): Promise<UpstreamPhoneNumber | undefined> {
    const n = await this.#o.directory.number(phoneNumberId);
    if (!n) return undefined;
    return {
      id: n.id,
      display_phone_number: n.displayPhoneNumber,
      verified_name: n.verifiedName,
      name_status: n.nameStatus,
      ...(n.newDisplayName ? { new_display_name: n.newDisplayName, new_name_status: n.newNameStatus ?? 'NONE' } : {}),
      code_verification_status: n.codeVerificationStatus,
      status: n.status,
      quality_rating: n.qualityRating,
      platform_type: isRegistered(n.status) ? 'CLOUD_API' : 'NOT_APPLICABLE',
      throughput: { level: n.throughputLevel },
      messaging_limit_tier: await this.#o.tierOf(n.businessId),
      is_official_business_account: n.official,
    };
  }

  async listPhoneNumbers(wabaId: string): Promise<UpstreamPhoneNumber[]> {
    const waba = await this.#o.directory.waba(wabaId);
    if (!waba) return [];
    const numbers = (await this.#o.directory.numbersOf(waba.businessId)).filter((n) => n.wabaId === wabaId);
    const answers = await Promise.all(numbers.map((n) => this.getPhoneNumber(n.id)));
    return answers.filter((n): n is UpstreamPhoneNumber => n !== undefined);
  }

  #newNumber(input: { businessId: string; wabaId: string; digits: string; verifiedName: string; connected: boolean }): SimNumber {
    return {
      id: newGraphId(this.#o.clock),
      businessId: input.businessId,
      wabaId: input.wabaId,
      digits: input.digits,
      displayPhoneNumber: formatDisplayNumber(input.digits),
      verifiedName: input.verifiedName,
      nameStatus: input.connected ? 'APPROVED' : 'PENDING_REVIEW',
      newDisplayName: null,
      newNameStatus: null,
      codeVerificationStatus: input.connected ? 'VERIFIED' : 'NOT_VERIFIED',
      status: input.connected ? 'CONNECTED' : 'PENDING',
      qualityRating: input.connected ? 'GREEN' : 'UNKNOWN',
      throughputLevel: 'STANDARD',
      official: false,
      profile: {},
      createdAt: this.#o.clock.now(),
    };
  }

  async #known(phoneNumberId: string): Promise<SimNumber> {
    const number = await this.#o.directory.number(phoneNumberId);
    if (!number) throw objectNotFound(phoneNumberId, 'post');
    return number;
  }

  /** The name's decision comes `reviewMs` of sandbox clock later. */
  async #scheduleReview(number: SimNumber, name: string): Promise<void> {
    const payload = { phoneNumberId: number.id, wabaId: number.wabaId, displayPhoneNumber: number.digits, name };
    await enqueue(this.#o.store.db, { clock: this.#o.clock, definition: nameReview, payload, runAt: this.#o.clock.now() + this.#o.reviewMs });
  }

  async #reviewName(input: { phoneNumberId: string; wabaId: string; displayPhoneNumber: string; name: string }): Promise<void> {
    const declined = input.name.toLowerCase().includes(DECLINE_NAME_MARKER) || !/[a-z]/i.test(input.name) || input.name.length < 3;
    const value = {
      display_phone_number: input.displayPhoneNumber.replace(/\D/g, ''),
      decision: declined ? 'REJECTED' : 'APPROVED',
      requested_verified_name: input.name,
      rejection_reason: declined ? 'The display name does not follow the display name guidelines (it must name the business and use letters).' : null,
    };
    // Meta's record changes first; chatapp hears of it after (a crash between repeats the post, which chatapp absorbs).
    await this.#o.directory.updateNumber(input.phoneNumberId, (n) => applyNameDecision(n, value) ?? n);
    await this.#sink?.receive({ wabaId: input.wabaId, field: 'phone_number_name_update', value });
  }
}
