/**
 * SyncState — where a connector stream left off: the state its last stored batch handed out (Singer's
 * bookmark, saved only after the batch is stored), plus what the engine needs to finish a batch that a
 * crash interrupted. One document per (source, stream).
 */
import { Schema, model, type HydratedDocument } from 'mongoose';
import { SOURCES, type SourceId } from './reference/agencies';
import { connectorStreamField, type ConnectorStream } from './common';

export interface SyncStateFile {
  path: string;
  sha256: string;
  /** when the engine stored this file version's first batch: quarantine entries of the path older than this were not re-rejected */
  startedAt: Date;
}

export interface SyncState {
  /** `<source>/<stream>` */
  _id: string;
  source: SourceId;
  stream: ConnectorStream;
  /** the connector's state after the last stored batch (null: start from scratch) */
  state: unknown;
  /** true while a batch is being stored: a run that finds it set replays that stream's records into the model */
  inFlight: boolean;
  file: SyncStateFile | null;
  /** grouped streams (medical): set while stored records wait for their groups to be rebuilt at the end of the run */
  groupsPending: boolean;
  savedAt: Date;
}

const syncStateSchema = new Schema<SyncState>(
  {
    _id: { type: String, required: true },
    source: { type: String, enum: SOURCES, required: true },
    stream: connectorStreamField,
    state: { type: Schema.Types.Mixed, default: null },
    inFlight: { type: Boolean, default: false },
    file: {
      type: new Schema<SyncStateFile>({ path: { type: String, required: true }, sha256: { type: String, required: true }, startedAt: { type: Date, required: true } }, { _id: false }),
      default: null,
    },
    groupsPending: { type: Boolean, default: false },
    savedAt: { type: Date, required: true },
  },
  { collection: 'syncstates', minimize: false },
);
syncStateSchema.index({ source: 1 });

export type SyncStateDoc = HydratedDocument<SyncState>;
export const SyncStateModel = model<SyncState>('SyncState', syncStateSchema);
