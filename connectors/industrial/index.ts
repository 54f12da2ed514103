/**
 * industrial connector: signed, page-numbered change feeds. Pages are computed at request time, so a
 * record that changes mid-read moves and the pages shift. The read therefore always asks again from
 * the watermark (`updatedFrom` = last updatedAt handed out, inclusive, page 1) and drops the ids it
 * already handed out at that instant; only when a full page brings nothing new (more records at one
 * instant than a page holds) does it turn to the next page. State: `{ watermark, bundle }`.
 */
import type { Logger } from 'pino';
import type { ConnectorDefinition } from '../registry';
import { industrialMappers } from './map';
import { collectChanges, type ApiStream, type Watermark } from '../api-records';
import { readJsonlBundle } from '../bundle';
import { findStream, type Batch, type CheckResult, type Connector, type JsonObject, type ReadOptions } from '../contract';
import { SourceConfigError } from '../errors';
import { parseSavedState, stateJson, watermarkFeedStateSchema, type WatermarkFeedState } from '../feed-state';
import { HttpTransport, type HttpTransportOptions } from '../http';
import { parseSourceLocation } from '../location';
import { IndustrialClient, MAX_PAGE_SIZE, SOURCE_ID, type IndustrialClientOptions } from './client';
import { industrialStreams } from './streams';

export interface IndustrialConnectorSettings {
  url: string;
  appKey?: string;
  appSecret?: string;
  http?: HttpTransportOptions;
  client?: IndustrialClientOptions;
  logger?: Logger;
}

/** industrial.md: 10 requests/s per app key. */
export const INDUSTRIAL_RATE_PER_SECOND = 10;
const DEFAULT_PAGE_SIZE = 200;

export function createIndustrialConnector(settings: IndustrialConnectorSettings): Connector {
  const location = parseSourceLocation(SOURCE_ID, settings.url);
  const transport = new HttpTransport(SOURCE_ID, { rateLimitPerSecond: INDUSTRIAL_RATE_PER_SECOND, logger: settings.logger, ...settings.http });

  function client(): IndustrialClient {
    if (location.kind !== 'http') throw new SourceConfigError(SOURCE_ID, 'no HTTP client for a file bundle');
    if (!settings.appKey || !settings.appSecret) throw new SourceConfigError(SOURCE_ID, 'INDUSTRIAL_APP_KEY and INDUSTRIAL_APP_SECRET are required for the live interface');
    return new IndustrialClient(location.base, { appKey: settings.appKey, appSecret: settings.appSecret }, transport, settings.client);
  }

  async function* readLive(stream: ApiStream, saved: WatermarkFeedState, options: ReadOptions): AsyncGenerator<Batch> {
    const api = client();
    const pageSize = Math.min(options.batchSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    let watermark: Watermark | null = saved.watermark ?? (options.since ? { updatedAt: options.since, idsAtUpdatedAt: [] } : null);
    let page = 1;
    for (;;) {
      const answer = await api.fetchPage(stream.path, page, pageSize, watermark?.updatedAt, options.signal);
      const changes = collectChanges(stream, answer.records, watermark);
      if (changes.records.length + changes.rejects.length > 0) {
        yield { stream: stream.name, records: changes.records, rejects: changes.rejects, state: stateJson({ ...saved, watermark: changes.watermark }) };
      }
      if (answer.records.length < pageSize) return;
      const movedOn = changes.watermark !== null && (watermark === null || Date.parse(changes.watermark.updatedAt) !== Date.parse(watermark.updatedAt));
      page = movedOn ? 1 : page + 1;
      watermark = changes.watermark;
    }
  }

  return {
    id: SOURCE_ID,
    streams: industrialStreams,

    async check(options): Promise<CheckResult> {
      if (location.kind === 'file') return { ok: true, message: `bundle directory ${location.directory}` };
      try {
        const answer = await client().fetchPage(industrialStreams[0]!.path, 1, 1, undefined, options?.signal);
        return { ok: true, message: `signed request accepted; ${answer.total ?? '?'} enterprises` };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },

    async *read(streamName: string, state: JsonObject | null, options: ReadOptions = {}): AsyncGenerator<Batch> {
      const stream = findStream(industrialStreams, streamName);
      if (!stream) throw new SourceConfigError(SOURCE_ID, `unknown stream ${streamName}`);
      const saved = parseSavedState(SOURCE_ID, streamName, watermarkFeedStateSchema, state);
      if (location.kind === 'file') {
        // a local bundle has no page limit: batches as large as the interface's largest page (each batch costs the store a dozen small statements)
        for await (const batch of readJsonlBundle(location.directory, stream, saved.bundle, options.batchSize ?? MAX_PAGE_SIZE, options.signal, options.limits)) {
          yield { stream: stream.name, records: batch.records, rejects: batch.rejects, state: stateJson({ ...saved, bundle: batch.progress }) };
        }
        return;
      }
      yield* readLive(stream, saved, options);
    },
  };
}

/** Registry entry: built when SOURCE_INDUSTRIAL_URL is set (credentials per shared/sources/industrial.md). */
export const industrialConnector: ConnectorDefinition = {
  id: SOURCE_ID,
  mapping: { mappers: industrialMappers },
  fromConfig: (config, shared) => {
    const url = config.SOURCE_INDUSTRIAL_URL;
    return url ? createIndustrialConnector({ url, appKey: config.INDUSTRIAL_APP_KEY, appSecret: config.INDUSTRIAL_APP_SECRET, ...shared }) : null;
  },
};
