import type { AppId, BusinessId, MemberId, SystemUserId, TokenId } from '../core/brand.js';

/** Business Manager roles of a person in a business portfolio. */
export const memberRoles = ['ADMIN', 'ADVERTISER', 'ANALYST'] as const;
export type MemberRole = (typeof memberRoles)[number];

/** What a person can do in the console. Each capability checks one of these, never a role by name. */
export const consoleActions = [
  'members.manage',
  'tokens.manage',
  'apps.manage',
  'numbers.manage',
  'numbers.read',
  'messages.send',
  'messages.read',
  'templates.manage',
  'campaigns.manage',
  'ads.manage',
  'inbox.use',
  'analytics.read',
  'billing.manage',
  // The deployment's sandbox: move its clock (for every business), set throughput and messaging limits.
  'sandbox.manage',
] as const;
export type ConsoleAction = (typeof consoleActions)[number];

/**
 * The role matrix. Admin can do everything; Advertiser messages, manages templates, campaigns, ads
 * and the inbox; Analyst reads analytics and messages only. Only an Admin manages the sandbox.
 */
export function roleAllows(role: MemberRole, action: ConsoleAction): boolean {
  switch (role) {
    case 'ADMIN':
      return true;
    case 'ADVERTISER':
      return [
        'numbers.read',
        'messages.send',
        'messages.read',
        'templates.manage',
        'campaigns.manage',
        'ads.manage',
        'inbox.use',
        'analytics.read',
      ].includes(action);
    case 'ANALYST':
      return action === 'analytics.read' || action === 'messages.read';
    default: {
      const unreachable: never = role;
      return unreachable;
    }
  }
}

/** Permissions a system-user token can carry, as Meta names them. */
export const tokenScopes = ['whatsapp_business_messaging', 'whatsapp_business_management'] as const;
export type TokenScope = (typeof tokenScopes)[number];

/** A system user is an Admin (every WABA of the business) or an Employee (the WABAs assigned to it). */
export const systemUserRoles = ['ADMIN', 'EMPLOYEE'] as const;
export type SystemUserRole = (typeof systemUserRoles)[number];

/** Who a Graph request acts for: the token's business, system user and app. */
export interface Principal {
  readonly businessId: BusinessId;
  readonly tokenId: TokenId;
  readonly systemUserId: SystemUserId;
  readonly systemUserRole: SystemUserRole;
  readonly appId: AppId;
  readonly scopes: ReadonlySet<TokenScope>;
  /** WABAs assigned to an Employee system user; an Admin system user reaches all of its business's. */
  readonly wabaIds: ReadonlySet<string>;
}

export type AssetAccess = 'ok' | 'missing_scope' | 'missing_asset';

/** Whether the principal may act on a WABA (or something inside it) with the given permission. */
export function accessToWaba(principal: Principal, wabaId: string, scope: TokenScope): AssetAccess {
  if (!principal.scopes.has(scope)) return 'missing_scope';
  if (principal.systemUserRole !== 'ADMIN' && !principal.wabaIds.has(wabaId)) return 'missing_asset';
  return 'ok';
}

/** A signed-in person in the console. */
export interface ConsoleUser {
  readonly businessId: BusinessId;
  readonly memberId: MemberId;
  readonly email: string;
  readonly name: string;
  readonly role: MemberRole;
  readonly csrfToken: string;
}

export interface Member {
  readonly id: MemberId;
  readonly businessId: BusinessId;
  readonly email: string;
  readonly name: string;
  readonly role: MemberRole;
  readonly createdAt: number;
}

export interface SystemUser {
  readonly id: SystemUserId;
  readonly businessId: BusinessId;
  readonly name: string;
  readonly role: SystemUserRole;
  readonly wabaIds: readonly string[];
  readonly createdAt: number;
}

export interface App {
  readonly id: AppId;
  readonly businessId: BusinessId;
  readonly name: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly callbackUrl: string | null;
  readonly subscribedFields: readonly string[];
  /** The Graph version (major) its webhooks are shaped for, as an app's webhook version setting on Meta. */
  readonly webhookVersion: number;
  readonly createdAt: number;
}

export interface AccessTokenInfo {
  readonly id: TokenId;
  readonly businessId: BusinessId;
  readonly systemUserId: SystemUserId;
  readonly appId: AppId;
  readonly hint: string;
  readonly label: string;
  readonly scopes: readonly TokenScope[];
  /** Wall time, never the sandbox clock's: a jump of the sandbox expires no token. */
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
  readonly createdAt: number;
}

export interface Business {
  readonly id: BusinessId;
  readonly name: string;
  readonly verificationStatus: string;
  readonly createdAt: number;
}

/** Masks a secret for display after creation: only its last four characters. */
export const maskSecret = (secret: string): string => `••••${secret.slice(-4)}`;

export const isEmail = (value: string): boolean => /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/.test(value);

/** Webhook fields an app can subscribe to (spec §4.7). */
export const webhookFields = [
  'account_alerts',
  'account_review_update',
  'account_update',
  'business_capability_update',
  'message_template_components_update',
  'message_template_quality_update',
  'message_template_status_update',
  'messages',
  'phone_number_name_update',
  'phone_number_quality_update',
  'security',
  'template_category_update',
  'user_preferences',
] as const;
