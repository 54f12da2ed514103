/**
 * What the hub asks of the store, seen through the driver's command monitoring: documents returned
 * (find / aggregate / getMore, per collection) and the statements FerretDB v1 answers with a whole
 * collection scan (every filter but a lone `{_id: value}`; updates and deletes too). Used by
 * bench/growth to price routine jobs and by the test suite's index-shape check.
 */
import type { mongo } from 'mongoose';

export interface StoreStatement {
  command: string;
  collection: string;
  filter: Record<string, unknown>;
  sort: Record<string, unknown> | null;
  /** with `origins`: the first stack frame outside node_modules that sent it (file:line) */
  origin?: string;
}

export interface StoreReads {
  /** documents returned to the hub, per collection */
  returned: Map<string, number>;
  /** statements the embedded store answers by reading the whole collection, per collection */
  scans: Map<string, number>;
  statements: StoreStatement[];
}

const READ_COMMANDS = new Set(['find', 'aggregate', 'count', 'distinct', 'findAndModify', 'update', 'delete']);

/** A filter FerretDB v1 serves without a scan: exactly `{_id: <string or ObjectId>}`. */
export function isPointFilter(filter: Record<string, unknown>): boolean {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== '_id') return false;
  const id = filter._id;
  return typeof id === 'string' || (typeof id === 'object' && id !== null && (id as { _bsontype?: string })._bsontype === 'ObjectId');
}

/** The statements (filter and sort) of one command, as the store sees them. */
export function statementsOf(name: string, command: mongo.Document): StoreStatement[] {
  const collection = String(command[name]);
  switch (name) {
    case 'find':
    case 'count':
      return [{ command: name, collection, filter: (command.filter ?? command.query ?? {}) as Record<string, unknown>, sort: (command.sort as Record<string, unknown> | undefined) ?? null }];
    case 'distinct':
      // the values of `key` in index order: what an index on the filter, then the key, serves (DISTINCT_SCAN)
      return [{ command: name, collection, filter: (command.query ?? {}) as Record<string, unknown>, sort: { [String(command.key)]: 1 } }];
    case 'findAndModify':
      return [{ command: name, collection, filter: (command.query ?? {}) as Record<string, unknown>, sort: (command.sort as Record<string, unknown> | undefined) ?? null }];
    case 'aggregate': {
      const pipeline = (command.pipeline ?? []) as mongo.Document[];
      const match = pipeline[0]?.$match as Record<string, unknown> | undefined;
      // only a $sort on the stored documents (right after the $match) reads an index; one after a
      // $group or a $project orders what the pipeline computed
      const sortStage = pipeline[match ? 1 : 0]?.$sort as Record<string, unknown> | undefined;
      return [{ command: name, collection, filter: match ?? {}, sort: sortStage ?? null }];
    }
    case 'update':
      return ((command.updates ?? []) as mongo.Document[]).map((u) => ({ command: name, collection, filter: (u.q ?? {}) as Record<string, unknown>, sort: null }));
    case 'delete':
      return ((command.deletes ?? []) as mongo.Document[]).map((d) => ({ command: name, collection, filter: (d.q ?? {}) as Record<string, unknown>, sort: null }));
    default:
      return [];
  }
}

/** Records every command `client` sends until the returned `stop()` is called (connect it with `monitorCommands`). */
export function monitorStore(client: mongo.MongoClient, options: { origins?: boolean } = {}): { reads: StoreReads; stop(): void; reset(): void } {
  const reads: StoreReads = { returned: new Map(), scans: new Map(), statements: [] };
  const cursorCollections = new Map<number, string>();
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  if (!client.options.monitorCommands) throw new Error('monitorStore: the client was connected without monitorCommands');
  const started = (event: mongo.CommandStartedEvent) => {
    const name = event.commandName;
    if (name === 'getMore') {
      cursorCollections.set(event.requestId, String(event.command.collection));
      return;
    }
    if (!READ_COMMANDS.has(name)) return;
    cursorCollections.set(event.requestId, String(event.command[name]));
    const origin = options.origins ? originOf() : undefined;
    for (const statement of statementsOf(name, event.command)) {
      if (origin) statement.origin = origin;
      reads.statements.push(statement);
      if (!isPointFilter(statement.filter)) add(reads.scans, statement.collection, 1);
    }
  };
  const succeeded = (event: mongo.CommandSucceededEvent) => {
    const collection = cursorCollections.get(event.requestId);
    cursorCollections.delete(event.requestId);
    if (collection === undefined) return;
    const cursor = (event.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } }).cursor;
    const batch = cursor?.firstBatch ?? cursor?.nextBatch;
    if (batch) add(reads.returned, collection, batch.length);
    else if (event.commandName === 'findAndModify' && (event.reply as { value?: unknown }).value) add(reads.returned, collection, 1);
  };
  const failed = (event: mongo.CommandFailedEvent) => cursorCollections.delete(event.requestId);
  client.on('commandStarted', started);
  client.on('commandSucceeded', succeeded);
  client.on('commandFailed', failed);
  return {
    reads,
    reset: () => {
      reads.returned.clear();
      reads.scans.clear();
      reads.statements.length = 0;
    },
    stop: () => {
      client.off('commandStarted', started);
      client.off('commandSucceeded', succeeded);
      client.off('commandFailed', failed);
    },
  };
}

/** The first caller frame outside node_modules and this file (V8 keeps the awaiting callers' frames). */
function originOf(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const line of stack.split('\n').slice(1)) {
    const at = /\(?([^()\s]+):(\d+):\d+\)?$/.exec(line.trim());
    if (!at || at[1]!.includes('node_modules') || at[1]!.includes('commandMonitor') || at[1]!.startsWith('node:')) continue;
    return `${at[1]}:${at[2]}`;
  }
  return undefined;
}
