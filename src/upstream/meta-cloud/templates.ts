import type { TemplatesPort, UpstreamTemplate } from '../port/templates.js';
import type { Owner } from '../types.js';
import type { GraphClient } from './graph-client.js';
import type { MetaLinks } from './links.js';
import { notFoundAsUndefined } from './media.js';

const FIELDS = 'id,name,language,category,status,parameter_format,components,quality_score,rejected_reason';

/** Templates at Meta (spec §3): review happens there; its decisions arrive by webhook. */
export class MetaTemplates implements TemplatesPort {
  readonly #o: { graph: GraphClient; links: MetaLinks };

  constructor(options: { graph: GraphClient; links: MetaLinks }) {
    this.#o = options;
  }

  async createTemplate(wabaId: string, definition: Record<string, unknown>): Promise<{ id: string; status: string; category: string }> {
    const token = await this.#o.links.token({ wabaId });
    const answer = await this.#o.graph.call<{ id: unknown; status: unknown; category: unknown }>({ method: 'POST', path: `/${wabaId}/message_templates`, token, json: definition });
    return { id: String(answer.id), status: String(answer.status), category: String(answer.category) };
  }

  async editTemplate(templateId: string, changes: Record<string, unknown>, owner: Owner): Promise<void> {
    await this.#o.graph.call({ method: 'POST', path: `/${templateId}`, token: await this.#o.links.token(owner), json: changes });
  }

  async deleteTemplate(wabaId: string, by: { name: string; hsmId?: string | undefined }): Promise<void> {
    await this.#o.graph.call({ method: 'DELETE', path: `/${wabaId}/message_templates`, token: await this.#o.links.token({ wabaId }), query: { name: by.name, hsm_id: by.hsmId } });
  }

  async unpauseTemplate(templateId: string, owner: Owner): Promise<void> {
    await this.#o.graph.call({ method: 'POST', path: `/${templateId}/unpause`, token: await this.#o.links.token(owner) });
  }

  async getTemplate(templateId: string, owner: Owner): Promise<UpstreamTemplate | undefined> {
    return notFoundAsUndefined(this.#o.graph.call<UpstreamTemplate>({ method: 'GET', path: `/${templateId}`, token: await this.#o.links.token(owner), query: { fields: FIELDS } }));
  }

  /** Every template of the WABA, page by page. */
  async listTemplates(wabaId: string): Promise<UpstreamTemplate[]> {
    const token = await this.#o.links.token({ wabaId });
    const all: UpstreamTemplate[] = [];
    let after: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const answer = await this.#o.graph.call<{ data: UpstreamTemplate[]; paging?: { cursors?: { after?: string }; next?: string } }>({
        method: 'GET',
        path: `/${wabaId}/message_templates`,
        token,
        query: { fields: FIELDS, limit: '100', after },
      });
      all.push(...answer.data);
      after = answer.paging?.next ? answer.paging.cursors?.after : undefined;
      if (!after) break;
    }
    return all;
  }
}
