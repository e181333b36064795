import { maskSecret, type AccessTokenInfo, type App, type ConsoleUser, type Member, type SystemUser } from './model.js';

/** What leaves the server about accounts: whitelisted fields; secrets masked unless just created. */
export const presentMember = (m: Member) => ({ id: m.id, email: m.email, name: m.name, role: m.role, created_time: iso(m.createdAt) });

export const presentConsoleUser = (u: ConsoleUser) => ({
  business_id: u.businessId,
  member_id: u.memberId,
  email: u.email,
  name: u.name,
  role: u.role,
  csrf_token: u.csrfToken,
});

export const presentSystemUser = (u: SystemUser) => ({ id: u.id, name: u.name, role: u.role, waba_ids: u.wabaIds, created_time: iso(u.createdAt) });

/** An app; `reveal` only in the answer that created it or rotated its secret. */
export const presentApp = (a: App, reveal = false) => ({
  id: a.id,
  name: a.name,
  app_secret: reveal ? a.appSecret : maskSecret(a.appSecret),
  verify_token: reveal ? a.verifyToken : maskSecret(a.verifyToken),
  callback_url: a.callbackUrl,
  subscribed_fields: a.subscribedFields,
  webhook_version: `v${a.webhookVersion}.0`,
  created_time: iso(a.createdAt),
});

export const presentToken = (t: AccessTokenInfo) => ({
  id: t.id,
  label: t.label,
  hint: `…${t.hint}`,
  app_id: t.appId,
  system_user_id: t.systemUserId,
  scopes: t.scopes,
  expires_time: t.expiresAt === null ? null : iso(t.expiresAt),
  revoked_time: t.revokedAt === null ? null : iso(t.revokedAt),
  last_used_time: t.lastUsedAt === null ? null : iso(t.lastUsedAt),
  created_time: iso(t.createdAt),
});

const iso = (ms: number): string => new Date(ms).toISOString();
