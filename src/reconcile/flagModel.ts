/**
 * Flag — one mismatch a reconciliation rule found (DESIGN §4): the rule, the subject and period it is
 * about, the evidence from each side, and the stewards' workflow on it (status, assignee, comments,
 * resolution, an append-only history). The key `RULE|subject|period` is deterministic, so re-running
 * reconciliation finds the same flag again instead of raising a duplicate.
 */
import { Schema, model, type Types } from 'mongoose';
import { STREAMS, type Stream } from '../auth/roles';

export const FLAG_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'DISMISSED'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** Ordered from least to most severe; the index is stored as `severityRank` so lists sort worst first. */
export const FLAG_SEVERITIES = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type FlagSeverity = (typeof FLAG_SEVERITIES)[number];

export const SUBJECT_KINDS = ['MOVEMENT', 'PARTY', 'PROJECT', 'VEHICLE', 'FACILITY', 'INSTITUTION', 'RECORD'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * ACCEPT_SIDE / CORRECTED_VALUE are stewards' resolutions and give a golden value; DISMISSED records why
 * a steward judged the flag not a real problem; CONDITION_CLEARED is the engine closing a flag its rule
 * no longer raises (the data itself now agrees, so there is nothing to override).
 */
export const RESOLUTION_KINDS = ['ACCEPT_SIDE', 'CORRECTED_VALUE', 'DISMISSED', 'CONDITION_CLEARED'] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

export const HISTORY_ACTIONS = [
  // engine
  'RAISED',
  'DATA_CHANGED',
  'REOPENED_DATA_CHANGED',
  'CONDITION_CLEARED',
  'CONDITION_RETURNED',
  // stewards
  'ACKNOWLEDGED',
  'ASSIGNED',
  'COMMENTED',
  'RESOLVED',
  'DISMISSED',
  'REOPENED',
  'ESCALATED',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** Who wrote: an API key (id + label at the time) or the engine (`engine`, labelled with the run). */
export interface FlagActor {
  id: string;
  label: string;
}

export interface FlagSubject {
  kind: SubjectKind;
  /** the subject's own number: manifest / waybill / ticket no., USCC, plate, project code */
  key: string;
  label?: string | null;
  /** the party the flag concerns, when there is one (filter `party`) */
  partyUscc?: string | null;
  street?: string | null;
}

/** One side of the comparison, as its source states it. */
export interface FlagSide {
  source: string;
  stream: Stream;
  /** what this side is, e.g. "manifest 移出量 (ycl)" */
  label: string;
  /** the value exactly as the source states it (mass, date-time, speed, code…) */
  value: string;
  unit: string;
  /** the same value in integer grams when it is a mass */
  grams?: number | null;
  /** SourceRecord ids (hex) the value was read from */
  sourceRecordIds: string[];
  /** where the raw payload is kept (e.g. `sourceRecords/<id>`); hidden from partners */
  payloadRef?: string | null;
}

export interface FlagEvidence {
  sides: FlagSide[];
  /** human-readable difference, e.g. "-1.200 t (-8.0 %)" or "7 d 3 h in transit" */
  difference: string;
  differenceGrams?: number | null;
  /** the tolerance the rule applied, e.g. "5 %" */
  tolerance: string;
  message: string;
}

export interface FlagComment {
  id: string;
  at: Date;
  author: FlagActor;
  text: string;
}

export interface FlagResolution {
  kind: ResolutionKind;
  /** ACCEPT_SIDE: index into evidence.sides */
  side?: number | null;
  correctedGrams?: number | null;
  correctedValue?: string | null;
  correctedUnit?: string | null;
  reason: string;
  by: FlagActor;
  at: Date;
}

export interface FlagHistoryEntry {
  at: Date;
  actor: FlagActor;
  action: HistoryAction;
  from?: FlagStatus | null;
  to?: FlagStatus | null;
  note?: string | null;
  /** field-level before/after for what the entry changed (evidence hash, assignee, resolution…) */
  changes?: Record<string, unknown> | null;
}

export interface Flag {
  key: string;
  rule: string;
  severity: FlagSeverity;
  severityRank: number;
  stream: Stream;
  subject: FlagSubject;
  period: string;
  evidence: FlagEvidence;
  evidenceHash: string;
  status: FlagStatus;
  assignee: FlagActor | null;
  /** agencies (codes) a steward escalated the flag to: their stewards see it in their queue and act on it */
  escalatedTo?: string[];
  comments: FlagComment[];
  resolution: FlagResolution | null;
  history: FlagHistoryEntry[];
  firstRaisedAt: Date;
  /** when a run last wrote this flag's evidence (raised or changed); unchanged re-runs write nothing */
  lastSeenAt: Date;
  /** set while the rule no longer raises the flag; cleared when it is raised again */
  closedByEngineAt: Date | null;
  /** runs that raised, changed or cleared the flag (not every run that merely confirmed it) */
  runIds: string[];
  /** optimistic concurrency: every write increments it and is conditional on the value it read */
  revision: number;
}

/** A flag as read with `.lean()`: what resolvers, the workflow and the export receive. */
export type FlagRecord = Flag & { _id: Types.ObjectId };

/** Month `YYYY-MM`, quarter `YYYYQn` or year `YYYY`: the grains the rules key by (DESIGN §5). */
export const PERIOD_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/;

const actorSchema = new Schema<FlagActor>({ id: { type: String, required: true }, label: { type: String, required: true } }, { _id: false });

const subjectSchema = new Schema<FlagSubject>(
  {
    kind: { type: String, enum: SUBJECT_KINDS, required: true },
    key: { type: String, required: true },
    label: { type: String, default: null },
    partyUscc: { type: String, default: null },
    street: { type: String, default: null },
  },
  { _id: false },
);

const sideSchema = new Schema<FlagSide>(
  {
    source: { type: String, required: true },
    stream: { type: String, enum: STREAMS, required: true },
    label: { type: String, required: true },
    value: { type: String, required: true },
    unit: { type: String, required: true },
    grams: { type: Number, default: null },
    sourceRecordIds: { type: [String], default: [] },
    payloadRef: { type: String, default: null },
  },
  { _id: false },
);

const evidenceSchema = new Schema<FlagEvidence>(
  {
    sides: { type: [sideSchema], default: [] },
    difference: { type: String, required: true },
    differenceGrams: { type: Number, default: null },
    tolerance: { type: String, required: true },
    message: { type: String, required: true },
  },
  { _id: false },
);

const commentSchema = new Schema<FlagComment>(
  {
    id: { type: String, required: true },
    at: { type: Date, required: true },
    author: { type: actorSchema, required: true },
    text: { type: String, required: true },
  },
  { _id: false },
);

const resolutionSchema = new Schema<FlagResolution>(
  {
    kind: { type: String, enum: RESOLUTION_KINDS, required: true },
    side: { type: Number, default: null },
    correctedGrams: { type: Number, default: null },
    correctedValue: { type: String, default: null },
    correctedUnit: { type: String, default: null },
    reason: { type: String, required: true },
    by: { type: actorSchema, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const historySchema = new Schema<FlagHistoryEntry>(
  {
    at: { type: Date, required: true },
    actor: { type: actorSchema, required: true },
    action: { type: String, enum: HISTORY_ACTIONS, required: true },
    from: { type: String, enum: [...FLAG_STATUSES, null], default: null },
    to: { type: String, enum: [...FLAG_STATUSES, null], default: null },
    note: { type: String, default: null },
    changes: { type: Schema.Types.Mixed, default: null },
  },
  { _id: false },
);

const flagSchema = new Schema<Flag>(
  {
    key: { type: String, required: true, unique: true },
    rule: { type: String, required: true },
    severity: { type: String, enum: FLAG_SEVERITIES, required: true },
    severityRank: { type: Number, required: true },
    stream: { type: String, enum: STREAMS, required: true },
    subject: { type: subjectSchema, required: true },
    period: { type: String, required: true, match: PERIOD_PATTERN },
    evidence: { type: evidenceSchema, required: true },
    evidenceHash: { type: String, required: true },
    status: { type: String, enum: FLAG_STATUSES, required: true },
    assignee: { type: actorSchema, default: null },
    escalatedTo: { type: [String], default: [] },
    comments: { type: [commentSchema], default: [] },
    resolution: { type: resolutionSchema, default: null },
    history: { type: [historySchema], default: [] },
    firstRaisedAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    closedByEngineAt: { type: Date, default: null },
    runIds: { type: [String], default: [] },
    revision: { type: Number, required: true, default: 0 },
  },
  { collection: 'flags', versionKey: false },
);

// The stewards' queue: list order (worst first, newest first) within its scopes (every stream or the
// caller's, a period, a party); its other filters (rule, status, severity…) filter what these walk.
flagSchema.index({ severityRank: -1, _id: -1 });
flagSchema.index({ stream: 1, severityRank: -1, _id: -1 });
flagSchema.index({ period: 1, severityRank: -1, _id: -1 });
flagSchema.index({ period: 1, stream: 1, severityRank: -1, _id: -1 });
flagSchema.index({ 'subject.partyUscc': 1, severityRank: -1, _id: -1 });
// a period's flags by key: the export, the golden values, and the engine closing what it no longer raises
flagSchema.index({ period: 1, key: 1 });
flagSchema.index({ 'subject.street': 1 });
flagSchema.index({ 'assignee.id': 1, status: 1 });

export const FlagModel = model<Flag>('Flag', flagSchema);
