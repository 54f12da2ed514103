/** Connectors pointed at a running sandbox (or bundle), and canonical dumps of the model for comparisons. */
import mongoose, { type Types } from 'mongoose';
import { buildConnectors, type ConnectorRegistry } from '../../../connectors/registry';
import { loadConfig } from '../../../src/config';
import { connectMongo, syncIndexes } from '../../../src/infra/mongo';
import { MovementModel } from '../../../src/model/movement';
import { PartyModel } from '../../../src/model/party';
import { PeriodReportModel } from '../../../src/model/periodReport';
import { SourceRecordModel } from '../../../src/model/sourceRecord';
import type { RunningSandbox } from '../../../sandbox';
import { testDatabaseName } from '../../support/mongo';

/** Quick transport settings: the sandbox's faults are short, so the retries are too. */
export const FAST_HTTP = { timeoutMs: 2000, retry: { maxRetries: 8, baseDelayMs: 20, maxDelayMs: 300, maxRetryAfterMs: 5000 }, circuitFailureThreshold: 50, circuitCooldownMs: 200 };

export function sandboxConnectors(sandbox: RunningSandbox, http = FAST_HTTP): ConnectorRegistry {
  const env = Object.fromEntries(sandbox.envLines().map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return buildConnectors(loadConfig({ ...env, NODE_ENV: 'test' }), { http });
}

export function bundleConnectors(roots: Record<string, string>): ConnectorRegistry {
  const env: Record<string, string> = { NODE_ENV: 'test' };
  for (const [source, dir] of Object.entries(roots)) env[`SOURCE_${source.toUpperCase()}_URL`] = `file://${dir}`;
  return buildConnectors(loadConfig(env));
}

type Lean = Record<string, unknown> & { _id: Types.ObjectId };

/**
 * The model without ids and timestamps: party references by primary key, provenance by source id,
 * so two databases built from the same data compare equal.
 */
export async function canonicalDump(): Promise<Record<string, string[]>> {
  const records = await SourceRecordModel.find({}, { source: 1, stream: 1, sourceId: 1, version: 1, hash: 1, retiredAt: 1 }).lean<Lean[]>().exec();
  const recordKey = new Map(records.map((r) => [r._id.toHexString(), `${String(r.source)}/${String(r.stream)}/${String(r.sourceId)}`]));
  const parties = await PartyModel.find({}).lean<Lean[]>().exec();
  const partyKey = new Map(parties.map((p) => [p._id.toHexString(), String(p.primaryKey)]));
  const strip = (value: unknown, key = ''): unknown => {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) return ['createdAt', 'updatedAt', 'firstSeenAt', 'lastSeenAt', 'versionSeenAt', 'seenAt', 'supersededAt', 'retiredAt'].includes(key) ? null : value.toISOString();
    if (typeof value === 'object' && typeof (value as { toHexString?: unknown }).toHexString === 'function') {
      const hex = (value as Types.ObjectId).toHexString();
      return partyKey.get(hex) ?? recordKey.get(hex) ?? (key === '_id' ? null : `id:${hex}`);
    }
    if (Array.isArray(value)) {
      const items = value.map((item) => strip(item, key));
      // order within these sets depends on the order records arrived in, not on their content
      return ['sources', 'aliases', 'roles', 'identityKeys', 'licences'].includes(key) ? items.map((item) => JSON.stringify(item)).sort() : items;
    }
    if (typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value).sort()) if (!['_id', '__v', 'revision', 'createdAt', 'updatedAt'].includes(k)) out[k] = strip((value as Record<string, unknown>)[k], k);
      return out;
    }
    return value;
  };
  const dump = (docs: Lean[]) => docs.map((d) => JSON.stringify(strip(d))).sort();
  return {
    sourceRecords: records.map((r) => JSON.stringify([recordKey.get(r._id.toHexString()), r.version, r.hash, r.retiredAt ? 'retired' : 'live'])).sort(),
    parties: dump(parties),
    movements: dump(await MovementModel.find({}).lean<Lean[]>().exec()),
    periodReports: dump(await PeriodReportModel.find({}).lean<Lean[]>().exec()),
  };
}

/** Runs `work` in a fresh database of its own (the test file's, suffixed), dropped after, and comes back to the test file's. */
export async function inOtherDatabase<T>(testFile: string, suffix: string, work: () => Promise<T>): Promise<T> {
  const uri = process.env.MONGODB_URI!;
  await mongoose.disconnect();
  await connectMongo(uri, `${testDatabaseName(testFile)}_${suffix}`);
  await mongoose.connection.dropDatabase();
  await syncIndexes();
  try {
    return await work();
  } finally {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
    await connectMongo(uri, testDatabaseName(testFile));
  }
}
