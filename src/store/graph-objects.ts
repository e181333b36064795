import type { BusinessId } from '../core/brand.js';
import type { Executor } from './database.js';

/**
 * The registry of Graph ids: which kind of object an id names and which business owns it, so
 * `GET /{id}` can route to the right capability and answer another tenant's id as not found.
 */
export type GraphObjectKind = 'business' | 'waba' | 'phone_number' | 'app' | 'system_user' | 'media' | 'template';

export interface GraphObject {
  readonly id: string;
  readonly kind: GraphObjectKind;
  readonly businessId: BusinessId;
}

export async function registerGraphObject(db: Executor, object: GraphObject): Promise<void> {
  await db.insertInto('graph_objects').values({ id: object.id, kind: object.kind, business_id: object.businessId }).execute();
}

export async function findGraphObject(db: Executor, id: string): Promise<GraphObject | undefined> {
  const row = await db.selectFrom('graph_objects').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, kind: row.kind as GraphObjectKind, businessId: row.business_id as BusinessId };
}

// An id never changes kind or owner, so what was found once can be remembered (bounded, oldest out first).
const remembered = new WeakMap<Executor, Map<string, GraphObject>>();
const REMEMBER_MAX = 50_000;

/** `findGraphObject` for the request path: one query per id per process. */
export async function lookupGraphObject(db: Executor, id: string): Promise<GraphObject | undefined> {
  let cache = remembered.get(db);
  if (!cache) remembered.set(db, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const found = await findGraphObject(db, id);
  if (found) {
    if (cache.size >= REMEMBER_MAX) cache.delete(cache.keys().next().value!);
    cache.set(id, found);
  }
  return found;
}
