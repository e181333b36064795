import type { NumbersPort, UpstreamPhoneNumber } from '../port/numbers.js';
import type { GraphClient } from './graph-client.js';
import type { MetaLinks } from './links.js';
import { notFoundAsUndefined } from './media.js';

const PROFILE_FIELDS = 'about,address,description,email,profile_picture_url,websites,vertical';

/** A number's life at Meta (spec §8.1): codes, registration, PIN, display name, profile, reads. */
export class MetaNumbers implements NumbersPort {
  readonly #o: { graph: GraphClient; links: MetaLinks; version: number };

  constructor(options: { graph: GraphClient; links: MetaLinks; version: number }) {
    this.#o = options;
  }

  /** The fields chatapp mirrors; the tier's name changed in v24.0. */
  get #fields(): string {
    const tier = this.#o.version >= 24 ? 'whatsapp_business_manager_messaging_limit' : 'messaging_limit_tier';
    return `id,display_phone_number,verified_name,name_status,code_verification_status,status,quality_rating,platform_type,throughput,is_official_business_account,${tier}`;
  }

  async #post(phoneNumberId: string, path: string, json: Record<string, unknown>): Promise<void> {
    await this.#o.graph.call({ method: 'POST', path: `/${phoneNumberId}${path}`, token: await this.#o.links.token({ phoneNumberId }), json });
  }

  async addPhoneNumber(wabaId: string, input: { cc: string; phoneNumber: string; verifiedName: string }): Promise<{ id: string }> {
    const answer = await this.#o.graph.call<{ id: unknown }>({
      method: 'POST',
      path: `/${wabaId}/phone_numbers`,
      token: await this.#o.links.token({ wabaId }),
      json: { cc: input.cc, phone_number: input.phoneNumber, verified_name: input.verifiedName },
    });
    const id = String(answer.id);
    this.#o.links.remember(id, wabaId);
    return { id };
  }

  requestCode(phoneNumberId: string, input: { method: 'SMS' | 'VOICE'; language: string }): Promise<void> {
    return this.#post(phoneNumberId, '/request_code', { code_method: input.method, language: input.language });
  }

  verifyCode(phoneNumberId: string, code: string): Promise<void> {
    return this.#post(phoneNumberId, '/verify_code', { code });
  }

  register(phoneNumberId: string, pin: string): Promise<void> {
    return this.#post(phoneNumberId, '/register', { messaging_product: 'whatsapp', pin });
  }

  deregister(phoneNumberId: string): Promise<void> {
    return this.#post(phoneNumberId, '/deregister', {});
  }

  setPin(phoneNumberId: string, pin: string): Promise<void> {
    return this.#post(phoneNumberId, '', { pin });
  }

  requestDisplayName(phoneNumberId: string, name: string): Promise<void> {
    return this.#post(phoneNumberId, '', { new_display_name: name });
  }

  setProfile(phoneNumberId: string, profile: Record<string, unknown>): Promise<void> {
    return this.#post(phoneNumberId, '/whatsapp_business_profile', { messaging_product: 'whatsapp', ...profile });
  }

  async getProfile(phoneNumberId: string): Promise<Record<string, unknown> | undefined> {
    const token = await this.#o.links.token({ phoneNumberId });
    const answer = await notFoundAsUndefined(this.#o.graph.call<{ data?: Record<string, unknown>[] }>({ method: 'GET', path: `/${phoneNumberId}/whatsapp_business_profile`, token, query: { fields: PROFILE_FIELDS } }));
    const profile = answer?.data?.[0];
    if (!profile) return undefined;
    const { messaging_product: _product, ...rest } = profile;
    return rest;
  }

  async getPhoneNumber(phoneNumberId: string): Promise<UpstreamPhoneNumber | undefined> {
    const token = await this.#o.links.token({ phoneNumberId });
    const answer = await notFoundAsUndefined(this.#o.graph.call<Record<string, unknown>>({ method: 'GET', path: `/${phoneNumberId}`, token, query: { fields: this.#fields } }));
    return answer && toNumber(answer);
  }

  async listPhoneNumbers(wabaId: string): Promise<UpstreamPhoneNumber[]> {
    const token = await this.#o.links.token({ wabaId });
    const answer = await this.#o.graph.call<{ data: Record<string, unknown>[] }>({ method: 'GET', path: `/${wabaId}/phone_numbers`, token, query: { fields: this.#fields, limit: '100' } });
    const numbers = answer.data.map(toNumber);
    for (const n of numbers) this.#o.links.remember(n.id, wabaId);
    return numbers;
  }
}

/** Meta's answer in the port's shape: the tier under its pre-v24 name, absent fields at Meta's defaults. */
function toNumber(a: Record<string, unknown>): UpstreamPhoneNumber {
  const limit = a.whatsapp_business_manager_messaging_limit;
  const tierName = a.messaging_limit_tier ?? (typeof limit === 'object' && limit !== null ? (limit as { current_limit?: unknown }).current_limit : limit);
  return {
    id: String(a.id),
    display_phone_number: String(a.display_phone_number ?? ''),
    verified_name: String(a.verified_name ?? ''),
    name_status: String(a.name_status ?? 'NONE'),
    code_verification_status: String(a.code_verification_status ?? 'NOT_VERIFIED'),
    status: String(a.status ?? 'PENDING'),
    quality_rating: String(a.quality_rating ?? 'UNKNOWN'),
    platform_type: String(a.platform_type ?? 'NOT_APPLICABLE'),
    throughput: { level: String((a.throughput as { level?: unknown } | undefined)?.level ?? 'STANDARD') },
    ...(typeof tierName === 'string' ? { messaging_limit_tier: tierName } : {}),
    is_official_business_account: a.is_official_business_account === true,
  };
}
