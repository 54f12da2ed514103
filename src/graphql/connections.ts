/**
 * The one Relay connection of the API (DESIGN §7): keyset pages over a sort key with `_id` as the
 * tie-breaker, opaque cursors, `first`/`after`, a maximum page size, and a `totalCount` that costs a
 * query only when the client selects it. Keyset rather than skip/limit so a deep page costs the same as
 * the first and rows inserted meanwhile do not shift the pages.
 *
 * Cursors are signed (HMAC-SHA256 with TOKEN_SECRET, or a per-process secret without it): a client can
 * only hand back positions this API gave it, never a forged one such as a sort value of 1e308. This is
 * the one cursor codec of the API; flags page through it too (their keyset query is in reconcile/flagQuery).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Types, type FilterQuery, type Model } from 'mongoose';
import { config } from '../config';
import { badInput, echo } from './errors';

export const DEFAULT_PAGE_SIZE = 50;

/** How a connection is ordered. The field must hold a non-null value of `kind` on every document. */
export interface SortKey<D> {
  /** names the connection inside its cursors, so a cursor of one list is refused by another */
  name: string;
  field: (keyof D & string) | '_id';
  direction: 1 | -1;
  kind: 'string' | 'number' | 'date' | 'id';
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** What a connection field returns: the page is read eagerly, the count only through `count()`. */
export interface ConnectionPage<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  count(): Promise<number>;
}

export type Stored<D> = D & { _id: Types.ObjectId };

type SortValue = string | number | Date | Types.ObjectId;

interface CursorBody {
  k: string;
  v: string | number;
  id: string;
}

/** `first` within 0…API_MAX_PAGE_SIZE, else BAD_USER_INPUT naming the limit. */
export function pageSize(first: number | null | undefined, argument = 'first'): number {
  const max = config().API_MAX_PAGE_SIZE;
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > max) {
    throw badInput(`${argument} must be between 0 and ${max} (API_MAX_PAGE_SIZE); got ${size}`, argument);
  }
  return size;
}

function sortValueOf<D>(doc: Stored<D>, sort: SortKey<D>): SortValue {
  const value = (doc as Record<string, unknown>)[sort.field];
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date || value instanceof Types.ObjectId) return value;
  // a document without its sort value cannot be placed in the keyset: a programming error, not the caller's
  throw new TypeError(`${sort.name}: document ${doc._id.toHexString()} has no ${sort.field} to page by`);
}

let processSecret: Buffer | undefined;
/** Without TOKEN_SECRET a process signs with its own random secret: its cursors work only against it. */
function cursorSecret(): Buffer {
  const configured = config().TOKEN_SECRET;
  return configured ? Buffer.from(`cursor:${configured}`) : (processSecret ??= randomBytes(32));
}

const signatureOf = (payload: string) => createHmac('sha256', cursorSecret()).update(payload).digest().subarray(0, 16);

export function encodeCursor<D>(doc: Stored<D>, sort: SortKey<D>): string {
  const value = sortValueOf(doc, sort);
  const v = value instanceof Date ? value.toISOString() : value instanceof Types.ObjectId ? value.toHexString() : value;
  const payload = Buffer.from(JSON.stringify({ k: sort.name, v, id: doc._id.toHexString() } satisfies CursorBody)).toString('base64url');
  return `${payload}.${signatureOf(payload).toString('base64url')}`;
}

/** The body of a cursor whose signature holds, else null. */
function verifiedBody(cursor: string): Partial<CursorBody> | null {
  const dot = cursor.lastIndexOf('.');
  if (dot < 0) return null;
  const payload = cursor.slice(0, dot);
  const presented = Buffer.from(cursor.slice(dot + 1), 'base64url');
  const expected = signatureOf(payload);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    return null;
  }
}

/** The sort value and id a cursor stands for; any cursor this list did not issue is BAD_USER_INPUT. */
export function decodeCursor<D>(cursor: string, sort: SortKey<D>): { value: SortValue; id: Types.ObjectId } {
  const refuse = () => badInput(`cursor "${echo(cursor)}" is not one this list issued`, 'after');
  const body = verifiedBody(cursor);
  if (body === null) throw refuse();
  if (body === null || typeof body !== 'object' || body.k !== sort.name || typeof body.id !== 'string' || !/^[0-9a-f]{24}$/.test(body.id)) throw refuse();
  const id = new Types.ObjectId(body.id);
  const v = body.v;
  switch (sort.kind) {
    case 'string':
      if (typeof v === 'string') return { value: v, id };
      break;
    case 'number':
      if (typeof v === 'number' && Number.isFinite(v)) return { value: v, id };
      break;
    case 'date': {
      const date = typeof v === 'string' ? new Date(v) : null;
      if (date && !Number.isNaN(date.getTime())) return { value: date, id };
      break;
    }
    case 'id':
      if (typeof v === 'string' && /^[0-9a-f]{24}$/.test(v)) return { value: new Types.ObjectId(v), id };
      break;
  }
  throw refuse();
}

/** Documents strictly after the cursor position in list order. */
function beyond<D>(sort: SortKey<D>, value: SortValue, id: Types.ObjectId): FilterQuery<D> {
  const op = sort.direction === 1 ? '$gt' : '$lt';
  if (sort.field === '_id') return { _id: { [op]: id } } as FilterQuery<D>;
  return { $or: [{ [sort.field]: { [op]: value } }, { [sort.field]: value, _id: { [op]: id } }] } as FilterQuery<D>;
}

/**
 * One page of `model` under `query` in `sort` order. Reads `first + 1` documents to know whether more
 * follow, in one reply batch (one larger than the limit: a full batch leaves the embedded store's cursor open and
 * costs an empty getMore), so a page costs one query; the count is a second query, run only if `count()` is called.
 */
export async function paginate<D>(model: Model<D>, query: FilterQuery<D>, sort: SortKey<D>, args: PageArgs): Promise<ConnectionPage<Stored<D>>> {
  const first = pageSize(args.first);
  const after = args.after ?? null;
  let pageQuery = query;
  if (after !== null) {
    const { value, id } = decodeCursor(after, sort);
    const rest = beyond(sort, value, id);
    pageQuery = Object.keys(query).length ? ({ $and: [query, rest] } as FilterQuery<D>) : rest;
  }
  const order: Record<string, 1 | -1> = sort.field === '_id' ? { _id: sort.direction } : { [sort.field]: sort.direction, _id: sort.direction };
  const found = await model.find(pageQuery).sort(order).limit(first + 1).batchSize(first + 2).lean<Stored<D>[]>().exec();
  // unfiltered, the collection's own count (metadata) rather than a count of every document
  const count = () => (Object.keys(query).length === 0 ? model.estimatedDocumentCount().exec() : model.countDocuments(query).exec());
  return connectionPage(found.slice(0, first), sort, { hasNextPage: found.length > first, after }, count);
}

/**
 * A page of `nodes` (already in `sort` order, read however the list is stored) with its cursors; `count`
 * runs at most once, and only if `totalCount` is selected.
 */
export function connectionPage<D>(nodes: Stored<D>[], sort: SortKey<D>, page: { hasNextPage: boolean; after: string | null }, count: () => Promise<number>): ConnectionPage<Stored<D>> {
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node, sort), node }));
  let counted: Promise<number> | null = null;
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    count: () => (counted ??= count()),
  };
}

