/**
 * medical connector (医疗废物台账): a file drop of CSV/XLSX ledgers, receipts, recyclables and the
 * institution registry. State per stream: which file versions (path → sha256) have been read, and how
 * far into the file being read. A corrected re-upload (same path, new sha256) is read again and its
 * batches carry `fileVersion` so the engine replaces the old version's records.
 */
import type { Logger } from 'pino';
import type { ConnectorDefinition } from '../registry';
import { medicalMapping } from './map';
import { findStream, type Batch, type CheckResult, type Connector, type JsonObject, type ReadOptions } from '../contract';
import { SourceConfigError, SourceStateError } from '../errors';
import { readFileFeed, fileFeedStateSchema, emptyFileFeedState, type FileRowOutcome } from '../files/file-feed';
import type { SourceFile } from '../files/file-source';
import { readTableFile } from '../files/table-file';
import { HttpTransport, type HttpTransportOptions } from '../http';
import { parseSourceLocation } from '../location';
import { MedicalDropClient, SOURCE_ID } from './client';
import { medicalStreams, medicalStreamOfPath, parseMedicalPath, type MedicalStream } from './streams';

export interface MedicalConnectorSettings {
  url: string;
  http?: HttpTransportOptions;
  logger?: Logger;
}

const DEFAULT_BATCH_SIZE = 1000;

export function createMedicalConnector(settings: MedicalConnectorSettings): Connector {
  const location = parseSourceLocation(SOURCE_ID, settings.url);
  const transport = new HttpTransport(SOURCE_ID, { logger: settings.logger, ...settings.http });
  const client = new MedicalDropClient(location, transport);

  async function* parseFile(stream: MedicalStream, file: SourceFile, options: ReadOptions): AsyncGenerator<FileRowOutcome> {
    const parsedPath = parseMedicalPath(file.path);
    if (!parsedPath || parsedPath.stream !== stream.name) {
      yield { fileError: `${file.path}: not a ${stream.name} file of the drop layout (medical.md "Transport")` };
      return;
    }
    const bytes = await client.open(file.path, options.signal);
    yield* stream.outcomes(readTableFile(bytes, file.path, stream.layout, options.limits), file);
  }

  return {
    id: SOURCE_ID,
    streams: medicalStreams,

    async check(options): Promise<CheckResult> {
      try {
        const files = await client.listFiles(options?.signal);
        return { ok: true, message: `drop readable; ${files.length} files` };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },

    async *read(streamName: string, state: JsonObject | null, options: ReadOptions = {}): AsyncGenerator<Batch> {
      const stream = findStream(medicalStreams, streamName);
      if (!stream) throw new SourceConfigError(SOURCE_ID, `unknown stream ${streamName}; streams: ${medicalStreams.map((s) => s.name).join(', ')}`);
      const saved = fileFeedStateSchema.safeParse(state ?? emptyFileFeedState);
      if (!saved.success) throw new SourceStateError(SOURCE_ID, `saved state of ${streamName} is not a file-feed state: ${saved.error.message}`);
      const files = (await client.listFiles(options.signal)).filter((file) => medicalStreamOfPath(file.path) === stream.name);
      yield* readFileFeed({
        stream: stream.name,
        files,
        state: saved.data,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
        parseFile: (file) => parseFile(stream, file, options),
        signal: options.signal,
      });
    },
  };
}

/** Registry entry: built when SOURCE_MEDICAL_URL is set (credentials per shared/sources/medical.md). */
export const medicalConnector: ConnectorDefinition = {
  id: SOURCE_ID,
  mapping: medicalMapping,
  fromConfig: (config, shared) => {
    const url = config.SOURCE_MEDICAL_URL;
    return url ? createMedicalConnector({ url, ...shared }) : null;
  },
};
