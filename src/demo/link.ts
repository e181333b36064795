import type { AccountsService } from '../accounts/service.js';
import { asBusinessId, asPhoneNumberId, asWabaId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { newGraphId } from '../core/ids.js';
import type { NumbersService } from '../numbers/service.js';
import type { TemplatesService } from '../templates/service.js';
import type { MetaLinks } from '../upstream/meta-cloud/links.js';
import type { Upstream } from '../upstream/types.js';
import type { WebhooksService } from '../webhooks/service.js';
import { ensureAccess, type DemoFacts } from './service.js';

/**
 * `chatapp link`: a WABA that lives at Meta becomes a chatapp business's. The business token is
 * kept sealed; the WABA, its numbers (with their profiles) and its templates are read from Meta into
 * chatapp's records; chatapp's Meta app is subscribed to the WABA's webhooks; and the business gets
 * what `chatapp demo` gives (its own token, app secret and verify token, a console Admin). Run
 * again, it refreshes the token and the records and answers the same ids.
 */
export async function linkWaba(options: {
  accounts: AccountsService;
  numbers: NumbersService;
  webhooks: WebhooksService;
  templates: TemplatesService;
  links: MetaLinks;
  upstream: Pick<Upstream, 'getWaba' | 'listPhoneNumbers' | 'subscribeApp'>;
  clock: Clock;
  wabaId: string;
  accessToken: string;
  businessName?: string | undefined;
  dataDir: string;
  baseUrl: string;
}): Promise<DemoFacts> {
  const { accounts, numbers, links, upstream } = options;
  const wabaId = asWabaId(options.wabaId);
  const known = await links.businessOf(wabaId);
  // A new link is tried before anything is kept for a business: a wrong token or WABA changes nothing.
  const probe = asBusinessId(known ?? `pending-${newGraphId(options.clock)}`);
  await links.link({ wabaId, businessId: probe, token: options.accessToken, now: options.clock.now() });
  let meta;
  try {
    meta = await upstream.getWaba(wabaId);
    if (!meta) throw new Error(`Meta does not know WABA ${wabaId}, or the token cannot read it`);
  } catch (error) {
    if (known) throw error;
    await links.unlink(wabaId);
    throw error;
  }
  const name = options.businessName?.trim() || meta.name || `WABA ${wabaId}`;
  const business = known
    ? await accounts.getBusiness(asBusinessId(known))
    : ((await accounts.findBusinessByName(name)) ?? (await accounts.createBusiness({ id: newGraphId(options.clock), name })));
  if (!business) throw new Error(`the business WABA ${wabaId} was linked to is gone`);
  await links.link({ wabaId, businessId: business.id, token: options.accessToken, now: options.clock.now() });

  await numbers.mirrorWaba(business.id, wabaId);
  const listed = await upstream.listPhoneNumbers(wabaId);
  for (const n of listed) {
    await numbers.mirrorNumber(business.id, wabaId, asPhoneNumberId(n.id));
    await numbers.mirrorProfile(business.id, asPhoneNumberId(n.id));
  }
  await options.templates.mirrorListed(business.id, wabaId);
  await upstream.subscribeApp(wabaId);
  const access = await ensureAccess({ accounts, webhooks: options.webhooks, businessId: business.id, name: business.name, wabaId, dataDir: options.dataDir });
  const first = listed[0];
  return {
    business_id: business.id,
    waba_id: wabaId,
    phone_number_id: first?.id ?? '',
    display_phone_number: first?.display_phone_number ?? '',
    ...access,
    base_url: options.baseUrl,
  };
}
