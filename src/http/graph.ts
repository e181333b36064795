import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accessToWaba, type Principal, type TokenScope } from '../accounts/model.js';
import type { AccountsService } from '../accounts/service.js';
import { GraphError, invalidParameter, objectNotFound } from '../core/graph-errors.js';
import { encodeCursor, type Page, type PageRequest } from '../core/paging.js';
import type { Store } from '../store/database.js';
import { lookupGraphObject, type GraphObject, type GraphObjectKind } from '../store/graph-objects.js';
import { splitFieldExpansions } from './fields.js';
import { bearerToken, graphParams } from '../core/graph-request.js';
import { graphVersionOf } from '../core/graph-version.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who a Graph request acts for; set by the Graph plugin's auth hook. */
    principal: Principal | null;
    /** The Graph API version of the request (the latest for unversioned paths). */
    graphVersion: number;
  }
}

// Reading a Graph request's parameters and token lives in core/, shared with the standalone simulator's server.
export { bearerToken, graphParams } from '../core/graph-request.js';

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new GraphError('invalidToken', 'An access token is required to request this resource.');
  return request.principal;
}

/** A token without the permission an endpoint needs: Meta's error 10. */
export function requireScope(principal: Principal, scope: TokenScope): void {
  if (!principal.scopes.has(scope)) throw new GraphError('permissionDenied', `This action requires the ${scope} permission`);
}

/** Authorises a principal on a WABA: Meta answers 10 for a missing permission and 200 for a missing asset. */
export function authorizeWaba(principal: Principal, wabaId: string, scope: TokenScope): void {
  switch (accessToWaba(principal, wabaId, scope)) {
    case 'ok':
      return;
    case 'missing_scope':
      return requireScope(principal, scope);
    case 'missing_asset':
      throw new GraphError('permissionsError', `The system user of this token has no access to WhatsApp Business Account ${wabaId}`);
  }
}

/** Everything a node handler needs: the request, who is asking and the object the id names. */
export interface NodeContext {
  readonly request: FastifyRequest;
  readonly principal: Principal;
  readonly object: GraphObject;
  readonly params: Record<string, unknown>;
}

export type NodeHandler = (ctx: NodeContext) => Promise<unknown>;

export interface NodeHandlers {
  get?: NodeHandler;
  post?: NodeHandler;
  delete?: NodeHandler;
}

/**
 * `/{id}` means a WABA, a number, a template or a media item depending on the id. Capabilities
 * register a handler per kind; the registry resolves the id and keeps tenants apart: an id of
 * another business is answered exactly like an unknown one.
 */
export class GraphNodes {
  readonly #handlers = new Map<GraphObjectKind, NodeHandlers>();
  readonly #updaters = new Map<GraphObjectKind, Map<string, NodeUpdater>>();
  readonly #fields = new Map<GraphObjectKind, Map<string, FieldResolver>>();

  register(kind: GraphObjectKind, handlers: NodeHandlers): void {
    this.#handlers.set(kind, { ...this.#handlers.get(kind), ...handlers });
  }

  /**
   * `POST /{id}` updating one field of a node, for nodes whose fields belong to different
   * capabilities (a number's `webhook_configuration` to webhooks, its `pin` to numbers). A POST
   * runs the updater of every field it names and answers `{"success": true}`.
   */
  registerUpdate(kind: GraphObjectKind, field: string, update: NodeUpdater): void {
    let updaters = this.#updaters.get(kind);
    if (!updaters) this.#updaters.set(kind, (updaters = new Map()));
    updaters.set(field, update);
  }

  /**
   * A field of a node that another capability serves, read through its field expansion
   * (`GET /{waba}?fields=name,pricing_analytics.start(…)…`, spec §8.4): analytics answers it, not numbers.
   */
  registerField(kind: GraphObjectKind, name: string, resolve: FieldResolver): void {
    let resolvers = this.#fields.get(kind);
    if (!resolvers) this.#fields.set(kind, (resolvers = new Map()));
    resolvers.set(name, resolve);
  }

  /**
   * Answers a node read whose `fields` may name registered fields: `own` picks the node's own fields
   * from the rest of the list (its defaults when no list was given), each registered field gets its
   * expansion's raw text, and the answer keeps the order asked with `id` last, as Graph does.
   */
  async resolveFields(ctx: NodeContext, own: (requested: unknown) => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
    const resolvers = this.#fields.get(ctx.object.kind);
    const raw = ctx.params.fields;
    if (!resolvers || typeof raw !== 'string') return own(raw);
    const items = splitFieldExpansions(raw);
    const served = items.filter((item) => resolvers.has(fieldNameOf(item)));
    if (served.length === 0) return own(raw);
    const rest = items.filter((item) => !resolvers.has(fieldNameOf(item)));
    const [picked, values] = await Promise.all([
      rest.length > 0 ? own(rest.join(',')) : Promise.resolve<Record<string, unknown>>({ id: ctx.object.id }),
      Promise.all(served.map(async (item) => [fieldNameOf(item), await resolvers.get(fieldNameOf(item))!({ ...ctx, expansion: item })] as const)),
    ]);
    const byName = new Map<string, unknown>(values);
    const answer: Record<string, unknown> = {};
    for (const name of items.map(fieldNameOf)) answer[name] = byName.has(name) ? byName.get(name) : picked[name];
    answer.id = picked.id ?? ctx.object.id;
    return answer;
  }

  async dispatch(store: Store, request: FastifyRequest, method: keyof NodeHandlers, id: string): Promise<unknown> {
    const principal = requirePrincipal(request);
    const object = await lookupGraphObject(store.db, id);
    const updaters = method === 'post' && object ? this.#updaters.get(object.kind) : undefined;
    const handler = object && (this.#handlers.get(object.kind)?.[method] ?? (updaters ? runUpdaters(updaters) : undefined));
    if (!object || object.businessId !== principal.businessId || !handler) throw objectNotFound(id, method);
    return handler({ request, principal, object, params: graphParams(request) });
  }
}

export type NodeUpdater = (ctx: NodeContext) => Promise<void>;

/** Serves one registered field of a node; `expansion` is its item of `fields` as written (`analytics.start(1).end(2)…`). */
export type FieldResolver = (ctx: NodeContext & { readonly expansion: string }) => Promise<unknown>;

const fieldNameOf = (item: string): string => item.split(/[.{(\s]/)[0]!;

function runUpdaters(updaters: ReadonlyMap<string, NodeUpdater>): NodeHandler {
  return async (ctx) => {
    const named = [...updaters.keys()].filter((field) => ctx.params[field] !== undefined);
    if (named.length === 0) throw invalidParameter(`Nothing to update: send ${[...updaters.keys()].join(', ')}`);
    for (const field of named) await updaters.get(field)!(ctx);
    return { success: true };
  };
}

/** Resolves an id that an edge route names (`/{id}/phone_numbers`): it must be of `kind` and the caller's. */
export async function resolveNode(store: Store, principal: Principal, id: string, kind: GraphObjectKind, method: keyof NodeHandlers = 'get'): Promise<GraphObject> {
  const object = await lookupGraphObject(store.db, id);
  if (!object || object.kind !== kind || object.businessId !== principal.businessId) throw objectNotFound(id, method);
  return object;
}

/** Hooks every Graph route shares: the version check and bearer authentication. */
export function registerGraphHooks(app: FastifyInstance, accounts: AccountsService): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('graphVersion', 0);
  app.addHook('onRequest', async (request) => {
    const version = graphVersionOf(request.raw);
    if (!version.ok) {
      throw new GraphError('unknownPath', `Graph API version ${version.requested} is not supported; use v17.0 to v25.0`);
    }
    request.graphVersion = version.version;
  });
  app.addHook('preHandler', async (request) => {
    request.principal = await accounts.authenticate(bearerToken(request));
  });
}

/** A Graph list answer: `{data, paging: {cursors: {before, after}, next?, previous?}}`. */
export function presentPage<T extends { id: string }>(
  request: FastifyRequest,
  options: { page: Page<T>; pageRequest: PageRequest; publicUrl: string | undefined; present: (item: T) => unknown },
): { data: unknown[]; paging?: Record<string, unknown> } {
  const { page, pageRequest } = options;
  const data = page.items.map(options.present);
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  if (!first || !last) return { data };
  const cursors = { before: encodeCursor(first.id), after: encodeCursor(last.id) };
  // Forward travel: more ahead means a next page; having come from `after`/`before` means a way back.
  const hasNext = pageRequest.before ? true : page.hasMore;
  const hasPrevious = pageRequest.before ? page.hasMore : pageRequest.after !== undefined;
  const link = (cursor: 'after' | 'before', value: string): string => {
    const base = options.publicUrl ?? `${request.protocol}://${request.host}`;
    const url = new URL(request.originalUrl ?? request.url, base);
    url.searchParams.delete('after');
    url.searchParams.delete('before');
    url.searchParams.delete('access_token');
    url.searchParams.set('limit', String(pageRequest.limit));
    url.searchParams.set(cursor, value);
    return `${base}${url.pathname}${url.search}`;
  };
  return {
    data,
    paging: {
      cursors,
      ...(hasNext ? { next: link('after', cursors.after) } : {}),
      ...(hasPrevious ? { previous: link('before', cursors.before) } : {}),
    },
  };
}

export const sendJson = (reply: FastifyReply, body: unknown): FastifyReply => reply.type('application/json; charset=utf-8').send(body);
