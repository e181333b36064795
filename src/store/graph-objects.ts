import type { BusinessId } from '../core/brand.js';
import type { Executor } from './database.js';

/**
 * The registry of Graph ids: which kind of object an id names and which business owns it, so
 * `GET /{id}` can route to the right capability and answer another tenant's id as not found.
 */
export type GraphObjectKind = 'business' | 'waba' | 'phone_number' | 'app' | 'system_user';

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
