/**
 * household connector: OAuth2, cursor-paged streams. The source's cursor encodes a position in change
 * order, so the state is that cursor: after a batch is stored, the next read resumes exactly after it.
 * When the last page gives no cursor to resume from, the state keeps the newest updatedAt instead and
 * the next read starts a new cursor with `since` from there. State: `{ cursor, lastUpdatedAt, bundle }`.
 */
import type { Logger } from 'pino';
import type { ConnectorDefinition } from '../registry';
import { householdMappers } from './map';
import { z } from 'zod';
import { toOutcome, type ApiStream } from '../api-records';
import { bundleProgressSchema, readJsonlBundle } from '../bundle';
import { findStream, type Batch, type CheckResult, type Connector, type JsonObject, type ReadOptions, type RejectedRecord, type SourceRecordEnvelope } from '../contract';
import { SourceConfigError } from '../errors';
import { parseSavedState, stateJson } from '../feed-state';
import { HttpTransport, type HttpTransportOptions } from '../http';
import { parseSourceLocation } from '../location';
import { HouseholdClient, MAX_LIMIT, SOURCE_ID } from './client';
import { householdStreams } from './streams';

export const householdStateSchema = z.object({
  cursor: z.string().nullable().default(null),
  lastUpdatedAt: z.string().nullable().default(null),
  bundle: bundleProgressSchema.nullable().default(null),
});
export type HouseholdState = z.infer<typeof householdStateSchema>;

export interface HouseholdConnectorSettings {
  url: string;
  clientId?: string;
  clientSecret?: string;
  http?: HttpTransportOptions;
  now?: () => number;
  logger?: Logger;
}

const DEFAULT_LIMIT = 500;

function newestUpdatedAt(records: readonly SourceRecordEnvelope[], current: string | null): string | null {
  let newest = current;
  for (const record of records) {
    if (record.updatedAt && (newest === null || Date.parse(record.updatedAt) > Date.parse(newest))) newest = record.updatedAt;
  }
  return newest;
}

export function createHouseholdConnector(settings: HouseholdConnectorSettings): Connector {
  const location = parseSourceLocation(SOURCE_ID, settings.url);
  const transport = new HttpTransport(SOURCE_ID, { logger: settings.logger, ...settings.http });
  let sharedClient: HouseholdClient | null = null;

  function client(): HouseholdClient {
    if (location.kind !== 'http') throw new SourceConfigError(SOURCE_ID, 'no HTTP client for a file bundle');
    if (!settings.clientId || !settings.clientSecret) throw new SourceConfigError(SOURCE_ID, 'HOUSEHOLD_CLIENT_ID and HOUSEHOLD_CLIENT_SECRET are required for the live interface');
    // One client per connector, so the token cache is shared by all streams.
    sharedClient ??= new HouseholdClient(location.base, { clientId: settings.clientId, clientSecret: settings.clientSecret }, transport, settings.now);
    return sharedClient;
  }

  async function* readLive(stream: ApiStream, saved: HouseholdState, options: ReadOptions): AsyncGenerator<Batch> {
    const api = client();
    const limit = Math.min(options.batchSize ?? DEFAULT_LIMIT, MAX_LIMIT);
    let state = saved;
    let position = state.cursor ? { cursor: state.cursor } : { since: state.lastUpdatedAt ?? options.since };
    for (;;) {
      const page = await api.fetchPage(stream.path, limit, position, options.signal);
      const records: SourceRecordEnvelope[] = [];
      const rejects: RejectedRecord[] = [];
      for (const item of page.items) {
        const outcome = toOutcome(stream, item);
        if ('record' in outcome) records.push(outcome.record);
        else rejects.push(outcome.reject);
      }
      state = { ...state, cursor: page.nextCursor, lastUpdatedAt: newestUpdatedAt(records, state.lastUpdatedAt) };
      if (records.length + rejects.length > 0 || page.nextCursor !== (position.cursor ?? null)) {
        yield { stream: stream.name, records, rejects, state: stateJson(state) };
      }
      if (!page.hasMore || !page.nextCursor || (page.items.length === 0 && page.nextCursor === position.cursor)) return;
      position = { cursor: page.nextCursor };
    }
  }

  return {
    id: SOURCE_ID,
    streams: householdStreams,

    async check(options): Promise<CheckResult> {
      if (location.kind === 'file') return { ok: true, message: `bundle directory ${location.directory}` };
      try {
        await client().fetchPage(householdStreams[0]!.path, 1, {}, options?.signal);
        return { ok: true, message: 'token issued and accepted' };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },

    async *read(streamName: string, state: JsonObject | null, options: ReadOptions = {}): AsyncGenerator<Batch> {
      const stream = findStream(householdStreams, streamName);
      if (!stream) throw new SourceConfigError(SOURCE_ID, `unknown stream ${streamName}`);
      const saved = parseSavedState(SOURCE_ID, streamName, householdStateSchema, state);
      if (location.kind === 'file') {
        // a local bundle has no page limit: batches as large as the interface's largest page (each batch costs the store a dozen small statements)
        for await (const batch of readJsonlBundle(location.directory, stream, saved.bundle, options.batchSize ?? MAX_LIMIT, options.signal, options.limits)) {
          yield { stream: stream.name, records: batch.records, rejects: batch.rejects, state: stateJson({ ...saved, bundle: batch.progress }) };
        }
        return;
      }
      yield* readLive(stream, saved, options);
    },
  };
}

/** Registry entry: built when SOURCE_HOUSEHOLD_URL is set (credentials per shared/sources/household.md). */
export const householdConnector: ConnectorDefinition = {
  id: SOURCE_ID,
  mapping: { mappers: householdMappers },
  fromConfig: (config, shared) => {
    const url = config.SOURCE_HOUSEHOLD_URL;
    return url ? createHouseholdConnector({ url, clientId: config.HOUSEHOLD_CLIENT_ID, clientSecret: config.HOUSEHOLD_CLIENT_SECRET, ...shared }) : null;
  },
};
