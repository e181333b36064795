import { asPhoneNumberId, asWabaId, type BusinessId, type PhoneNumberId, type WabaId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { invalidParameter, objectNotFound } from '../core/graph-errors.js';
import { TtlCache } from '../core/ttl-cache.js';
import { newGraphId } from '../core/ids.js';
import type { Page, PageRequest } from '../core/paging.js';
import { formatDisplayNumber, parseInternational } from '../core/phone.js';
import type { Store } from '../store/database.js';
import { registerGraphObject } from '../store/graph-objects.js';
import { templateNamespace, type PhoneNumber, type Waba } from './model.js';
import type { UploadsService } from '../media/uploads.js';
import { emptyProfile, updateProfile, type BusinessProfile } from './profile.js';
import * as sql from './store.js';

export interface NumbersServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Resolves a profile picture's Resumable Upload handle. */
  readonly uploads: Pick<UploadsService, 'use' | 'publicPath'>;
}

// Sends, receipts and inbound messages read a number and its WABA each time; they change rarely, and
// whoever changes one here must forget it (`#platformNumbers.delete`).
const PLATFORM_CACHE_MS = 1_000;

export const CURRENCIES: readonly string[] = ['USD', 'EUR', 'GBP', 'INR', 'IDR', 'AUD', 'MXN', 'BRL', 'AED', 'ARS', 'CLP', 'COP', 'MYR', 'PEN', 'SAR', 'SGD'];

/** WhatsApp Business Accounts and their phone numbers. */
export class NumbersService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #platformNumbers = new TtlCache<string, PhoneNumber | undefined>(PLATFORM_CACHE_MS);
  readonly #platformWabas = new TtlCache<string, Waba | undefined>(PLATFORM_CACHE_MS);

  readonly #uploads: NumbersServiceOptions['uploads'];

  constructor(options: NumbersServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#uploads = options.uploads;
  }

  async createWaba(input: { businessId: BusinessId; name: string; currency?: string; timezoneId?: string; reviewed?: boolean }): Promise<Waba> {
    const name = input.name?.trim();
    if (!name) throw invalidParameter('name is required');
    if (name.length > 100) throw invalidParameter('name must be at most 100 characters');
    const currency = (input.currency ?? 'USD').toUpperCase();
    if (!CURRENCIES.includes(currency)) throw invalidParameter(`currency must be one of ${CURRENCIES.join(', ')}`);
    const timezoneId = input.timezoneId ?? '1';
    if (!/^\d{1,3}$/.test(timezoneId)) throw invalidParameter('timezone_id must be a Meta timezone id (a number)');
    const id = asWabaId(newGraphId(this.#clock));
    const waba: Waba = {
      id,
      businessId: input.businessId,
      name,
      currency,
      timezoneId,
      accountReviewStatus: input.reviewed ? 'APPROVED' : 'PENDING',
      messageTemplateNamespace: templateNamespace(id),
      createdAt: this.#clock.now(),
    };
    await this.#store.transaction(async (trx) => {
      await sql.insertWaba(trx, waba);
      await registerGraphObject(trx, { id, kind: 'waba', businessId: input.businessId });
    });
    return waba;
  }

  /**
   * Adds a number that is already verified, registered and CONNECTED with an approved display name.
   * This is the sandbox's shortcut for demos and tests; the step-by-step lifecycle (code, PIN,
   * display-name review) is the onboarding flow's.
   */
  async addConnectedNumber(input: { businessId: BusinessId; wabaId: WabaId; phoneNumber: string; verifiedName: string }): Promise<PhoneNumber> {
    const parsed = parseInternational(input.phoneNumber);
    if (!parsed) throw invalidParameter('phone_number must be a full international number');
    const verifiedName = input.verifiedName?.trim();
    if (!verifiedName) throw invalidParameter('verified_name is required');
    const displayPhoneNumber = formatDisplayNumber(parsed.digits);
    const id = asPhoneNumberId(newGraphId(this.#clock));
    const number: PhoneNumber = {
      id,
      businessId: input.businessId,
      wabaId: input.wabaId,
      digits: parsed.digits,
      displayPhoneNumber,
      verifiedName,
      status: 'CONNECTED',
      qualityRating: 'GREEN',
      messagingLimitTier: 'TIER_250',
      throughputLevel: 'STANDARD',
      codeVerificationStatus: 'VERIFIED',
      nameStatus: 'APPROVED',
      platformType: 'CLOUD_API',
      accountMode: 'SANDBOX',
      createdAt: this.#clock.now(),
      newDisplayName: null,
      newNameStatus: null,
      registrationTimes: [],
      officialBusinessAccount: false,
    };
    await this.#store.transaction(async (trx) => {
      if (!(await sql.findWaba(trx, input.businessId, input.wabaId))) throw objectNotFound(input.wabaId, 'post');
      if (await sql.phoneNumberTaken(trx, displayPhoneNumber)) throw invalidParameter(`${displayPhoneNumber} is already registered on the platform`);
      await sql.insertPhoneNumber(trx, number);
      await registerGraphObject(trx, { id, kind: 'phone_number', businessId: input.businessId });
    });
    return number;
  }

  async getWaba(businessId: BusinessId, id: WabaId): Promise<Waba> {
    const waba = await sql.findWaba(this.#store.db, businessId, id);
    if (!waba) throw objectNotFound(id);
    return waba;
  }

  /** Every send reads its number: served from the short cache, and only to the business that owns it. */
  async getPhoneNumber(businessId: BusinessId, id: PhoneNumberId): Promise<PhoneNumber> {
    const number = await this.platformNumber(id);
    if (!number || number.businessId !== businessId) throw objectNotFound(id);
    return number;
  }

  pageWabas(businessId: BusinessId, page: PageRequest, only?: readonly string[]): Promise<Page<Waba>> {
    return sql.pageWabas(this.#store.db, businessId, page, only);
  }

  async pagePhoneNumbers(businessId: BusinessId, wabaId: WabaId, page: PageRequest): Promise<Page<PhoneNumber>> {
    await this.getWaba(businessId, wabaId);
    return sql.pagePhoneNumbers(this.#store.db, businessId, wabaId, page);
  }

  /**
   * A number by id alone, for the platform side (the simulator, the upstream sink) that learns of
   * a number before it knows whose it is. Never reachable from a business's request.
   */
  platformNumber(id: string): Promise<PhoneNumber | undefined> {
    return this.#platformNumbers.get(id, () => sql.findPhoneNumberOnPlatform(this.#store.db, id));
  }

  async getProfile(businessId: BusinessId, phoneNumberId: PhoneNumberId): Promise<BusinessProfile> {
    await this.getPhoneNumber(businessId, phoneNumberId);
    return (await sql.findProfile(this.#store.db, businessId, phoneNumberId)) ?? emptyProfile;
  }

  async updateProfile(businessId: BusinessId, phoneNumberId: PhoneNumberId, body: Record<string, unknown>): Promise<void> {
    const current = await this.getProfile(businessId, phoneNumberId);
    // Profile pictures are JPEG or PNG (spec §8.2), named by a Resumable Upload handle.
    const handle = body.profile_picture_handle;
    const picture = handle === undefined ? undefined : this.#uploads.publicPath(await this.#uploads.use({ businessId, handle, accept: ['image/jpeg', 'image/png'], field: 'profile_picture_handle' }));
    const next = updateProfile(current, body, picture);
    await sql.saveProfile(this.#store.db, businessId, phoneNumberId, next, this.#clock.now());
  }

  /** The profile users see, for Meta's side (the simulated phone's chat header). */
  async platformProfile(number: PhoneNumber): Promise<BusinessProfile> {
    return (await sql.findProfile(this.#store.db, number.businessId, number.id)) ?? emptyProfile;
  }

  /** The portfolio's messaging limit, shown on each of its numbers. */
  async setMessagingTier(businessId: BusinessId, tier: string): Promise<void> {
    const ids = await sql.setMessagingTier(this.#store.db, businessId, tier);
    for (const id of ids) this.forget(id);
  }

  /** Forgets a cached number or WABA after this process changed it. */
  forget(id: string): void {
    this.#platformNumbers.delete(id);
    this.#platformWabas.delete(id);
  }

  platformWaba(id: string): Promise<Waba | undefined> {
    return this.#platformWabas.get(id, () => sql.findWabaOnPlatform(this.#store.db, id));
  }

  listPhoneNumbers(businessId: BusinessId): Promise<PhoneNumber[]> {
    return sql.listPhoneNumbers(this.#store.db, businessId);
  }
}
