import { invalidParameter } from './graph-errors.js';

/** A Graph cursor page request, cursors already decoded to the id they stand for. */
export interface PageRequest {
  readonly limit: number;
  readonly after?: string;
  readonly before?: string;
}

export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 100;

export const encodeCursor = (id: string): string => Buffer.from(id).toString('base64url');

function decodeCursor(name: string, cursor: string): string {
  const id = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  if (!/^\d+$/.test(id)) throw invalidParameter(`${name} is not a valid cursor`);
  return id;
}

/** Reads `limit`, `after` and `before` as Graph does; a bad value is error 100 naming the parameter. */
export function parsePageRequest(params: Readonly<Record<string, unknown>>): PageRequest {
  const { limit: rawLimit, after, before } = params;
  let limit = DEFAULT_PAGE_LIMIT;
  if (rawLimit !== undefined) {
    limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1) throw invalidParameter('limit must be a positive integer');
    limit = Math.min(limit, MAX_PAGE_LIMIT);
  }
  if (after !== undefined && before !== undefined) throw invalidParameter('after and before cannot be used together');
  return {
    limit,
    ...(typeof after === 'string' ? { after: decodeCursor('after', after) } : {}),
    ...(typeof before === 'string' ? { before: decodeCursor('before', before) } : {}),
  };
}

/** One page of rows in id order. Store functions fetch `limit + 1` rows so we know whether more exist. */
export interface Page<T> {
  readonly items: readonly T[];
  /** More rows exist beyond this page in the direction of travel. */
  readonly hasMore: boolean;
}

/** Puts rows fetched with `fetchPage` semantics back in ascending id order and trims the probe row. */
export function settlePage<T extends { id: string }>(rows: readonly T[], request: PageRequest): Page<T> {
  const hasMore = rows.length > request.limit;
  const items = rows.slice(0, request.limit);
  return { items: request.before ? [...items].reverse() : items, hasMore };
}
