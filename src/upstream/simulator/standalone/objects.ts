import { objectNotFound } from '../../../core/graph-errors.js';
import { isGraphId } from '../../../core/ids.js';
import type { Store } from '../../../store/database.js';
import { findNumber, findWaba } from '../directory-store.js';
import { findSimMedia } from '../media-store.js';
import { findSimTemplate } from '../template-store.js';
import type { Caller } from './apps.js';
import type { Owner } from '../../types.js';
import { findApp } from './apps-store.js';

/** Whose token a port call about this object would take (the simulator, being Meta, does not look). */
export function ownerOf(object: SimObject): Owner {
  if (object.phoneNumberId !== undefined) return { phoneNumberId: object.phoneNumberId };
  if (object.wabaId !== undefined) return { wabaId: object.wabaId };
  return { wabaId: object.id };
}

export type ObjectKind = 'waba' | 'phone_number' | 'template' | 'media' | 'app';

/** What a Graph id names on Meta's side, and whose it is. None of these facts ever changes. */
export interface SimObject {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly businessId: string;
  /** The WABA of a number or template. */
  readonly wabaId?: string;
  /** A number's E.164 digits (its calling code decides how a national `to` is read). */
  readonly digits?: string;
  /** The number a media item was uploaded to or received by. */
  readonly phoneNumberId?: string;
}

/**
 * `/{id}` names a WABA, a number, a template, a media item or an app depending on the id: this
 * finds which, on the simulator's own tables, and keeps businesses apart — another business's id
 * answers exactly as an unknown one (Meta's 100 with subcode 33).
 */
export class GraphObjects {
  readonly #store: Store;
  /** Found objects only: an id unknown now may be created a moment later by another process. */
  readonly #found = new Map<string, SimObject>();

  constructor(options: { store: Store }) {
    this.#store = options.store;
  }

  async find(id: string): Promise<SimObject | undefined> {
    if (!isGraphId(id)) return undefined;
    const cached = this.#found.get(id);
    if (cached) return cached;
    const found = await this.#lookup(id);
    if (found) {
      if (this.#found.size >= 10_000) this.#found.delete(this.#found.keys().next().value!);
      this.#found.set(id, found);
    }
    return found;
  }

  /** The object `id` names if it is the caller's and one of `kinds`; Meta's "does not exist" otherwise. */
  async own(caller: Caller, id: string, kinds: readonly ObjectKind[], method: 'get' | 'post' | 'delete' = 'get'): Promise<SimObject> {
    const found = await this.find(id);
    if (!found || found.businessId !== caller.businessId || !kinds.includes(found.kind)) throw objectNotFound(id, method);
    return found;
  }

  async #lookup(id: string): Promise<SimObject | undefined> {
    const db = this.#store.db;
    const number = await findNumber(db, id);
    if (number) return { kind: 'phone_number', id, businessId: number.businessId, wabaId: number.wabaId, digits: number.digits };
    const waba = await findWaba(db, id);
    if (waba) return { kind: 'waba', id, businessId: waba.businessId };
    const template = await findSimTemplate(db, id);
    if (template) {
      const owner = await findWaba(db, template.wabaId);
      return owner && { kind: 'template', id, businessId: owner.businessId, wabaId: template.wabaId };
    }
    const media = await findSimMedia(db, id);
    if (media) return { kind: 'media', id, businessId: media.businessId, phoneNumberId: media.phoneNumberId };
    const app = await findApp(db, id);
    if (app) return { kind: 'app', id, businessId: app.businessId };
    return undefined;
  }
}
