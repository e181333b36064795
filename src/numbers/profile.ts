import { invalidParameter } from '../core/graph-errors.js';

/** A number's WhatsApp Business profile (spec §8.2), and the pure rules of updating it. */
export interface BusinessProfile {
  readonly about: string | null;
  readonly address: string | null;
  readonly description: string | null;
  readonly email: string | null;
  readonly websites: readonly string[];
  readonly vertical: string | null;
  /** Where the picture is served: a path on chatapp (`/pps/<key>`), made absolute when presented. */
  readonly profilePictureUrl: string | null;
}

export const emptyProfile: BusinessProfile = { about: null, address: null, description: null, email: null, websites: [], vertical: null, profilePictureUrl: null };

export const verticals = [
  'OTHER', 'AUTO', 'BEAUTY', 'APPAREL', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GROCERY', 'GOVT', 'HOTEL', 'HEALTH', 'NONPROFIT',
  'PROF_SERVICES', 'RETAIL', 'TRAVEL', 'RESTAURANT', 'ALCOHOL', 'ONLINE_GAMBLING', 'PHYSICAL_GAMBLING', 'OTC_DRUGS', 'UNDEFINED', 'NOT_A_BIZ',
] as const;

const TEXT_LIMITS = { about: 139, address: 256, description: 256, email: 128 } as const;

/**
 * Applies a `POST …/whatsapp_business_profile` body: each field given is checked and replaces the
 * old; others stay. `picture` is where the file `profile_picture_handle` names is served, which the
 * caller resolved (an upload is I/O).
 */
export function updateProfile(current: BusinessProfile, body: Record<string, unknown>, picture?: string): BusinessProfile {
  if (body.messaging_product !== 'whatsapp') throw invalidParameter('messaging_product must be "whatsapp"');
  const next: { -readonly [K in keyof BusinessProfile]: BusinessProfile[K] } = { ...current };
  for (const field of Object.keys(TEXT_LIMITS) as (keyof typeof TEXT_LIMITS)[]) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw invalidParameter(`${field} must be a string`);
    if ([...value].length > TEXT_LIMITS[field]) throw invalidParameter(`${field} must be at most ${TEXT_LIMITS[field]} characters`);
    if (field === 'email' && value !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw invalidParameter('email must be an email address');
    next[field] = value === '' ? null : value;
  }
  if (body.websites !== undefined) {
    const websites = typeof body.websites === 'string' ? safeArray(body.websites) : body.websites;
    if (!Array.isArray(websites) || websites.length > 2 || !websites.every((w) => typeof w === 'string')) throw invalidParameter('websites must be a list of at most 2 URLs');
    for (const [i, w] of (websites as string[]).entries()) {
      if (w.length > 256 || !/^https?:\/\/[^\s]+$/.test(w)) throw invalidParameter(`websites[${i}] must be an http(s) URL of at most 256 characters`);
    }
    next.websites = websites as string[];
  }
  if (body.vertical !== undefined) {
    if (typeof body.vertical !== 'string' || !(verticals as readonly string[]).includes(body.vertical)) throw invalidParameter(`vertical must be one of ${verticals.join(', ')}`);
    next.vertical = body.vertical;
  }
  if (body.profile_picture_handle !== undefined) {
    if (picture === undefined) throw invalidParameter('profile_picture_handle: the handle was not resolved to a file');
    next.profilePictureUrl = picture;
  }
  return next;
}

function safeArray(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.split(',').map((s) => s.trim());
  }
}

/** The profile as Graph presents it, inside `data`; `base` is chatapp's URL, where the picture is served. */
export const presentProfile = (p: BusinessProfile, base: string): Record<string, unknown> => ({
  about: p.about ?? undefined,
  address: p.address ?? undefined,
  description: p.description ?? undefined,
  email: p.email ?? undefined,
  messaging_product: 'whatsapp',
  profile_picture_url: p.profilePictureUrl === null ? undefined : `${base.replace(/\/+$/, '')}${p.profilePictureUrl}`,
  websites: p.websites.length ? p.websites : undefined,
  vertical: p.vertical ?? undefined,
});

export const profileDefaultFields = ['about', 'address', 'description', 'email', 'messaging_product', 'profile_picture_url', 'websites', 'vertical'] as const;
