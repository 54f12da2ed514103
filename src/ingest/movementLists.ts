/**
 * The movement lists of src/store/movementLists.ts, rebuilt and checked. A rebuild reads the stale
 * months' movements of a stream (`{stream, period}`: index-served on MongoDB), writes their chunks
 * (keyed upserts, journaled under the source's write scope), deletes the chunks a month no longer
 * needs, then the stream's document (no longer stale, unless a writer marked it meanwhile). It runs under
 * the source's sync lock: when a lock is released (a stale or missing list), and by `hub stats rebuild`;
 * `hub stats check` compares the lists with the movements.
 */
import type { Types } from 'mongoose';
import { canonicalJson } from '../model/common';
import { childLogger } from '../infra/log';
import { MovementModel } from '../model/movement';
import { sourceWriteScope } from '../model/sourceRecord';
import type { SourceId } from '../model/reference/agencies';
import { upsertKeyed, type KeyedModel } from '../store/keyed';
import { MOVEMENT_LIST_CHUNK, MovementListChunkModel, MovementListModel, movementListChunkId, readMovementListChunk, type MovementList, type MovementListChunk, type MovementListMonthEntry } from '../store/movementLists';
import { deleteByIds } from '../store/writes';
import { acquireSourceLock, SyncLockedError } from './lock';

const log = childLogger('ingest');

type Row = MovementListChunk['rows'][number];

const byIdDescending = (a: Row, b: Row) => (a._id.toHexString() < b._id.toHexString() ? 1 : -1);

/** Per month, the stream's movements in list order (`_id` descending), as the store holds them now. */
async function movementsByMonth(stream: string, months: readonly string[] | 'all'): Promise<Map<string, Row[]>> {
  const filter = months === 'all' ? { stream } : { stream, period: { $in: [...months] } };
  const byMonth = new Map<string, Row[]>(months === 'all' ? [] : months.map((m) => [m, []]));
  for await (const movement of MovementModel.find(filter).lean<Row>().cursor({ batchSize: 1000 }) as AsyncIterable<Row & { period: string }>) {
    const rows = byMonth.get(movement.period) ?? [];
    rows.push(movement);
    byMonth.set(movement.period, rows);
  }
  for (const rows of byMonth.values()) rows.sort(byIdDescending);
  return byMonth;
}

/** Rebuilds the stale months of `stream`'s list (all of them without a list); the caller holds the source's lock. */
export async function rebuildMovementListLocked(stream: string, at = new Date(), everything = false): Promise<void> {
  const stored = await MovementListModel.findOne({ _id: stream }).lean<MovementList>().exec();
  const staleMonths = stored?.staleMonths ?? [];
  // a list no rebuild has built yet (`rebuiltAt` null: created by a writer's mark) is built whole
  const all = everything || !stored?.rebuiltAt || staleMonths.includes('*') || !Array.isArray(stored.months);
  const byMonth = await movementsByMonth(stream, all ? 'all' : staleMonths);
  const kept = new Map<string, MovementListMonthEntry>(all ? [] : (stored?.months ?? []).map((m) => [m.period, m]));
  const chunks: Array<Record<string, unknown>> = [];
  const gone: Types.ObjectId[] = [];
  const chunkCount = (period: string) => (stored?.months ?? []).find((m) => m.period === period)?.chunkStarts.length ?? 0;
  for (const [period, rows] of byMonth) {
    const starts: string[] = [];
    for (let index = 0; index * MOVEMENT_LIST_CHUNK < rows.length; index++) {
      const slice = rows.slice(index * MOVEMENT_LIST_CHUNK, (index + 1) * MOVEMENT_LIST_CHUNK);
      starts.push(slice[0]!._id.toHexString());
      chunks.push({ stream, period, index, rows: slice });
    }
    for (let index = starts.length; index < chunkCount(period); index++) gone.push(movementListChunkId(stream, period, index));
    if (rows.length > 0) kept.set(period, { period, count: rows.length, chunkStarts: starts });
    else kept.delete(period);
  }
  if (all) {
    for (const month of stored?.months ?? []) {
      if (!byMonth.has(month.period)) for (let index = 0; index < month.chunkStarts.length; index++) gone.push(movementListChunkId(stream, month.period, index));
    }
  }
  await upsertKeyed(MovementListChunkModel as unknown as KeyedModel, ['stream', 'period', 'index'], chunks, { scope: sourceWriteScope(stream as SourceId) });
  if (gone.length > 0) await deleteByIds(MovementListChunkModel, gone);
  const months = [...kept.values()].sort((a, b) => (a.period < b.period ? 1 : -1));
  // no longer stale only if no writer marked the list since it was read (a party merge takes no lock);
  // else the months are written and the marks kept, for the next rebuild
  const unmarked = await MovementListModel.updateOne({ _id: stream, revision: stored?.revision ?? null }, { $set: { months, stale: false, staleMonths: [], rebuiltAt: at } }).exec();
  if (unmarked.matchedCount === 0) await MovementListModel.updateOne({ _id: stream }, { $set: { stream, months, rebuiltAt: at } }, { upsert: true }).exec();
}

/**
 * The source's lock is being released: a list marked stale (by this holder's writes, a party merge,
 * or a holder that died) has its stale months rebuilt, and a stream without a list yet (a new
 * database, an upgrade) gets one. One point read when it is neither.
 */
export async function refreshMovementListIfStale(stream: string): Promise<boolean> {
  const list = await MovementListModel.findOne({ _id: stream }, { stale: 1 }).lean<Pick<MovementList, 'stale'>>().exec();
  if (list && !list.stale) return false;
  await rebuildMovementListLocked(stream);
  return true;
}

/**
 * Rebuilds the whole lists of `streams` each under its source's lock (taking it); a stream a sync
 * holds locked is skipped and named in `locked`.
 */
export async function rebuildMovementLists(streams: readonly string[]): Promise<{ rebuilt: string[]; locked: string[] }> {
  const result = { rebuilt: [] as string[], locked: [] as string[] };
  for (const stream of streams) {
    let lock;
    try {
      lock = await acquireSourceLock(stream);
    } catch (error) {
      if (!(error instanceof SyncLockedError)) throw error;
      result.locked.push(stream);
      continue;
    }
    try {
      await rebuildMovementListLocked(stream, new Date(), true);
      result.rebuilt.push(stream);
    } finally {
      await lock.release();
    }
  }
  if (result.locked.length > 0) log.info({ locked: result.locked }, 'movement lists of sources being synced were not rebuilt');
  return result;
}

/**
 * The lists a page of `streams` can be served from: every stream's; null when one is stale or missing
 * (a new database, an upgrade), and the caller takes the query instead. A reader never takes a source's
 * lock (a sync starting then would be refused): the next lock release builds what is missing, and so
 * does `hub stats rebuild`.
 */
export async function usableMovementLists(streams: readonly string[], read: (streams: readonly string[]) => Promise<Map<string, MovementList>>): Promise<Map<string, MovementList> | null> {
  const lists = await read(streams);
  if (streams.some((stream) => !lists.get(stream) || lists.get(stream)!.stale)) return null;
  return lists;
}

export interface MovementListDrift {
  stream: string;
  period: string;
  stored: number;
  actual: number;
}

/** Months whose stored list differs from the movements (count, rows or their order); empty when they agree. */
export async function checkMovementLists(streams: readonly string[]): Promise<MovementListDrift[]> {
  const drift: MovementListDrift[] = [];
  for (const stream of streams) {
    const byMonth = await movementsByMonth(stream, 'all');
    const list = await MovementListModel.findOne({ _id: stream }).lean<MovementList>().exec();
    const periods = new Set([...byMonth.keys(), ...(list?.months ?? []).map((m) => m.period)]);
    for (const period of periods) {
      const actual = byMonth.get(period) ?? [];
      const entry = list?.months.find((m) => m.period === period);
      const stored: Row[] = [];
      for (let index = 0; index < (entry?.chunkStarts.length ?? 0); index++) stored.push(...(await readMovementListChunk(stream, period, index)));
      if (list?.stale || entry?.count !== actual.length || canonicalJson(JSON.parse(JSON.stringify(stored))) !== canonicalJson(JSON.parse(JSON.stringify(actual)))) {
        drift.push({ stream, period, stored: entry?.count ?? 0, actual: actual.length });
      }
    }
  }
  return drift;
}
