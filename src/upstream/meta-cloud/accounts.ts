import { GraphError } from '../../core/graph-errors.js';
import type { AccountsPort, UpstreamWaba } from '../port/accounts.js';
import type { GraphClient } from './graph-client.js';
import type { MetaLinks } from './links.js';
import { notFoundAsUndefined } from './media.js';

/** What Meta does in Business Manager or Embedded Signup, not through a BSP's API. */
const notHere = (what: string): GraphError =>
  new GraphError('permissionDenied', `On Meta's Cloud API, ${what} is done by the business in Meta Business Suite (or Embedded Signup); link the WABA it gives with \`chatapp link\``);

/** Portfolios and WABAs at Meta: read, and subscribed to chatapp's app. */
export class MetaAccounts implements AccountsPort {
  readonly #o: { graph: GraphClient; links: MetaLinks };

  constructor(options: { graph: GraphClient; links: MetaLinks }) {
    this.#o = options;
  }

  async createBusiness(): Promise<{ id: string }> {
    throw notHere('creating a business portfolio');
  }

  async createWaba(): Promise<{ id: string }> {
    throw notHere('creating a WhatsApp Business Account');
  }

  async getWaba(wabaId: string): Promise<UpstreamWaba | undefined> {
    const token = await this.#o.links.token({ wabaId });
    const fields = 'id,name,currency,timezone_id,account_review_status,business_verification_status,health_status';
    const answer = await notFoundAsUndefined(this.#o.graph.call<Record<string, unknown>>({ method: 'GET', path: `/${wabaId}`, token, query: { fields } }));
    if (!answer) return undefined;
    return {
      id: String(answer.id),
      name: String(answer.name ?? ''),
      currency: String(answer.currency ?? 'USD'),
      timezone_id: String(answer.timezone_id ?? '0'),
      account_review_status: String(answer.account_review_status ?? 'PENDING'),
      business_verification_status: String(answer.business_verification_status ?? 'not_verified'),
      health_status: (answer.health_status as UpstreamWaba['health_status'] | undefined) ?? { can_send_message: 'AVAILABLE', entities: [] },
    };
  }

  async requestVerification(): Promise<void> {
    throw notHere('business verification (Security Center)');
  }

  async applyForMetaVerified(): Promise<void> {
    throw notHere('applying for Meta Verified');
  }

  async subscribeApp(wabaId: string): Promise<void> {
    await this.#o.graph.call({ method: 'POST', path: `/${wabaId}/subscribed_apps`, token: await this.#o.links.token({ wabaId }) });
  }
}
