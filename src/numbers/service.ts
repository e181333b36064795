import { asPhoneNumberId, asWabaId, type BusinessId, type PhoneNumberId, type WabaId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { invalidParameter, objectNotFound } from '../core/graph-errors.js';
import { TtlCache } from '../core/ttl-cache.js';
import type { Page, PageRequest } from '../core/paging.js';
import { formatDisplayNumber } from '../core/phone.js';
import type { QualityRating, ThroughputLevel, PhoneNumberStatus } from '../rules/numbers.js';
import type { Upstream, UpstreamPhoneNumber } from '../upstream/types.js';
import type { Store } from '../store/database.js';
import { registerGraphObject } from '../store/graph-objects.js';
import { templateNamespace, type PhoneNumber, type Waba } from './model.js';
import type { UploadsService } from '../media/uploads.js';
import { emptyProfile, presentProfile, updateProfile, type BusinessProfile } from './profile.js';
import * as sql from './store.js';

export interface NumbersServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Resolves a profile picture's Resumable Upload handle. */
  readonly uploads: Pick<UploadsService, 'use' | 'publicPath'>;
  /** Meta's side: WABAs and numbers are created there, and their state read from there. */
  readonly upstream: Pick<Upstream, 'createWaba' | 'getWaba' | 'getPhoneNumber' | 'setProfile' | 'getProfile'>;
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
  readonly #upstream: NumbersServiceOptions['upstream'];

  constructor(options: NumbersServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#uploads = options.uploads;
    this.#upstream = options.upstream;
  }

  /** Applies for a WABA on Meta's side (its account review comes later, through the sink) and keeps its mirror. */
  async createWaba(input: { businessId: BusinessId; name: string; currency?: string; timezoneId?: string }): Promise<Waba> {
    const name = input.name?.trim();
    if (!name) throw invalidParameter('name is required');
    if (name.length > 100) throw invalidParameter('name must be at most 100 characters');
    const currency = (input.currency ?? 'USD').toUpperCase();
    if (!CURRENCIES.includes(currency)) throw invalidParameter(`currency must be one of ${CURRENCIES.join(', ')}`);
    const timezoneId = input.timezoneId ?? '1';
    if (!/^\d{1,3}$/.test(timezoneId)) throw invalidParameter('timezone_id must be a Meta timezone id (a number)');
    const { id } = await this.#upstream.createWaba(input.businessId, { name, currency, timezoneId });
    return this.mirrorWaba(input.businessId, asWabaId(id));
  }

  /** Keeps chatapp's record of a WABA Meta's side has (created there, or seeded in the sandbox), as Meta answers it. */
  async mirrorWaba(businessId: BusinessId, id: WabaId): Promise<Waba> {
    const known = await sql.findWaba(this.#store.db, businessId, id);
    if (known) return known;
    const meta = await this.#upstream.getWaba(id);
    if (!meta) throw objectNotFound(id);
    const waba: Waba = {
      id,
      businessId,
      name: meta.name,
      currency: meta.currency,
      timezoneId: meta.timezone_id,
      accountReviewStatus: meta.account_review_status as Waba['accountReviewStatus'],
      messageTemplateNamespace: templateNamespace(id),
      createdAt: this.#clock.now(),
    };
    await this.#store.transaction(async (trx) => {
      await sql.insertWaba(trx, waba);
      await registerGraphObject(trx, { id, kind: 'waba', businessId });
    });
    return waba;
  }

  /**
   * Keeps chatapp's record of a number Meta's side has, as `GET /{phone-number-id}` answers it: a
   * new one is added, a known one takes Meta's status, names, quality and throughput.
   */
  async mirrorNumber(businessId: BusinessId, wabaId: WabaId, id: PhoneNumberId): Promise<PhoneNumber> {
    const meta = await this.#upstream.getPhoneNumber(id);
    if (!meta) throw objectNotFound(id);
    const known = await sql.findPhoneNumberOnPlatform(this.#store.db, id);
    if (known) {
      const next = mirrored(known, meta);
      if (!(await sql.saveLifecycle(this.#store.db, next, known))) throw invalidParameter('The number changed meanwhile; read it again and retry');
      this.forget(id);
      return next;
    }
    const number = mirrored(
      {
        id,
        businessId,
        wabaId,
        digits: meta.display_phone_number.replace(/\D/g, ''),
        displayPhoneNumber: meta.display_phone_number,
        verifiedName: meta.verified_name,
        status: 'PENDING',
        qualityRating: meta.quality_rating as QualityRating,
        messagingLimitTier: meta.messaging_limit_tier ?? 'TIER_250',
        throughputLevel: meta.throughput.level as ThroughputLevel,
        codeVerificationStatus: 'NOT_VERIFIED',
        nameStatus: meta.name_status,
        platformType: 'NOT_APPLICABLE',
        accountMode: 'LIVE',
        createdAt: this.#clock.now(),
        newDisplayName: null,
        newNameStatus: null,
        registrationTimes: [],
        officialBusinessAccount: false,
      },
      meta,
    );
    await this.#store.transaction(async (trx) => {
      if (await sql.phoneNumberTaken(trx, number.displayPhoneNumber)) throw invalidParameter(`${number.displayPhoneNumber} is already on the platform`);
      await sql.insertPhoneNumber(trx, number);
      await registerGraphObject(trx, { id, kind: 'phone_number', businessId });
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
    // What users see is Meta's to show: the profile goes there first, then into chatapp's record.
    const { messaging_product: _product, ...shown } = presentProfile(next, '');
    await this.#upstream.setProfile(phoneNumberId, shown);
    await sql.saveProfile(this.#store.db, businessId, phoneNumberId, next, this.#clock.now());
  }

  /** Keeps chatapp's record of the profile Meta shows for a number (a number linked from Meta). */
  async mirrorProfile(businessId: BusinessId, phoneNumberId: PhoneNumberId): Promise<void> {
    const meta = await this.#upstream.getProfile(phoneNumberId);
    if (!meta) return;
    const { profile_picture_url: picture, ...rest } = meta;
    await sql.saveProfile(this.#store.db, businessId, phoneNumberId, updateProfile(emptyProfile, { ...rest, messaging_product: 'whatsapp' }, typeof picture === 'string' ? picture : undefined), this.#clock.now());
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

/**
 * A number's lifecycle as Meta's side answered it (status, names, code, registration). Its quality,
 * throughput and limit reach chatapp through the sink (standing.ts) and are taken only for a new record.
 */
function mirrored(number: PhoneNumber, meta: UpstreamPhoneNumber): PhoneNumber {
  return {
    ...number,
    verifiedName: meta.verified_name,
    nameStatus: meta.name_status,
    status: meta.status as PhoneNumberStatus,
    codeVerificationStatus: meta.code_verification_status as PhoneNumber['codeVerificationStatus'],
    platformType: meta.platform_type as PhoneNumber['platformType'],
    officialBusinessAccount: meta.is_official_business_account,
  };
}
