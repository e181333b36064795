import { formatDisplayNumber } from '../../core/phone.js';
import type { PhoneNumberStatus, QualityRating, ThroughputLevel } from '../../rules/numbers.js';
import type { Executor } from '../../store/database.js';
import type { SimPhoneNumbersTable, SimWabasTable } from '../../store/schema.js';

/** Meta's record of a business portfolio. */
export interface SimBusiness {
  readonly id: string;
  readonly name: string;
  readonly verificationStatus: string;
  readonly createdAt: number;
}

/** Meta's record of a WABA. */
export interface SimWaba {
  readonly id: string;
  readonly businessId: string;
  readonly name: string;
  readonly currency: string;
  readonly timezoneId: string;
  readonly accountReviewStatus: string;
  readonly createdAt: number;
}

/** Meta's record of a phone number: the simulator decides its standing on this, not on chatapp's mirror. */
export interface SimNumber {
  readonly id: string;
  readonly businessId: string;
  readonly wabaId: string;
  /** E.164 digits without `+`. */
  readonly digits: string;
  readonly displayPhoneNumber: string;
  readonly verifiedName: string;
  readonly nameStatus: string;
  readonly newDisplayName: string | null;
  readonly newNameStatus: string | null;
  readonly codeVerificationStatus: string;
  readonly status: PhoneNumberStatus;
  readonly qualityRating: QualityRating;
  readonly throughputLevel: ThroughputLevel;
  readonly official: boolean;
  readonly profile: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

const toWaba = (r: SimWabasTable): SimWaba => ({
  id: r.id,
  businessId: r.business_id,
  name: r.name,
  currency: r.currency,
  timezoneId: r.timezone_id,
  accountReviewStatus: r.account_review_status,
  createdAt: Number(r.created_at),
});

const toNumber = (r: SimPhoneNumbersTable): SimNumber => ({
  id: r.id,
  businessId: r.business_id,
  wabaId: r.waba_id,
  digits: r.digits,
  displayPhoneNumber: formatDisplayNumber(r.digits),
  verifiedName: r.verified_name,
  nameStatus: r.name_status,
  newDisplayName: r.new_display_name,
  newNameStatus: r.new_name_status,
  codeVerificationStatus: r.code_verification_status,
  status: r.status as PhoneNumberStatus,
  qualityRating: r.quality_rating as QualityRating,
  throughputLevel: r.throughput_level as ThroughputLevel,
  official: Number(r.official_business_account) === 1,
  profile: JSON.parse(r.profile) as Record<string, unknown>,
  createdAt: Number(r.created_at),
});

export async function insertBusiness(db: Executor, b: SimBusiness): Promise<void> {
  await db.insertInto('sim_businesses').values({ id: b.id, name: b.name, verification_status: b.verificationStatus, created_at: b.createdAt }).execute();
}

export async function findBusiness(db: Executor, id: string): Promise<SimBusiness | undefined> {
  const r = await db.selectFrom('sim_businesses').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { id: r.id, name: r.name, verificationStatus: r.verification_status, createdAt: Number(r.created_at) };
}

export async function setVerificationStatus(db: Executor, id: string, status: string): Promise<void> {
  await db.updateTable('sim_businesses').set({ verification_status: status }).where('id', '=', id).execute();
}

export async function insertWaba(db: Executor, w: SimWaba): Promise<void> {
  await db
    .insertInto('sim_wabas')
    .values({ id: w.id, business_id: w.businessId, name: w.name, currency: w.currency, timezone_id: w.timezoneId, account_review_status: w.accountReviewStatus, created_at: w.createdAt })
    .execute();
}

export async function findWaba(db: Executor, id: string): Promise<SimWaba | undefined> {
  const r = await db.selectFrom('sim_wabas').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toWaba(r);
}

export async function setAccountReview(db: Executor, id: string, status: string): Promise<void> {
  await db.updateTable('sim_wabas').set({ account_review_status: status }).where('id', '=', id).execute();
}

export async function insertNumber(db: Executor, n: SimNumber): Promise<void> {
  await db.insertInto('sim_phone_numbers').values(toRow(n)).execute();
}

export async function findNumber(db: Executor, id: string): Promise<SimNumber | undefined> {
  const r = await db.selectFrom('sim_phone_numbers').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toNumber(r);
}

export async function findNumberByDigits(db: Executor, digits: string): Promise<SimNumber | undefined> {
  const r = await db.selectFrom('sim_phone_numbers').selectAll().where('digits', '=', digits).executeTakeFirst();
  return r && toNumber(r);
}

export async function listNumbers(db: Executor, businessId: string): Promise<SimNumber[]> {
  const rows = await db.selectFrom('sim_phone_numbers').selectAll().where('business_id', '=', businessId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toNumber);
}

/** Saves a number's changed fields. */
export async function saveNumber(db: Executor, n: SimNumber): Promise<void> {
  const { id, ...row } = toRow(n);
  await db.updateTable('sim_phone_numbers').set(row).where('id', '=', id).execute();
}

function toRow(n: SimNumber): SimPhoneNumbersTable {
  return {
    id: n.id,
    business_id: n.businessId,
    waba_id: n.wabaId,
    digits: n.digits,
    verified_name: n.verifiedName,
    name_status: n.nameStatus,
    new_display_name: n.newDisplayName,
    new_name_status: n.newNameStatus,
    code_verification_status: n.codeVerificationStatus,
    status: n.status,
    quality_rating: n.qualityRating,
    throughput_level: n.throughputLevel,
    official_business_account: n.official ? 1 : 0,
    profile: JSON.stringify(n.profile),
    created_at: n.createdAt,
  };
}
