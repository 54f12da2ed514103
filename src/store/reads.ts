/**
 * Reads by `_id`, shaped for the store. MongoDB serves `_id $in` from its index in one round trip;
 * FerretDB v1 answers `$in` by reading the whole collection and has a point read only for a lone
 * `{_id}`. So on FerretDB ids are read one by one, in parallel.
 */
import mongoose, { type Types } from 'mongoose';

/** Up to this many ids are read as parallel point reads on FerretDB; more go as one `$in`. */
export const POINT_READS_MAX = 32;

const pointReadsOnly = new WeakMap<object, Promise<boolean>>();

/** Whether the connected server is FerretDB (its buildInfo names itself), asked once per client. */
export function isPointReadStore(): Promise<boolean> {
  const client = mongoose.connection.getClient();
  let known = pointReadsOnly.get(client);
  if (!known) {
    known = mongoose.connection.db!.admin().command({ buildInfo: 1 }).then((info) => 'ferretdbVersion' in info || 'ferretdb' in info);
    pointReadsOnly.set(client, known);
  }
  return known;
}

interface ByIdModel {
  find(filter: Record<string, unknown>, projection?: Record<string, 0 | 1> | null): { batchSize(n: number): { lean<R>(): { exec(): Promise<R> } } };
  findOne(filter: Record<string, unknown>, projection?: Record<string, 0 | 1> | null): { lean<R>(): { exec(): Promise<R> } };
}

export interface FindByIdsOptions {
  projection?: Record<string, 0 | 1> | null;
  /**
   * Keep the round trips bounded (an API page): more than POINT_READS_MAX ids go as one `$in` even on
   * FerretDB. Without it (batch jobs) every id is a point read there, POINT_READS_MAX at a time.
   */
  boundedRoundTrips?: boolean;
}

/** The documents with these `_id`s (those that exist, in no particular order). */
export async function findByIds<T>(model: ByIdModel, ids: readonly Types.ObjectId[], options: FindByIdsOptions = {}): Promise<T[]> {
  const projection = options.projection ?? null;
  if (ids.length === 0) return [];
  if ((!options.boundedRoundTrips || ids.length <= POINT_READS_MAX) && (await isPointReadStore())) {
    const found: T[] = [];
    for (let i = 0; i < ids.length; i += POINT_READS_MAX) {
      const chunk = await Promise.all(ids.slice(i, i + POINT_READS_MAX).map((_id) => model.findOne({ _id }, projection).lean<T | null>().exec()));
      for (const doc of chunk) if (doc !== null) found.push(doc);
    }
    return found;
  }
  // a first reply batch larger than the answer: no getMore round trips, and FerretDB closes the cursor
  return model.find({ _id: { $in: [...ids] } }, projection).batchSize(ids.length + 1).lean<T[]>().exec();
}
