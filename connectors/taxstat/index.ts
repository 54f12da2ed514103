/**
 * taxstat connector: three feeds listed in `index.json`, one stream each. A republished period (new
 * sha256 for the same path) is read again and replaces the previous version's records (fileVersion).
 * State per stream: `{ files: path → sha256, inProgress }` as for every file source. An index entry the
 * hub will not read (malformed, unknown feed, path outside the base, checksum that does not match the
 * file) is quarantined on its own, every run until it is corrected; the feed's other files are read.
 */
import type { Logger } from 'pino';
import type { ConnectorDefinition } from '../registry';
import { taxstatMappers } from './map';
import { findStream, validateRecord, type Batch, type CheckResult, type Connector, type JsonObject, type ReadOptions } from '../contract';
import { SourceConfigError, SourceStateError } from '../errors';
import { emptyFileFeedState, fileFeedStateSchema, readFileFeed, type FileRowOutcome } from '../files/file-feed';
import type { SourceFile } from '../files/file-source';
import { readTableFile } from '../files/table-file';
import { normalizeHeader, type TableItem } from '../files/table';
import { tableRowOutcomes } from '../files/table-records';
import { HttpTransport, type HttpTransportOptions } from '../http';
import { parseSourceLocation } from '../location';
import { SOURCE_ID, TaxstatFeedClient } from './client';
import { readEnvstatXml } from './envstat-xml';
import { econLayout, econSchema, envstatSchema, envtaxLayout, envtaxSchema, SOLID_WASTE_POLLUTANT, TAXSTAT_FEEDS, taxstatStreams, type TaxstatFeed } from './streams';

export interface TaxstatConnectorSettings {
  url: string;
  user?: string;
  password?: string;
  http?: HttpTransportOptions;
  logger?: Logger;
}

const DEFAULT_BATCH_SIZE = 1000;

/** envtax files hold every pollutant; only solid-waste rows belong to the hub. */
async function* solidWasteRowsOnly(items: AsyncIterable<TableItem>): AsyncGenerator<TableItem> {
  for await (const item of items) {
    if (item.kind === 'row' && normalizeHeader(item.fields.污染物类别 ?? '') !== SOLID_WASTE_POLLUTANT) continue;
    yield item;
  }
}

/** envstat element payloads → records with ids `year|uscc|element|category` (`name:` when no USCC). */
async function* envstatOutcomes(file: SourceFile, bytes: AsyncIterable<Uint8Array>): AsyncGenerator<FileRowOutcome> {
  const occurrences = new Map<string, number>();
  for await (const item of readEnvstatXml(bytes)) {
    if (item.kind === 'xml-error') {
      yield { fileError: `${file.path}: ${item.reason}` };
      return;
    }
    const origin = { path: file.path, line: item.line };
    const validation = validateRecord(envstatSchema, item.payload);
    if (!validation.ok) {
      yield { reject: { stream: 'envstat', sourceKey: `${file.path}:${item.line}`, reason: `line ${item.line}: ${validation.reason}`, raw: item.payload, origin } };
      continue;
    }
    const record = validation.record;
    const party = record.uscc ?? `name:${record.name ?? ''}`;
    const key = [record.year, party, record.element, record.element === 'GeneralSolidWaste' ? record.category : ''].join('|');
    const seen = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, seen);
    yield { record: { stream: 'envstat', sourceId: seen === 1 ? key : `${key}#${seen}`, payload: item.payload, versionSignal: `sha256:${file.sha256}`, origin } };
  }
}

export function createTaxstatConnector(settings: TaxstatConnectorSettings): Connector {
  const location = parseSourceLocation(SOURCE_ID, settings.url);
  const transport = new HttpTransport(SOURCE_ID, { logger: settings.logger, ...settings.http });
  const credentials = settings.user && settings.password ? { user: settings.user, password: settings.password } : null;
  if (location.kind === 'http' && !credentials) throw new SourceConfigError(SOURCE_ID, 'TAXSTAT_USER and TAXSTAT_PASSWORD are required for the live feed');
  const client = new TaxstatFeedClient(location, transport, credentials);

  async function* parseFile(feed: TaxstatFeed, file: SourceFile, options: ReadOptions): AsyncGenerator<FileRowOutcome> {
    const bytes = await client.open(file.path, options.signal);
    if (feed === 'envstat') {
      yield* envstatOutcomes(file, bytes);
    } else if (feed === 'envtax') {
      yield* tableRowOutcomes(solidWasteRowsOnly(readTableFile(bytes, file.path, envtaxLayout, options.limits)), file, {
        stream: 'envtax',
        schema: envtaxSchema,
        rowKey: (row) => [row.纳税人识别号, row.税款所属期起, row.税款所属期止, row.固体废物名称].join('|'),
      });
    } else {
      yield* tableRowOutcomes(readTableFile(bytes, file.path, econLayout, options.limits), file, {
        stream: 'econ',
        schema: econSchema,
        rowKey: (row) => [row.地区, row.期别, row.指标].join('|'),
      });
    }
  }

  return {
    id: SOURCE_ID,
    streams: taxstatStreams,

    async check(options): Promise<CheckResult> {
      try {
        const { files, refused } = await client.listFiles(options?.signal);
        return { ok: true, message: `index readable; ${files.length} published files${refused.length ? `, ${refused.length} entries refused` : ''}` };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },

    async *read(streamName: string, state: JsonObject | null, options: ReadOptions = {}): AsyncGenerator<Batch> {
      const stream = findStream(taxstatStreams, streamName);
      if (!stream) throw new SourceConfigError(SOURCE_ID, `unknown stream ${streamName}`);
      const feed = stream.name as TaxstatFeed;
      const saved = fileFeedStateSchema.safeParse(state ?? emptyFileFeedState);
      if (!saved.success) throw new SourceStateError(SOURCE_ID, `saved state of ${streamName} is not a file-feed state: ${saved.error.message}`);
      const published = await client.listFiles(options.signal);
      // entries naming no known feed are reported once, with the first feed
      const refused = published.refused.filter((entry) => entry.feed === feed || (entry.feed === null && feed === TAXSTAT_FEEDS[0]));
      const files: SourceFile[] = [];
      for (const file of published.files.filter((f) => f.feed === feed)) {
        // a file not read yet must be the one the index describes (read once more to check, never held)
        if (saved.data.files[file.path] !== file.sha256) {
          const served = await client.sha256Of(file.path, options.signal);
          if (served !== file.sha256) {
            refused.push({ feed, path: file.path, reason: `index.json: checksum mismatch for ${file.path}: the index says ${file.sha256}, the file is ${served}; not read`, raw: { path: file.path, sha256: file.sha256, served } });
            continue;
          }
        }
        files.push(file);
      }
      yield* readFileFeed({
        stream: stream.name,
        files,
        refused: refused.map((entry) => ({ stream: stream.name, sourceKey: entry.path, reason: entry.reason, raw: entry.raw })),
        state: saved.data,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
        parseFile: (file) => parseFile(feed, file, options),
        signal: options.signal,
      });
    },
  };
}

/** Registry entry: built when SOURCE_TAXSTAT_URL is set (credentials per shared/sources/taxstat.md). */
export const taxstatConnector: ConnectorDefinition = {
  id: SOURCE_ID,
  mapping: { mappers: taxstatMappers },
  fromConfig: (config, shared) => {
    const url = config.SOURCE_TAXSTAT_URL;
    return url ? createTaxstatConnector({ url, user: config.TAXSTAT_USER, password: config.TAXSTAT_PASSWORD, ...shared }) : null;
  },
};
