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
import { systemClock, type Clock } from '../core/clock.js';
import { GraphError, invalidParameter, objectNotFound } from '../core/graph-errors.js';
import { newAppSecret, newGraphId } from '../core/ids.js';
import { LATEST_VERSION, OLDEST_VERSION } from '../http/graph-version.js';
import type { Executor, Store } from '../store/database.js';
import { findGraphObject, registerGraphObject } from '../store/graph-objects.js';
import {
  isEmail,
  memberRoles,
  systemUserRoles,
  tokenScopes,
  webhookFields,
  type AccessTokenInfo,
  type App,
  type Business,
  type ConsoleUser,
  type Member,
  type MemberRole,
  type Principal,
  type SystemUser,
  type SystemUserRole,
  type TokenScope,
} from './model.js';
import { hashPassword, hashToken, newAccessToken, newCsrfToken, newPassword, newSessionId, newVerifyToken, verifyPassword } from './secrets.js';
import * as sql from './store.js';

const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
// Writing last-use on every request would put a write on the hot path; once a minute is enough to show it.
const TOKEN_TOUCH_INTERVAL_MS = 60_000;
// A token's principal is remembered this long (wall time). Revocation and asset changes in this
// process take effect at once; another process sharing the database sees them within this time.
const PRINCIPAL_CACHE_MS = 5_000;

export interface AccountsServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  /**
   * Wall time, for console sessions and token expiry: they are about people and credentials, not
   * the business's time, so a jump of the sandbox clock signs nobody out and expires no token.
   */
  readonly wall?: Clock;
  /** Meta's GET handshake against a new callback URL; it throws when the URL does not echo the challenge. */
  readonly verifyCallback?: (url: string, verifyToken: string) => Promise<void>;
  /** Told when an app changed, so whoever caches where its webhooks go (webhooks' routes) reads it again. */
  readonly appChanged?: () => void;
}

/** Business portfolios, their people, system users, tokens and apps. */
export class AccountsService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #wall: Clock;
  readonly #verifyCallback: (url: string, verifyToken: string) => Promise<void>;
  readonly #appChanged: () => void;
  readonly #principals = new Map<string, { principal: Principal; expiresAt: number | null; until: number }>();

  constructor(options: AccountsServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#wall = options.wall ?? systemClock;
    this.#verifyCallback = options.verifyCallback ?? (async () => {});
    this.#appChanged = options.appChanged ?? (() => {});
  }

  // ---- businesses -----------------------------------------------------------------------------

  /** A client business, named by the id of its portfolio on Meta's side. */
  async createBusiness(input: { id: string; name: string }): Promise<Business> {
    const name = requireText('name', input.name, 100);
    if (await sql.findBusinessByName(this.#store.db, name)) throw invalidParameter(`A business named "${name}" already exists`);
    const business: Business = { id: asBusinessId(input.id), name, verificationStatus: 'not_verified', createdAt: this.#clock.now() };
    await this.#store.transaction(async (trx) => {
      await sql.insertBusiness(trx, business);
      await registerGraphObject(trx, { id: business.id, kind: 'business', businessId: business.id });
    });
    return business;
  }

  getBusiness(id: BusinessId): Promise<Business | undefined> {
    return sql.findBusiness(this.#store.db, id);
  }

  findBusinessByName(name: string): Promise<Business | undefined> {
    return sql.findBusinessByName(this.#store.db, name);
  }

  // ---- members --------------------------------------------------------------------------------

  /** Adds a person; without a password one is generated and returned once. */
  async addMember(input: { businessId: BusinessId; email: string; name?: string; role: string; password?: string }): Promise<{ member: Member; password: string }> {
    const email = input.email.trim().toLowerCase();
    if (!isEmail(email)) throw invalidParameter('email must be an email address');
    const role = requireRole(input.role);
    const password = input.password ?? newPassword();
    if (password.length < 8) throw invalidParameter('password must have at least 8 characters');
    if (await sql.findMemberForLogin(this.#store.db, email)) throw invalidParameter(`A member with email ${email} already exists`);
    const member: Member = {
      id: asMemberId(newGraphId(this.#clock)),
      businessId: input.businessId,
      email,
      name: input.name?.trim() || email.split('@')[0]!,
      role,
      createdAt: this.#clock.now(),
    };
    await sql.insertMember(this.#store.db, { ...member, passwordHash: await hashPassword(password) });
    return { member, password };
  }

  listMembers(businessId: BusinessId): Promise<Member[]> {
    return sql.listMembers(this.#store.db, businessId);
  }

  async findMemberByEmail(businessId: BusinessId, email: string): Promise<Member | undefined> {
    const found = await sql.findMemberForLogin(this.#store.db, email.trim().toLowerCase());
    return found && found.businessId === businessId ? found : undefined;
  }

  async setMemberPassword(businessId: BusinessId, memberId: MemberId, password: string): Promise<void> {
    if (password.length < 8) throw invalidParameter('password must have at least 8 characters');
    await this.#requireMember(businessId, memberId);
    await sql.updateMemberPassword(this.#store.db, businessId, memberId, await hashPassword(password));
  }

  /**
   * Changing a role touches the person only: WABAs, numbers, templates and tokens belong to the
   * business, so nothing is orphaned. The last Admin cannot be demoted, or nobody could manage the business.
   */
  async changeMemberRole(businessId: BusinessId, memberId: MemberId, roleInput: string): Promise<Member> {
    const role = requireRole(roleInput);
    return this.#store.transaction(async (trx) => {
      const member = await sql.findMember(trx, businessId, memberId);
      if (!member) throw objectNotFound(memberId);
      if (member.role === 'ADMIN' && role !== 'ADMIN' && (await sql.countAdmins(trx, businessId)) <= 1) {
        throw invalidParameter('The last Admin of a business cannot be demoted; make another member Admin first');
      }
      await sql.updateMemberRole(trx, businessId, memberId, role);
      return { ...member, role };
    });
  }

  async removeMember(businessId: BusinessId, memberId: MemberId): Promise<void> {
    await this.#store.transaction(async (trx) => {
      const member = await sql.findMember(trx, businessId, memberId);
      if (!member) throw objectNotFound(memberId, 'delete');
      if (member.role === 'ADMIN' && (await sql.countAdmins(trx, businessId)) <= 1) {
        throw invalidParameter('The last Admin of a business cannot be removed');
      }
      await sql.deleteMember(trx, businessId, memberId);
    });
  }

  // ---- console sessions -----------------------------------------------------------------------

  async login(emailInput: string, password: string): Promise<{ sessionId: string; user: ConsoleUser }> {
    const found = await sql.findMemberForLogin(this.#store.db, emailInput.trim().toLowerCase());
    // Verify against a real hash even for an unknown email, so timing does not reveal who has an account.
    const ok = await verifyPassword(password, found?.passwordHash ?? UNKNOWN_MEMBER_HASH);
    if (!found || !ok) throw new GraphError('invalidToken', 'The email or password is not correct');
    const sessionId = newSessionId();
    const csrfToken = newCsrfToken();
    const now = this.#wall.now();
    await sql.insertSession(this.#store.db, {
      idHash: hashToken(sessionId),
      businessId: found.businessId,
      memberId: found.id,
      csrfToken,
      expiresAt: now + SESSION_TTL_MS,
      createdAt: now,
    });
    const { passwordHash: _, ...member } = found;
    return { sessionId, user: toConsoleUser(member, csrfToken) };
  }

  async sessionUser(sessionId: string): Promise<ConsoleUser | undefined> {
    const found = await sql.findSession(this.#store.db, hashToken(sessionId), this.#wall.now());
    return found && toConsoleUser(found.member, found.csrfToken);
  }

  logout(sessionId: string): Promise<void> {
    return sql.deleteSession(this.#store.db, hashToken(sessionId));
  }

  // ---- system users and tokens ----------------------------------------------------------------

  async createSystemUser(input: { businessId: BusinessId; name: string; role?: string; wabaIds?: readonly string[] }): Promise<SystemUser> {
    const name = requireText('name', input.name, 100);
    const role = (input.role ?? 'EMPLOYEE').toUpperCase() as SystemUserRole;
    if (!systemUserRoles.includes(role)) throw invalidParameter(`role must be one of ${systemUserRoles.join(', ')}`);
    const user = { id: asSystemUserId(newGraphId(this.#clock)), businessId: input.businessId, name, role, createdAt: this.#clock.now() };
    // One transaction: a WABA that is not the business's refuses the request without leaving the system user behind.
    await this.#store.transaction(async (trx) => {
      await sql.insertSystemUser(trx, user);
      await registerGraphObject(trx, { id: user.id, kind: 'system_user', businessId: input.businessId });
      await assignWabasIn(trx, input.businessId, user.id, input.wabaIds ?? []);
    });
    return { ...user, wabaIds: [...(input.wabaIds ?? [])] };
  }

  listSystemUsers(businessId: BusinessId): Promise<SystemUser[]> {
    return sql.listSystemUsers(this.#store.db, businessId);
  }

  /** Assigns WABAs of the same business to a system user; another business's WABA is not found. */
  async assignWabas(businessId: BusinessId, systemUserId: SystemUserId, wabaIds: readonly string[]): Promise<void> {
    await this.#store.transaction(async (trx) => {
      if (!(await sql.findSystemUser(trx, businessId, systemUserId))) throw objectNotFound(systemUserId, 'post');
      await assignWabasIn(trx, businessId, systemUserId, wabaIds);
    });
    this.#principals.clear();
  }

  /** Issues a token for one app; the token itself is returned only here and stored only as a hash. */
  async issueToken(input: {
    businessId: BusinessId;
    systemUserId: SystemUserId;
    appId: AppId;
    scopes: readonly string[];
    expiresInSeconds?: number;
    label?: string;
  }): Promise<{ token: string; info: AccessTokenInfo }> {
    if (input.scopes.length === 0) throw invalidParameter(`scopes must name at least one of ${tokenScopes.join(', ')}`);
    for (const scope of input.scopes) {
      if (!tokenScopes.includes(scope as TokenScope)) throw invalidParameter(`Unknown permission "${scope}"; use ${tokenScopes.join(' or ')}`);
    }
    if (input.expiresInSeconds !== undefined && !(Number.isInteger(input.expiresInSeconds) && input.expiresInSeconds > 0)) {
      throw invalidParameter('expires_in must be a positive number of seconds');
    }
    if (!(await sql.findSystemUser(this.#store.db, input.businessId, input.systemUserId))) throw objectNotFound(input.systemUserId, 'post');
    if (!(await sql.findApp(this.#store.db, input.businessId, input.appId))) throw objectNotFound(input.appId, 'post');
    const token = newAccessToken();
    const now = this.#clock.now();
    const info: AccessTokenInfo = {
      id: asTokenId(newGraphId(this.#clock)),
      businessId: input.businessId,
      systemUserId: input.systemUserId,
      appId: input.appId,
      hint: token.slice(-4),
      label: input.label?.trim() || 'token',
      scopes: [...new Set(input.scopes as TokenScope[])],
      // On wall time, as it is compared (authenticate): a jump of the sandbox clock expires no token.
      expiresAt: input.expiresInSeconds ? this.#wall.now() + input.expiresInSeconds * 1000 : null,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: now,
    };
    await sql.insertToken(this.#store.db, { ...info, tokenHash: hashToken(token) });
    return { token, info };
  }

  listTokens(businessId: BusinessId): Promise<AccessTokenInfo[]> {
    return sql.listTokens(this.#store.db, businessId);
  }

  async revokeToken(businessId: BusinessId, tokenId: TokenId): Promise<void> {
    if (!(await sql.findToken(this.#store.db, businessId, tokenId))) throw objectNotFound(tokenId, 'delete');
    await sql.revokeToken(this.#store.db, businessId, tokenId, this.#clock.now());
    this.#principals.clear();
  }

  /** Bearer token → principal, or the Graph error Meta gives for a missing, unknown, expired or revoked token. */
  async authenticate(token: string | undefined): Promise<Principal> {
    if (!token) throw new GraphError('invalidToken', 'An access token is required to request this resource.');
    const tokenHash = hashToken(token);
    const cached = this.#principals.get(tokenHash);
    if (cached && cached.until > performance.now()) {
      if (cached.expiresAt !== null && cached.expiresAt <= this.#wall.now()) this.#principals.delete(tokenHash);
      else return cached.principal;
    }
    const found = await sql.findTokenByHash(this.#store.db, tokenHash);
    if (!found) throw new GraphError('invalidToken', 'Invalid OAuth access token - Cannot parse access token');
    const now = this.#clock.now();
    if (found.revokedAt !== null) throw new GraphError('invalidToken', 'Error validating access token: the token has been revoked.');
    if (found.expiresAt !== null && found.expiresAt <= this.#wall.now()) {
      throw new GraphError('expiredToken', `Error validating access token: Session has expired at unix time ${Math.floor(found.expiresAt / 1000)}.`);
    }
    if (found.lastUsedAt === null || now - found.lastUsedAt > TOKEN_TOUCH_INTERVAL_MS) await sql.touchToken(this.#store.db, found.id, now);
    const principal: Principal = {
      businessId: found.businessId,
      tokenId: found.id,
      systemUserId: found.systemUserId,
      systemUserRole: found.systemUserRole,
      appId: found.appId,
      scopes: new Set(found.scopes),
      wabaIds: new Set(found.wabaIds),
    };
    this.#principals.set(tokenHash, { principal, expiresAt: found.expiresAt, until: performance.now() + PRINCIPAL_CACHE_MS });
    return principal;
  }

  // ---- apps -----------------------------------------------------------------------------------

  /** Creates an app with a fresh app secret and verify token; the secret is shown in full only in this answer. */
  async createApp(input: { businessId: BusinessId; name: string; callbackUrl?: string | null; verifyToken?: string; subscribedFields?: readonly string[] }): Promise<App> {
    const app: App = {
      id: asAppId(newGraphId(this.#clock)),
      businessId: input.businessId,
      name: requireText('name', input.name, 100),
      appSecret: newAppSecret(),
      verifyToken: input.verifyToken ?? newVerifyToken(),
      callbackUrl: input.callbackUrl ? requireCallbackUrl(input.callbackUrl) : null,
      subscribedFields: requireFields(input.subscribedFields ?? ['messages']),
      webhookVersion: LATEST_VERSION,
      createdAt: this.#clock.now(),
    };
    if (app.callbackUrl) await this.#verifyCallback(app.callbackUrl, app.verifyToken);
    await this.#store.transaction(async (trx) => {
      await sql.insertApp(trx, app);
      await registerGraphObject(trx, { id: app.id, kind: 'app', businessId: app.businessId });
    });
    return app;
  }

  listApps(businessId: BusinessId): Promise<App[]> {
    return sql.listApps(this.#store.db, businessId);
  }

  getApp(businessId: BusinessId, appId: AppId): Promise<App | undefined> {
    return sql.findApp(this.#store.db, businessId, appId);
  }

  async updateApp(
    businessId: BusinessId,
    appId: AppId,
    change: { name?: string; callbackUrl?: string | null; verifyToken?: string; subscribedFields?: readonly string[]; webhookVersion?: string; rotateSecret?: boolean },
  ): Promise<App> {
    const app = await sql.findApp(this.#store.db, businessId, appId);
    if (!app) throw objectNotFound(appId, 'post');
    const verifyToken = change.verifyToken === undefined ? undefined : requireText('verify_token', change.verifyToken, 256);
    const callbackUrl = change.callbackUrl ? requireCallbackUrl(change.callbackUrl) : change.callbackUrl;
    // A new address, or a new token for the current one, must pass the handshake before it is kept.
    if (callbackUrl && (callbackUrl !== app.callbackUrl || verifyToken !== undefined)) await this.#verifyCallback(callbackUrl, verifyToken ?? app.verifyToken);
    await sql.updateApp(this.#store.db, businessId, appId, {
      ...(change.name !== undefined ? { name: requireText('name', change.name, 100) } : {}),
      ...(callbackUrl !== undefined ? { callbackUrl: callbackUrl || null } : {}),
      ...(verifyToken !== undefined ? { verifyToken } : {}),
      ...(change.subscribedFields !== undefined ? { subscribedFields: requireFields(change.subscribedFields) } : {}),
      ...(change.webhookVersion !== undefined ? { webhookVersion: requireWebhookVersion(change.webhookVersion) } : {}),
      ...(change.rotateSecret ? { appSecret: newAppSecret() } : {}),
    });
    this.#appChanged();
    return (await sql.findApp(this.#store.db, businessId, appId))!;
  }

  async #requireMember(businessId: BusinessId, memberId: MemberId): Promise<Member> {
    const member = await sql.findMember(this.#store.db, businessId, memberId);
    if (!member) throw objectNotFound(memberId);
    return member;
  }
}

async function assignWabasIn(trx: Executor, businessId: BusinessId, systemUserId: SystemUserId, wabaIds: readonly string[]): Promise<void> {
  for (const wabaId of wabaIds) {
    const waba = await findGraphObject(trx, wabaId);
    if (waba?.kind !== 'waba' || waba.businessId !== businessId) throw objectNotFound(wabaId, 'post');
    await sql.assignWaba(trx, businessId, systemUserId, wabaId);
  }
}

// A valid hash of a random password, used to spend the same time on unknown emails.
const UNKNOWN_MEMBER_HASH = await hashPassword(newPassword());

const toConsoleUser = (member: Member, csrfToken: string): ConsoleUser => ({
  businessId: member.businessId,
  memberId: member.id,
  email: member.email,
  name: member.name,
  role: member.role,
  csrfToken,
});

function requireText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidParameter(`${field} is required`);
  if (value.length > max) throw invalidParameter(`${field} must be at most ${max} characters`);
  return value.trim();
}

function requireRole(value: string): MemberRole {
  const role = value.toUpperCase() as MemberRole;
  if (!memberRoles.includes(role)) throw invalidParameter(`role must be one of ${memberRoles.join(', ')}`);
  return role;
}

function requireCallbackUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // fall through to the error below
  }
  throw invalidParameter('callback_url must be an absolute http:// or https:// URL');
}

function requireFields(fields: readonly string[]): string[] {
  for (const field of fields) {
    if (!(webhookFields as readonly string[]).includes(field)) throw invalidParameter(`Unknown webhook field "${field}"`);
  }
  return [...new Set(fields)];
}

/** `v23.0` → 23, for the versions chatapp serves. */
function requireWebhookVersion(text: string): number {
  const major = /^v(\d{2})\.0$/.exec(text)?.[1];
  if (!major || Number(major) < OLDEST_VERSION || Number(major) > LATEST_VERSION) throw invalidParameter(`webhook_version must be v${OLDEST_VERSION}.0 to v${LATEST_VERSION}.0`);
  return Number(major);
}
