import { asBusinessId, asPhoneNumberId, asWabaId, type BusinessId, type WabaId } from '../core/brand.js';
import { splitCallingCode } from '../core/phone.js';
import { settlePage, type Page, type PageRequest } from '../core/paging.js';
import type { Executor } from '../store/database.js';
import type { PhoneNumbersTable, WabasTable } from '../store/schema.js';
import type { PhoneNumber, Waba } from './model.js';
import { registeredStatuses } from '../rules/numbers.js';
import type { BusinessProfile } from './profile.js';

const toWaba = (row: WabasTable): Waba => ({
  id: asWabaId(row.id),
  businessId: asBusinessId(row.business_id),
  name: row.name,
  currency: row.currency,
  timezoneId: row.timezone_id,
  accountReviewStatus: row.account_review_status as Waba['accountReviewStatus'],
  messageTemplateNamespace: row.message_template_namespace,
  createdAt: row.created_at,
});

const toPhoneNumber = (row: PhoneNumbersTable): PhoneNumber => ({
  id: asPhoneNumberId(row.id),
  businessId: asBusinessId(row.business_id),
  wabaId: asWabaId(row.waba_id),
  digits: row.display_phone_number.replace(/\D/g, ''),
  displayPhoneNumber: row.display_phone_number,
  verifiedName: row.verified_name,
  status: row.status as PhoneNumber['status'],
  qualityRating: row.quality_rating as PhoneNumber['qualityRating'],
  messagingLimitTier: row.messaging_limit_tier,
  throughputLevel: row.throughput_level as PhoneNumber['throughputLevel'],
  codeVerificationStatus: row.code_verification_status as PhoneNumber['codeVerificationStatus'],
  nameStatus: row.name_status,
  platformType: row.platform_type as PhoneNumber['platformType'],
  accountMode: row.account_mode as PhoneNumber['accountMode'],
  createdAt: row.created_at,
  newDisplayName: row.new_display_name,
  newNameStatus: row.new_name_status,
  registrationTimes: JSON.parse(row.registration_times) as number[],
  officialBusinessAccount: row.official_business_account === 1,
});

/** The columns of a number that its lifecycle changes. */
const lifecycleColumns = (number: PhoneNumber) => ({
  verified_name: number.verifiedName,
  status: number.status,
  code_verification_status: number.codeVerificationStatus,
  name_status: number.nameStatus,
  platform_type: number.platformType,
  new_display_name: number.newDisplayName,
  new_name_status: number.newNameStatus,
  registration_times: JSON.stringify(number.registrationTimes),
  official_business_account: number.officialBusinessAccount ? 1 : 0,
});

export async function insertWaba(db: Executor, waba: Waba): Promise<void> {
  await db
    .insertInto('wabas')
    .values({
      id: waba.id,
      business_id: waba.businessId,
      name: waba.name,
      currency: waba.currency,
      timezone_id: waba.timezoneId,
      account_review_status: waba.accountReviewStatus,
      message_template_namespace: waba.messageTemplateNamespace,
      created_at: waba.createdAt,
    })
    .execute();
}

export async function findWaba(db: Executor, businessId: BusinessId, id: WabaId): Promise<Waba | undefined> {
  const row = await db.selectFrom('wabas').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return row && toWaba(row);
}

/** A page of the business's WABAs; `only` narrows it to the WABAs a token may see. */
export async function pageWabas(db: Executor, businessId: BusinessId, page: PageRequest, only?: readonly string[]): Promise<Page<Waba>> {
  let query = db.selectFrom('wabas').selectAll().where('business_id', '=', businessId);
  if (only) query = only.length ? query.where('id', 'in', only) : query.where('id', '=', '');
  if (page.after) query = query.where('id', '>', page.after);
  if (page.before) query = query.where('id', '<', page.before);
  const rows = await query.orderBy('id', page.before ? 'desc' : 'asc').limit(page.limit + 1).execute();
  return settlePage(rows.map(toWaba), page);
}

export async function insertPhoneNumber(db: Executor, number: PhoneNumber): Promise<void> {
  await db
    .insertInto('phone_numbers')
    .values({
      id: number.id,
      business_id: number.businessId,
      waba_id: number.wabaId,
      display_phone_number: number.displayPhoneNumber,
      country_dial_code: splitCallingCode(number.digits).callingCode,
      quality_rating: number.qualityRating,
      messaging_limit_tier: number.messagingLimitTier,
      throughput_level: number.throughputLevel,
      account_mode: number.accountMode,
      created_at: number.createdAt,
      ...lifecycleColumns(number),
    })
    .execute();
}

/** Writes a step of the number's lifecycle, if the number is still where the step started from. */
export async function saveLifecycle(db: Executor, number: PhoneNumber, expect: Pick<PhoneNumber, 'status' | 'codeVerificationStatus'>): Promise<boolean> {
  const result = await db
    .updateTable('phone_numbers')
    .set(lifecycleColumns(number))
    .where('id', '=', number.id)
    .where('status', '=', expect.status)
    .where('code_verification_status', '=', expect.codeVerificationStatus)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Registered numbers of a business (its registered-number cap counts these). */
export async function countRegistered(db: Executor, businessId: BusinessId): Promise<number> {
  const row = await db
    .selectFrom('phone_numbers')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('business_id', '=', businessId)
    .where('status', 'in', registeredStatuses)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether any business already holds this number: a number lives on the platform once. */
export async function phoneNumberTaken(db: Executor, displayPhoneNumber: string): Promise<boolean> {
  const row = await db.selectFrom('phone_numbers').select('id').where('display_phone_number', '=', displayPhoneNumber).executeTakeFirst();
  return row !== undefined;
}

export async function pagePhoneNumbers(db: Executor, businessId: BusinessId, wabaId: WabaId, page: PageRequest): Promise<Page<PhoneNumber>> {
  let query = db.selectFrom('phone_numbers').selectAll().where('business_id', '=', businessId).where('waba_id', '=', wabaId);
  if (page.after) query = query.where('id', '>', page.after);
  if (page.before) query = query.where('id', '<', page.before);
  const rows = await query.orderBy('id', page.before ? 'desc' : 'asc').limit(page.limit + 1).execute();
  return settlePage(rows.map(toPhoneNumber), page);
}

export async function listPhoneNumbers(db: Executor, businessId: BusinessId): Promise<PhoneNumber[]> {
  const rows = await db.selectFrom('phone_numbers').selectAll().where('business_id', '=', businessId).orderBy('id').execute();
  return rows.map(toPhoneNumber);
}

/** The platform's view of a number: Meta's side knows every number, whoever holds it. */
export async function findPhoneNumberOnPlatform(db: Executor, id: string): Promise<PhoneNumber | undefined> {
  const row = await db.selectFrom('phone_numbers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPhoneNumber(row);
}

export async function findWabaOnPlatform(db: Executor, id: string): Promise<Waba | undefined> {
  const row = await db.selectFrom('wabas').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toWaba(row);
}

// ---- business profiles ------------------------------------------------------------------------

export async function findProfile(db: Executor, businessId: BusinessId, phoneNumberId: string): Promise<BusinessProfile | undefined> {
  const row = await db.selectFrom('business_profiles').selectAll().where('business_id', '=', businessId).where('phone_number_id', '=', phoneNumberId).executeTakeFirst();
  return (
    row && {
      about: row.about,
      address: row.address,
      description: row.description,
      email: row.email,
      websites: JSON.parse(row.websites) as string[],
      vertical: row.vertical,
      profilePictureUrl: row.profile_picture_url,
    }
  );
}

export async function saveProfile(db: Executor, businessId: BusinessId, phoneNumberId: string, p: BusinessProfile, now: number): Promise<void> {
  const columns = {
    about: p.about,
    address: p.address,
    description: p.description,
    email: p.email,
    websites: JSON.stringify(p.websites),
    vertical: p.vertical,
    profile_picture_url: p.profilePictureUrl,
    updated_at: now,
  };
  await db
    .insertInto('business_profiles')
    .values({ phone_number_id: phoneNumberId, business_id: businessId, ...columns })
    .onConflict((oc) => oc.column('phone_number_id').doUpdateSet(columns))
    .execute();
}

/** Sets the messaging-limit tier on every number of a business; answers their ids. */
export async function setMessagingTier(db: Executor, businessId: BusinessId, tier: string): Promise<string[]> {
  const rows = await db.updateTable('phone_numbers').set({ messaging_limit_tier: tier }).where('business_id', '=', businessId).returning('id').execute();
  return rows.map((r) => r.id);
}

/** A number's quality rating, status and throughput, as Meta's side set them. */
export async function saveStanding(db: Executor, number: PhoneNumber): Promise<boolean> {
  const result = await db
    .updateTable('phone_numbers')
    .set({ quality_rating: number.qualityRating, status: number.status, throughput_level: number.throughputLevel })
    .where('id', '=', number.id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Shows or removes the verified badge on every number of a business; answers their ids. */
export async function setOfficial(db: Executor, businessId: BusinessId, official: boolean): Promise<string[]> {
  const rows = await db.updateTable('phone_numbers').set({ official_business_account: official ? 1 : 0 }).where('business_id', '=', businessId).returning('id').execute();
  return rows.map((r) => r.id);
}

export async function setAccountReview(db: Executor, wabaId: string, status: Waba['accountReviewStatus']): Promise<boolean> {
  const result = await db.updateTable('wabas').set({ account_review_status: status }).where('id', '=', wabaId).where('account_review_status', '=', 'PENDING').executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findMetaVerified(db: Executor, businessId: BusinessId): Promise<{ status: string; appliedAt: number; decidedAt: number | null } | undefined> {
  const row = await db.selectFrom('meta_verified').selectAll().where('business_id', '=', businessId).executeTakeFirst();
  return row && { status: row.status, appliedAt: row.applied_at, decidedAt: row.decided_at };
}

export async function saveMetaVerified(db: Executor, businessId: BusinessId, state: { status: string; appliedAt: number; decidedAt: number | null }): Promise<void> {
  const columns = { status: state.status, applied_at: state.appliedAt, decided_at: state.decidedAt };
  await db.insertInto('meta_verified').values({ business_id: businessId, ...columns }).onConflict((oc) => oc.column('business_id').doUpdateSet(columns)).execute();
}
