/**
 * Jest setup file (jest.config.js `setupFilesAfterEnv`): records the shape of every filter and sort
 * the hub sends to the store during a test file (driver command monitoring, src/store/commandMonitor.ts)
 * and, after the file, appends them with the indexes its models declare to a file per worker under
 * HUB_TEST_SHAPES_DIR; test/support/globalTeardown.ts checks them all (test/support/indexShapes.ts).
 * Statements sent by test code itself (an assertion's count, a fixture's insert) are not the hub's
 * and are left out, by the first stack frame outside node_modules. Off with HUB_INDEX_SHAPES=0.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import mongoose from 'mongoose';
import { monitorStore, statementsOf, type StoreStatement } from '../../src/store/commandMonitor';
import { shapesOf } from './indexShapes';

const dir = process.env.HUB_TEST_SHAPES_DIR;
const ROOT = join(__dirname, '..', '..');

if (dir && process.env.HUB_INDEX_SHAPES !== '0') {
  // the monitor needs the driver's command events, which a client emits only if connected with them
  const connect = mongoose.connect.bind(mongoose);
  mongoose.connect = ((uri: string, options?: mongoose.ConnectOptions) => connect(uri, { ...options, monitorCommands: true })) as typeof mongoose.connect;

  const monitors: StoreStatement[][] = [];
  const attached = new WeakSet<object>();
  mongoose.connection.on('connected', () => {
    const client = mongoose.connection.getClient();
    if (attached.has(client) || !client.options.monitorCommands) return;
    attached.add(client);
    // read at the end of the file (a list that only grows); a statement whose stack kept no caller
    // takes the origin of the latest query or aggregate of its shape the code built (callOrigins)
    const statements = monitorStore(client, { origins: true }).reads.statements;
    const push = statements.push.bind(statements);
    statements.push = (...added: StoreStatement[]) => {
      for (const statement of added) statement.origin ??= callOrigins.get(shapeKey(statement));
      return push(...added);
    };
    monitors.push(statements);
  });

  // A cursor's first batch, or a count a resolver returns unawaited, is sent from the driver's own
  // callbacks: no frame of the code that asked. Their origin is taken where the code runs the query.
  const callOrigins = new Map<string, string>();
  const noteCall = (statement: StoreStatement) => {
    const origin = callerOrigin();
    if (origin) callOrigins.set(shapeKey(statement), origin);
  };
  const query = mongoose.Query.prototype as unknown as Record<'exec' | 'cursor', (this: mongoose.Query<unknown, unknown>, ...args: unknown[]) => unknown>;
  for (const method of ['exec', 'cursor'] as const) {
    const original = query[method];
    query[method] = function (this: mongoose.Query<unknown, unknown>, ...args: unknown[]) {
      const sort = (this.getOptions() as { sort?: Record<string, unknown> }).sort ?? null;
      if (this.model) noteCall({ command: 'find', collection: this.model.collection.collectionName, filter: this.getFilter() as Record<string, unknown>, sort });
      return original.apply(this, args);
    };
  }
  const aggregate = mongoose.Aggregate.prototype as unknown as Record<'exec' | 'cursor', (this: mongoose.Aggregate<unknown>, ...args: unknown[]) => unknown>;
  for (const method of ['exec', 'cursor'] as const) {
    const original = aggregate[method];
    aggregate[method] = function (this: mongoose.Aggregate<unknown>, ...args: unknown[]) {
      const model = this.model() as mongoose.Model<unknown> | undefined;
      if (model) for (const statement of statementsOf('aggregate', { aggregate: model.collection.collectionName, pipeline: this.pipeline() })) noteCall(statement);
      return original.apply(this, args);
    };
  }

  afterAll(() => {
    const testFile = relative(ROOT, expect.getState().testPath ?? 'unknown');
    const seen = new Map<string, object>();
    for (const statement of monitors.flat()) {
      const origin = statement.origin ? relative(ROOT, statement.origin) : 'unknown';
      // the test's own reads and writes, and the test support's fixtures, are not the hub's
      if (origin.startsWith('test/')) continue;
      // estimatedDocumentCount: the collection's metadata, no scan
      if (statement.command === 'count' && Object.keys(statement.filter).length === 0) continue;
      for (const shape of shapesOf(statement.filter, statement.sort)) {
        const key = JSON.stringify([statement.collection, shape, origin]);
        if (!seen.has(key)) seen.set(key, { kind: 'shape', collection: statement.collection, command: statement.command, shape, origin, testFile });
      }
    }
    const indexes = Object.values(mongoose.models).map((model) => ({
      kind: 'indexes',
      collection: model.collection.collectionName,
      indexes: model.schema.indexes().map(([keys, options]) => ({ keys: Object.entries(keys), unique: Boolean((options as { unique?: boolean }).unique) })),
    }));
    mkdirSync(dir, { recursive: true });
    const lines = [...seen.values(), ...indexes].map((entry) => JSON.stringify(entry));
    if (lines.length > 0) appendFileSync(join(dir, `shapes-${process.env.JEST_WORKER_ID ?? '0'}-${process.pid}.jsonl`), `${lines.join('\n')}\n`);
  });
}

function shapeKey(statement: StoreStatement): string {
  return JSON.stringify([statement.collection, shapesOf(statement.filter, statement.sort)]);
}

/** The first frame outside node_modules and this file: the code that ran the query. */
function callerOrigin(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const line of stack.split('\n').slice(1)) {
    const at = /\(?([^()\s]+):(\d+):\d+\)?$/.exec(line.trim());
    if (!at || at[1]!.includes('node_modules') || at[1]!.includes('recordStoreShapes') || at[1]!.startsWith('node:')) continue;
    return `${at[1]}:${at[2]}`;
  }
  return undefined;
}
