import type { FastifyRequest } from 'fastify';
import { invalidParameter } from '../../../core/graph-errors.js';
import { selectFields, type GraphFields } from '../../../core/graph-fields.js';
import { encodeCursor, parsePageRequest } from '../../../core/paging.js';
import { splitCallingCode } from '../../../core/phone.js';
import type { UpstreamPhoneNumber, UpstreamTemplate, UpstreamWaba } from '../../types.js';

/** How the standalone server presents Meta's objects: the port's shapes, with `fields` picked as Graph picks them. */

/** Meta's default fields of a phone number (spec §8.1). */
export const phoneNumberDefaultFields = ['verified_name', 'code_verification_status', 'display_phone_number', 'quality_rating', 'platform_type', 'throughput', 'id'] as const;
export const wabaDefaultFields = ['id', 'name', 'currency', 'timezone_id', 'message_template_namespace'] as const;
export const templateDefaultFields = ['name', 'parameter_format', 'components', 'language', 'status', 'category', 'id'] as const;
export const profileDefaultFields = ['about', 'address', 'description', 'email', 'profile_picture_url', 'websites', 'vertical', 'messaging_product'] as const;

/** A number node; the messaging limit is version-gated as on Meta: `messaging_limit_tier` to v23.0, then `whatsapp_business_manager_messaging_limit`. */
export function presentPhoneNumber(n: UpstreamPhoneNumber, version: number, fields: unknown): GraphFields {
  const { messaging_limit_tier: tier, ...rest } = n;
  const { callingCode, country } = splitCallingCode(n.display_phone_number.replace(/\D/g, ''));
  const node = {
    ...rest,
    account_mode: 'LIVE',
    country_code: country ?? 'UNKNOWN',
    country_dial_code: callingCode,
    ...(tier === undefined ? {} : version >= 24 ? { whatsapp_business_manager_messaging_limit: tier } : { messaging_limit_tier: tier }),
  };
  return selectFields(node, { requested: fields, defaults: phoneNumberDefaultFields, nodeType: 'WhatsAppBusinessPhoneNumber' });
}

export function presentWaba(w: UpstreamWaba, fields: unknown): GraphFields {
  const node = { ...w, message_template_namespace: templateNamespace(w.id), ownership_type: 'SELF' };
  return selectFields(node, { requested: fields, defaults: wabaDefaultFields, nodeType: 'WhatsAppBusinessAccount' });
}

export function presentTemplate(t: UpstreamTemplate, fields: unknown): GraphFields {
  return selectFields({ ...t }, { requested: fields, defaults: templateDefaultFields, nodeType: 'WhatsAppBusinessHSM' });
}

/** The profile as Meta answers it: flat in `data[]`, `messaging_product` always there (spec §8.2). */
export function presentProfile(profile: Readonly<Record<string, unknown>>, fields: unknown): GraphFields {
  const node = { about: undefined, address: undefined, description: undefined, email: undefined, profile_picture_url: undefined, websites: undefined, vertical: undefined, ...profile, messaging_product: 'whatsapp' };
  return { ...selectFields(node, { requested: fields, defaults: profileDefaultFields, nodeType: 'WhatsAppBusinessProfile' }), messaging_product: 'whatsapp' };
}

/** Meta's namespace is a UUID-like string with underscores; derived from the WABA id, so it is stable. */
function templateNamespace(seed: string): string {
  const hex = Buffer.from(seed).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}_${hex.slice(8, 12)}_${hex.slice(12, 16)}_${hex.slice(16, 20)}_${hex.slice(20)}`;
}

const byId = (a: { id: string }, b: { id: string }): number => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * A Graph list answer over a list the simulator holds in full (a WABA's numbers or templates):
 * `{data, paging: {cursors: {before, after}, next?}}`, in id order, cursors naming ids.
 */
export function presentPage<T extends { id: string }>(request: FastifyRequest, options: { items: readonly T[]; params: Record<string, unknown>; present: (item: T) => unknown; base: string }) {
  const page = parsePageRequest(options.params);
  const sorted = [...options.items].sort(byId);
  let chosen: T[];
  let more: boolean;
  if (page.before !== undefined) {
    const earlier = sorted.filter((t) => byId(t, { id: page.before! }) < 0);
    chosen = earlier.slice(-page.limit);
    more = earlier.length > page.limit;
  } else {
    const later = page.after === undefined ? sorted : sorted.filter((t) => byId(t, { id: page.after! }) > 0);
    chosen = later.slice(0, page.limit);
    more = later.length > page.limit;
  }
  const data = chosen.map(options.present);
  const first = chosen[0];
  const last = chosen[chosen.length - 1];
  if (!first || !last) return { data };
  const paging: Record<string, unknown> = { cursors: { before: encodeCursor(first.id), after: encodeCursor(last.id) } };
  if (more && page.before === undefined) {
    const next = new URL(request.originalUrl ?? request.url, options.base);
    next.searchParams.delete('before');
    next.searchParams.set('after', encodeCursor(last.id));
    paging.next = next.toString();
  }
  return { data, paging };
}

/** `?status=APPROVED&name=…&category=…&language=…` of a template list. */
export function templateFilter(params: Record<string, unknown>): (t: UpstreamTemplate) => boolean {
  const text = (name: string): string | undefined => (params[name] === undefined || params[name] === '' ? undefined : String(params[name]));
  const status = text('status')?.toUpperCase();
  const category = text('category')?.toUpperCase();
  const { name, language } = { name: text('name'), language: text('language') };
  if (status !== undefined && !/^[A-Z_]+$/.test(status)) throw invalidParameter('status must be a template status, such as APPROVED');
  return (t) =>
    (status === undefined || t.status === status) &&
    (category === undefined || t.category === category) &&
    (name === undefined || t.name.includes(name)) &&
    (language === undefined || t.language === language);
}
