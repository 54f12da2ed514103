/**
 * construction connector. Live: `?updatedSince=<watermark>&limit=N` plain arrays, inclusive, so each
 * request starts at the last updatedAt handed out and drops ids already handed out at that instant.
 * Waybills also come from the nightly CSV export: explicitly (`options.backfill` date range) or as a
 * fallback when the API is unavailable (days from the watermark's day to yesterday, then the outage
 * error is rethrown so the run is recorded as failed). Export reads never move the API watermark.
 * State: `{ watermark, bundle, export: { from, to, lastDayDone, rowsDoneInDay } }`.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { ConnectorDefinition } from '../registry';
import { constructionMappers } from './map';
import { z } from 'zod';
import { collectChanges, toOutcome, type ApiStream, type Watermark } from '../api-records';
import { readJsonlBundle } from '../bundle';
import { findStream, type Batch, type CheckResult, type Connector, type JsonObject, type ReadOptions, type RejectedRecord, type SourceRecordEnvelope } from '../contract';
import { SourceConfigError, SourceResponseError, SourceUnavailableError } from '../errors';
import { parseSavedState, stateJson, watermarkFeedStateSchema } from '../feed-state';
import { readTableFile } from '../files/table-file';
import { HttpTransport, type HttpTransportOptions } from '../http';
import { parseSourceLocation } from '../location';
import { ConstructionClient, exportPath, MAX_LIMIT, SOURCE_ID } from './client';
import { constructionStreams, exportLayout, exportRowToWaybill, waybillsStream } from './streams';

const exportProgressSchema = z.object({
  from: z.string(),
  to: z.string(),
  lastDayDone: z.string().nullable(),
  rowsDoneInDay: z.number().int().nonnegative(),
});
export const constructionStateSchema = watermarkFeedStateSchema.extend({ export: exportProgressSchema.nullable().default(null) });
export type ConstructionState = z.infer<typeof constructionStateSchema>;
type ExportProgress = z.infer<typeof exportProgressSchema>;

export interface ConstructionConnectorSettings {
  url: string;
  apiKey?: string;
  http?: HttpTransportOptions;
  /** Read the export when the API is down (default true). */
  exportFallback?: boolean;
  /** Longest fallback range, so a very old watermark does not trigger months of file reads. */
  maxFallbackDays?: number;
  now?: () => number;
  logger?: Logger;
}

/** construction.md: 5 requests/s. */
export const CONSTRUCTION_RATE_PER_SECOND = 5;
const DEFAULT_LIMIT = MAX_LIMIT;
const BEGINNING = '1970-01-01T00:00:00+08:00';
const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** Pure: the China Standard Time calendar day of an instant. */
export function cstDay(instantMs: number): string {
  return new Date(instantMs + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Pure: inclusive list of days `from`..`to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += DAY_MS) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Pure: the day after / before a YYYY-MM-DD day. */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function createConstructionConnector(settings: ConstructionConnectorSettings): Connector {
  const location = parseSourceLocation(SOURCE_ID, settings.url);
  const transport = new HttpTransport(SOURCE_ID, { rateLimitPerSecond: CONSTRUCTION_RATE_PER_SECOND, logger: settings.logger, ...settings.http });
  const now = settings.now ?? Date.now;

  function client(): ConstructionClient {
    if (location.kind !== 'http') throw new SourceConfigError(SOURCE_ID, 'no HTTP client for a file bundle');
    if (!settings.apiKey) throw new SourceConfigError(SOURCE_ID, 'CONSTRUCTION_API_KEY is required for the live interface');
    return new ConstructionClient(location.base, settings.apiKey, transport);
  }

  async function openExport(day: string, signal?: AbortSignal): Promise<Readable | null> {
    if (location.kind === 'http') return client().openExport(day, signal);
    const full = join(location.directory, ...exportPath(day).split('/'));
    try {
      await access(full);
    } catch {
      return null;
    }
    return createReadStream(full);
  }

  async function* readExport(saved: ConstructionState, from: string, to: string, options: ReadOptions): AsyncGenerator<Batch> {
    if (!DAY_PATTERN.test(from) || !DAY_PATTERN.test(to) || from > to) throw new SourceConfigError(SOURCE_ID, `backfill range must be YYYY-MM-DD..YYYY-MM-DD, got ${from}..${to}`);
    const resume = saved.export && saved.export.from === from && saved.export.to === to ? saved.export : null;
    const batchSize = options.batchSize ?? DEFAULT_LIMIT;
    for (const day of daysBetween(from, to)) {
      if (resume?.lastDayDone && day <= resume.lastDayDone) continue;
      const resumeDay = resume ? (resume.lastDayDone === null ? from : shiftDay(resume.lastDayDone, 1)) : null;
      const rowsToSkip = resume && day === resumeDay ? resume.rowsDoneInDay : 0;
      const bytes = await openExport(day, options.signal);
      const path = exportPath(day);
      let records: SourceRecordEnvelope[] = [];
      let rejects: RejectedRecord[] = [];
      let rows = 0;
      const progress = (lastDayDone: string | null, rowsDoneInDay: number): ExportProgress => ({ from, to, lastDayDone, rowsDoneInDay });
      // While a day is in progress, the last day done is the one before it (none before `from`).
      const previousDay = day > from ? shiftDay(day, -1) : null;
      if (bytes) {
        for await (const item of readTableFile(bytes, path, exportLayout, options.limits)) {
          if (item.kind === 'layout-error') {
            rejects.push({ stream: waybillsStream.name, sourceKey: path, reason: item.reason, raw: { path } });
            break;
          }
          rows += 1;
          if (rows <= rowsToSkip) continue;
          if (item.kind === 'oversized') {
            rejects.push({ stream: waybillsStream.name, sourceKey: `${path}:${item.line}`, reason: `line ${item.line}: oversized: ${item.reason}`, raw: { truncated: true, excerpt: item.excerpt }, origin: { path, line: item.line } });
            continue;
          }
          const outcome = toOutcome(waybillsStream, exportRowToWaybill(item.fields), { path, line: item.line });
          if ('record' in outcome) records.push(outcome.record);
          else rejects.push(outcome.reject);
          if (records.length + rejects.length >= batchSize) {
            yield { stream: waybillsStream.name, records, rejects, state: stateJson({ ...saved, export: progress(previousDay, rows) }) };
            records = [];
            rejects = [];
          }
        }
      } else {
        settings.logger?.warn({ day }, 'no waybill export for this day');
      }
      yield { stream: waybillsStream.name, records, rejects, state: stateJson({ ...saved, export: progress(day, 0) }) };
    }
  }

  async function* readLive(stream: ApiStream, saved: ConstructionState, options: ReadOptions): AsyncGenerator<Batch> {
    const api = client();
    const limit = Math.min(options.batchSize ?? DEFAULT_LIMIT, MAX_LIMIT);
    let watermark: Watermark | null = saved.watermark;
    for (;;) {
      const page = await api.fetchChanges(stream.path, watermark?.updatedAt ?? options.since ?? BEGINNING, limit, options.signal);
      const changes = collectChanges(stream, page, watermark);
      if (changes.records.length + changes.rejects.length > 0) {
        yield { stream: stream.name, records: changes.records, rejects: changes.rejects, state: stateJson({ ...saved, watermark: changes.watermark }) };
      }
      if (page.length < limit) return;
      if (changes.records.length + changes.rejects.length === 0) {
        // The feed has no paging beyond updatedSince: a full answer of records already handed out (all at
        // the watermark's instant) cannot be passed.
        throw new SourceResponseError(SOURCE_ID, `GET ${stream.path}: ${limit} records share updatedAt ${watermark?.updatedAt ?? '(start)'}; raise the limit`);
      }
      watermark = changes.watermark;
    }
  }

  return {
    id: SOURCE_ID,
    streams: constructionStreams,

    async check(options): Promise<CheckResult> {
      if (location.kind === 'file') return { ok: true, message: `bundle directory ${location.directory}` };
      try {
        const sample = await client().fetchChanges(constructionStreams[0]!.path, BEGINNING, 1, options?.signal);
        return { ok: true, message: `API key accepted; feed answered with ${sample.length} record(s)` };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },

    async *read(streamName: string, state: JsonObject | null, options: ReadOptions = {}): AsyncGenerator<Batch> {
      const stream = findStream(constructionStreams, streamName);
      if (!stream) throw new SourceConfigError(SOURCE_ID, `unknown stream ${streamName}`);
      const saved = parseSavedState(SOURCE_ID, streamName, constructionStateSchema, state);
      if (options.backfill) {
        if (stream !== waybillsStream) throw new SourceConfigError(SOURCE_ID, `only waybills have an export to backfill from, not ${streamName}`);
        yield* readExport(saved, options.backfill.from, options.backfill.to, options);
        return;
      }
      if (location.kind === 'file') {
        for await (const batch of readJsonlBundle(location.directory, stream, saved.bundle, options.batchSize ?? DEFAULT_LIMIT, options.signal, options.limits)) {
          yield { stream: stream.name, records: batch.records, rejects: batch.rejects, state: stateJson({ ...saved, bundle: batch.progress }) };
        }
        return;
      }
      let latest: ConstructionState = saved;
      try {
        for await (const batch of readLive(stream, saved, options)) {
          latest = parseSavedState(SOURCE_ID, streamName, constructionStateSchema, batch.state);
          yield batch;
        }
      } catch (error) {
        const canFallBack = error instanceof SourceUnavailableError && stream === waybillsStream && settings.exportFallback !== false;
        const anchor = latest.watermark?.updatedAt ?? options.since;
        if (!canFallBack || !anchor) throw error;
        const yesterday = cstDay(now() - DAY_MS);
        const maxDays = settings.maxFallbackDays ?? 31;
        const earliest = cstDay(now() - maxDays * DAY_MS);
        let from = cstDay(Date.parse(anchor));
        if (from < earliest) from = earliest;
        // Days an earlier fallback already read are not read again.
        if (latest.export?.lastDayDone && latest.export.lastDayDone >= from) from = shiftDay(latest.export.lastDayDone, 1);
        if (from <= yesterday) {
          settings.logger?.warn({ from, to: yesterday, error: error.message }, 'waybill API unavailable: reading the nightly export');
          try {
            yield* readExport(latest, from, yesterday, options);
          } catch (exportError) {
            settings.logger?.warn({ error: exportError instanceof Error ? exportError.message : String(exportError) }, 'export fallback failed too');
          }
        }
        throw error;
      }
    },
  };
}

/** Registry entry: built when SOURCE_CONSTRUCTION_URL is set (credentials per shared/sources/construction.md). */
export const constructionConnector: ConnectorDefinition = {
  id: SOURCE_ID,
  mapping: { mappers: constructionMappers },
  fromConfig: (config, shared) => {
    const url = config.SOURCE_CONSTRUCTION_URL;
    return url ? createConstructionConnector({ url, apiKey: config.CONSTRUCTION_API_KEY, ...shared }) : null;
  },
};
