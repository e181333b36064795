import {
  asAppId,
  asBusinessId,
  asMemberId,
  asSystemUserId,
  asTokenId,
  type AppId,
  type BusinessId,
  type MemberId,
  type SystemUserId,
  type TokenId,
} from '../core/brand.js';
import type { Executor } from '../store/database.js';
import type { AccessTokensTable, AppsTable, BusinessVerificationsTable, MembersTable } from '../store/schema.js';
import type { AccessTokenInfo, App, Business, Member, MemberRole, SystemUser, SystemUserRole, TokenScope } from './model.js';

// ---- businesses -------------------------------------------------------------------------------

export async function insertBusiness(db: Executor, business: Business): Promise<void> {
  await db
    .insertInto('businesses')
    .values({ id: business.id, name: business.name, verification_status: business.verificationStatus, created_at: business.createdAt })
    .execute();
}

export async function findBusiness(db: Executor, id: BusinessId): Promise<Business | undefined> {
  const row = await db.selectFrom('businesses').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { id: asBusinessId(row.id), name: row.name, verificationStatus: row.verification_status, createdAt: row.created_at };
}

/** Finding a business by its name is how the CLI's demo stays idempotent; it is not a tenant query. */
export async function findBusinessByName(db: Executor, name: string): Promise<Business | undefined> {
  const row = await db.selectFrom('businesses').selectAll().where('name', '=', name).executeTakeFirst();
  return row && { id: asBusinessId(row.id), name: row.name, verificationStatus: row.verification_status, createdAt: row.created_at };
}

// ---- members ----------------------------------------------------------------------------------

const toMember = (row: MembersTable): Member => ({
  id: asMemberId(row.id),
  businessId: asBusinessId(row.business_id),
  email: row.email,
  name: row.name,
  role: row.role as MemberRole,
  createdAt: row.created_at,
});

export async function insertMember(db: Executor, member: Member & { passwordHash: string }): Promise<void> {
  await db
    .insertInto('members')
    .values({
      id: member.id,
      business_id: member.businessId,
      email: member.email,
      name: member.name,
      password_hash: member.passwordHash,
      role: member.role,
      created_at: member.createdAt,
    })
    .execute();
}

export async function listMembers(db: Executor, businessId: BusinessId): Promise<Member[]> {
  const rows = await db.selectFrom('members').selectAll().where('business_id', '=', businessId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toMember);
}

export async function findMember(db: Executor, businessId: BusinessId, id: MemberId): Promise<Member | undefined> {
  const row = await db.selectFrom('members').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return row && toMember(row);
}

/** Sign-in looks a person up by email before any business is known. */
export async function findMemberForLogin(db: Executor, email: string): Promise<(Member & { passwordHash: string }) | undefined> {
  const row = await db.selectFrom('members').selectAll().where('email', '=', email).executeTakeFirst();
  return row && { ...toMember(row), passwordHash: row.password_hash };
}

export async function countAdmins(db: Executor, businessId: BusinessId): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('business_id', '=', businessId)
    .where('role', '=', 'ADMIN')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateMemberRole(db: Executor, businessId: BusinessId, id: MemberId, role: MemberRole): Promise<void> {
  await db.updateTable('members').set({ role }).where('business_id', '=', businessId).where('id', '=', id).execute();
}

export async function updateMemberPassword(db: Executor, businessId: BusinessId, id: MemberId, passwordHash: string): Promise<void> {
  await db.updateTable('members').set({ password_hash: passwordHash }).where('business_id', '=', businessId).where('id', '=', id).execute();
}

export async function deleteMember(db: Executor, businessId: BusinessId, id: MemberId): Promise<void> {
  await db.deleteFrom('console_sessions').where('business_id', '=', businessId).where('member_id', '=', id).execute();
  await db.deleteFrom('members').where('business_id', '=', businessId).where('id', '=', id).execute();
}

// ---- console sessions -------------------------------------------------------------------------

export async function insertSession(
  db: Executor,
  session: { idHash: string; businessId: BusinessId; memberId: MemberId; csrfToken: string; expiresAt: number; createdAt: number },
): Promise<void> {
  await db
    .insertInto('console_sessions')
    .values({
      id_hash: session.idHash,
      business_id: session.businessId,
      member_id: session.memberId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
      created_at: session.createdAt,
    })
    .execute();
}

/** A session that has not expired by `wallNow`: sessions run on wall time, never the sandbox clock. */
export async function findSession(db: Executor, idHash: string, wallNow: number): Promise<{ member: Member; csrfToken: string } | undefined> {
  const row = await db
    .selectFrom('console_sessions as s')
    .innerJoin('members as m', 'm.id', 's.member_id')
    .selectAll('m')
    .select('s.csrf_token')
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', wallNow)
    .executeTakeFirst();
  return row && { member: toMember(row), csrfToken: row.csrf_token };
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('id_hash', '=', idHash).execute();
}

// ---- system users -----------------------------------------------------------------------------

export async function insertSystemUser(db: Executor, user: Omit<SystemUser, 'wabaIds'>): Promise<void> {
  await db
    .insertInto('system_users')
    .values({ id: user.id, business_id: user.businessId, name: user.name, role: user.role, created_at: user.createdAt })
    .execute();
}

export async function listSystemUsers(db: Executor, businessId: BusinessId): Promise<SystemUser[]> {
  const users = await db.selectFrom('system_users').selectAll().where('business_id', '=', businessId).orderBy('created_at').execute();
  const assets = await db.selectFrom('system_user_assets').selectAll().where('business_id', '=', businessId).execute();
  return users.map((u) => ({
    id: asSystemUserId(u.id),
    businessId: asBusinessId(u.business_id),
    name: u.name,
    role: u.role as SystemUserRole,
    wabaIds: assets.filter((a) => a.system_user_id === u.id).map((a) => a.waba_id),
    createdAt: u.created_at,
  }));
}

export async function findSystemUser(db: Executor, businessId: BusinessId, id: SystemUserId): Promise<SystemUser | undefined> {
  return (await listSystemUsers(db, businessId)).find((u) => u.id === id);
}

export async function assignWaba(db: Executor, businessId: BusinessId, systemUserId: SystemUserId, wabaId: string): Promise<void> {
  await db
    .insertInto('system_user_assets')
    .values({ system_user_id: systemUserId, waba_id: wabaId, business_id: businessId })
    .onConflict((oc) => oc.columns(['system_user_id', 'waba_id']).doNothing())
    .execute();
}

// ---- apps -------------------------------------------------------------------------------------

const toApp = (row: AppsTable): App => ({
  id: asAppId(row.id),
  businessId: asBusinessId(row.business_id),
  name: row.name,
  appSecret: row.app_secret,
  verifyToken: row.verify_token,
  callbackUrl: row.callback_url,
  subscribedFields: JSON.parse(row.subscribed_fields) as string[],
  webhookVersion: Number(row.webhook_version),
  createdAt: row.created_at,
});

export async function insertApp(db: Executor, app: App): Promise<void> {
  await db
    .insertInto('apps')
    .values({
      id: app.id,
      business_id: app.businessId,
      name: app.name,
      app_secret: app.appSecret,
      verify_token: app.verifyToken,
      callback_url: app.callbackUrl,
      subscribed_fields: JSON.stringify(app.subscribedFields),
      webhook_version: app.webhookVersion,
      created_at: app.createdAt,
    })
    .execute();
}

export async function listApps(db: Executor, businessId: BusinessId): Promise<App[]> {
  const rows = await db.selectFrom('apps').selectAll().where('business_id', '=', businessId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toApp);
}

export async function findApp(db: Executor, businessId: BusinessId, id: AppId): Promise<App | undefined> {
  const row = await db.selectFrom('apps').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return row && toApp(row);
}

export async function updateApp(
  db: Executor,
  businessId: BusinessId,
  id: AppId,
  change: Partial<Pick<App, 'name' | 'appSecret' | 'verifyToken' | 'callbackUrl' | 'subscribedFields' | 'webhookVersion'>>,
): Promise<void> {
  await db
    .updateTable('apps')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.appSecret !== undefined ? { app_secret: change.appSecret } : {}),
      ...(change.verifyToken !== undefined ? { verify_token: change.verifyToken } : {}),
      ...(change.callbackUrl !== undefined ? { callback_url: change.callbackUrl } : {}),
      ...(change.subscribedFields !== undefined ? { subscribed_fields: JSON.stringify(change.subscribedFields) } : {}),
      ...(change.webhookVersion !== undefined ? { webhook_version: change.webhookVersion } : {}),
    })
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .execute();
}

// ---- access tokens ----------------------------------------------------------------------------

const toToken = (row: AccessTokensTable): AccessTokenInfo => ({
  id: asTokenId(row.id),
  businessId: asBusinessId(row.business_id),
  systemUserId: asSystemUserId(row.system_user_id),
  appId: asAppId(row.app_id),
  hint: row.hint,
  label: row.label,
  scopes: row.scopes.split(',').filter(Boolean) as TokenScope[],
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
  createdAt: row.created_at,
});

export async function insertToken(db: Executor, token: AccessTokenInfo & { tokenHash: string }): Promise<void> {
  await db
    .insertInto('access_tokens')
    .values({
      id: token.id,
      business_id: token.businessId,
      system_user_id: token.systemUserId,
      app_id: token.appId,
      token_hash: token.tokenHash,
      hint: token.hint,
      label: token.label,
      scopes: token.scopes.join(','),
      expires_at: token.expiresAt,
      revoked_at: token.revokedAt,
      last_used_at: token.lastUsedAt,
      created_at: token.createdAt,
    })
    .execute();
}

export async function listTokens(db: Executor, businessId: BusinessId): Promise<AccessTokenInfo[]> {
  const rows = await db.selectFrom('access_tokens').selectAll().where('business_id', '=', businessId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toToken);
}

export async function findToken(db: Executor, businessId: BusinessId, id: TokenId): Promise<AccessTokenInfo | undefined> {
  const row = await db.selectFrom('access_tokens').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return row && toToken(row);
}

/** Bearer authentication: the token's hash is all a request brings, so this lookup comes before any business is known. */
export async function findTokenByHash(db: Executor, tokenHash: string): Promise<(AccessTokenInfo & { systemUserRole: SystemUserRole; wabaIds: string[] }) | undefined> {
  const row = await db
    .selectFrom('access_tokens as t')
    .innerJoin('system_users as u', 'u.id', 't.system_user_id')
    .selectAll('t')
    .select('u.role as system_user_role')
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const assets = await db.selectFrom('system_user_assets').select('waba_id').where('system_user_id', '=', row.system_user_id).execute();
  return { ...toToken(row), systemUserRole: row.system_user_role as SystemUserRole, wabaIds: assets.map((a) => a.waba_id) };
}

export async function revokeToken(db: Executor, businessId: BusinessId, id: TokenId, now: number): Promise<void> {
  await db
    .updateTable('access_tokens')
    .set({ revoked_at: now })
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function touchToken(db: Executor, id: TokenId, now: number): Promise<void> {
  await db.updateTable('access_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

// ---- business verification --------------------------------------------------------------------

export type VerificationSubmission = Omit<BusinessVerificationsTable, 'business_id'>;

/** Records a submission and puts the business `pending`, unless it is pending or verified already. */
export async function submitVerification(db: Executor, businessId: BusinessId, submission: VerificationSubmission): Promise<'ok' | 'pending' | 'verified'> {
  const business = await db.selectFrom('businesses').select('verification_status').where('id', '=', businessId).executeTakeFirstOrThrow();
  if (business.verification_status === 'pending' || business.verification_status === 'verified') return business.verification_status;
  await db.insertInto('business_verifications').values({ business_id: businessId, ...submission }).onConflict((oc) => oc.column('business_id').doUpdateSet(submission)).execute();
  await db.updateTable('businesses').set({ verification_status: 'pending' }).where('id', '=', businessId).execute();
  return 'ok';
}

export async function findVerification(db: Executor, businessId: BusinessId): Promise<{ status: string; submission?: BusinessVerificationsTable }> {
  const business = await db.selectFrom('businesses').select('verification_status').where('id', '=', businessId).executeTakeFirstOrThrow();
  const row = await db.selectFrom('business_verifications').selectAll().where('business_id', '=', businessId).executeTakeFirst();
  return { status: business.verification_status, ...(row ? { submission: row } : {}) };
}

/** Applies a review's decision to a pending verification; false when none was pending. */
export async function decideVerification(db: Executor, businessId: BusinessId, decision: { status: 'verified' | 'rejected'; reason: string | null; now: number }): Promise<boolean> {
  const updated = await db
    .updateTable('business_verifications')
    .set({ status: decision.status, rejection_reason: decision.reason, decided_at: decision.now })
    .where('business_id', '=', businessId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) return false;
  await db.updateTable('businesses').set({ verification_status: decision.status }).where('id', '=', businessId).execute();
  return true;
}
