/**
 * Index-shape check (issue #12): production is MongoDB 7 and no explain plan is available on the
 * embedded store, so each filter and sort the hub sends is checked against the indexes its models
 * declare instead. A query is served when one index starts with its equality fields (any order),
 * then its sort fields (in order, all in the index's direction or all reversed), then its range
 * fields (any order); a filter with an equality on `_id` or on every field of a unique index is
 * served whatever else it holds (at most one document per value). Shapes, not values: `$in` counts
 * as equality, `$or` is checked branch by branch, `$and` is merged, a range on a sort field bounds
 * the sort (a page after a cursor).
 */

export type IndexKeys = Array<[field: string, direction: 1 | -1 | string]>;

export interface DeclaredIndex {
  keys: IndexKeys;
  unique: boolean;
}

/** One way a query reads a collection: fields by how they are matched, and the sort. */
export interface QueryShape {
  equality: string[];
  range: string[];
  sort: Array<[string, 1 | -1]>;
}

const EQUALITY_OPERATORS = new Set(['$eq', '$in']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return false;
  // ObjectId, Decimal128, Binary… are values, not operator objects
  return !('_bsontype' in value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** How `value` matches its field: an operator object with only `$eq`/`$in` (or a value) is equality. */
function matchKind(value: unknown): 'equality' | 'range' {
  if (!isPlainObject(value)) return 'equality';
  const operators = Object.keys(value);
  if (operators.length === 0 || !operators.every((op) => op.startsWith('$'))) return 'equality';
  return operators.every((op) => EQUALITY_OPERATORS.has(op)) ? 'equality' : 'range';
}

/** The shapes of a filter: one per combination of `$or` branches. */
export function shapesOf(filter: Record<string, unknown>, sort: Record<string, unknown> | Map<string, unknown> | null = null): QueryShape[] {
  // the driver sends a sort as a Map (its key order is the sort's)
  const sortEntries = sort instanceof Map ? [...sort.entries()] : Object.entries(sort ?? {});
  const sortKeys = sortEntries.map(([field, direction]) => [field, Number(direction) < 0 ? -1 : 1] as [string, 1 | -1]);
  return branches(filter).map(({ equality, range }) => {
    const eq = [...new Set(equality)].sort();
    const sorted = sortKeys.filter(([field]) => !eq.includes(field));
    // a range on a sort field (a page after a cursor) is a bound on the sort part of the index
    const ranged = [...new Set(range)].filter((f) => !eq.includes(f) && !sorted.some(([field]) => field === f)).sort();
    return { equality: eq, range: ranged, sort: sorted };
  });
}

interface Branch {
  equality: string[];
  range: string[];
}

function branches(filter: Record<string, unknown>): Branch[] {
  let result: Branch[] = [{ equality: [], range: [] }];
  const product = (alternatives: Branch[]) => {
    result = result.flatMap((b) => alternatives.map((a) => ({ equality: [...b.equality, ...a.equality], range: [...b.range, ...a.range] })));
  };
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') for (const part of value as Record<string, unknown>[]) product(branches(part));
    else if (key === '$or') product((value as Record<string, unknown>[]).flatMap((part) => branches(part)));
    else if (key === '$nor' || key === '$expr' || key === '$where' || key === '$text' || key === '$comment') product([{ equality: [], range: [key] }]);
    else product([matchKind(value) === 'equality' ? { equality: [key], range: [] } : { equality: [], range: [key] }]);
  }
  return result;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Whether `index` serves `shape` (see the module comment). `residual` names the fields a caller may add
 * to a list beside its scope (checkStoreShapes.ts RESIDUAL_FILTERS): the index may match them in its
 * equality prefix or leave them to filter the entries it walks, but it must match every other field,
 * and a query it would walk whole (nothing matched, sorted or bounded) is not served.
 */
export function indexServes(index: DeclaredIndex, shape: QueryShape, residual: readonly string[] = []): boolean {
  const fields = index.keys.map(([field]) => field);
  if (index.unique && fields.length > 0 && fields.every((f) => shape.equality.includes(f))) return true;
  const required = shape.equality.filter((f) => !residual.includes(f));
  const range = shape.range.filter((f) => !residual.includes(f));
  const s = shape.sort.length;
  const r = range.length;
  // the equality prefix: every required field, and any of the residual ones
  for (let e = required.length; e <= shape.equality.length; e++) {
    if (e + s + r === 0 || fields.length < e + s + r) continue;
    const prefix = fields.slice(0, e);
    if (!prefix.every((f) => shape.equality.includes(f)) || !required.every((f) => prefix.includes(f)) || new Set(prefix).size !== e) continue;
    const sortPart = index.keys.slice(e, e + s);
    const sameDirection = shape.sort.every(([field, dir], i) => sortPart[i]![0] === field && Number(sortPart[i]![1]) === dir);
    const reversed = shape.sort.every(([field, dir], i) => sortPart[i]![0] === field && Number(sortPart[i]![1]) === -dir);
    if (!sameDirection && !reversed) continue;
    if (sameSet(fields.slice(e + s, e + s + r), range)) return true;
  }
  return false;
}

const ID_INDEX: DeclaredIndex = { keys: [['_id', 1]], unique: true };

/** The first index that serves the shape, or null; a shape with nothing to match or sort reads everything. */
export function servingIndex(indexes: readonly DeclaredIndex[], shape: QueryShape, residual: readonly string[] = []): DeclaredIndex | null {
  if (shape.equality.length + shape.range.length + shape.sort.length === 0) return null;
  if (shape.equality.includes('_id')) return ID_INDEX;
  // every collection has its `_id` index beside those its models declare
  return [...indexes, ID_INDEX].find((index) => indexServes(index, shape, residual)) ?? null;
}

export const describeShape = (shape: QueryShape) =>
  `eq{${shape.equality.join(',')}} sort{${shape.sort.map(([f, d]) => `${f}:${d}`).join(',')}} range{${shape.range.join(',')}}`;
