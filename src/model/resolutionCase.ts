/**
 * ResolutionCase — a party match entity resolution would not make on its own: names that match in a
 * street where several parties carry them, one name with two USCCs, one USCC with two names. A
 * steward decides (ResolutionDecision); the reconciliation engine turns open cases into ID-USCC flags.
 */
import { Schema, model, type HydratedDocument, type Types } from 'mongoose';
import { SOURCES, type SourceId } from './reference/agencies';
import { STREET_CODES, type StreetCode } from './reference/streets';

export const RESOLUTION_CASE_KINDS = [
  'AMBIGUOUS_NAME', // several parties share the normalised name in the street
  'NAME_SHARED_DIFFERENT_USCC', // same name and street, different valid USCCs
  'USCC_NAME_CONFLICT', // one USCC, names that do not normalise equal
  'NO_STREET', // no USCC and no street: the name alone cannot be trusted
] as const;
export type ResolutionCaseKind = (typeof RESOLUTION_CASE_KINDS)[number];

export interface ResolutionEvidence {
  source: SourceId;
  sourceKey: string;
  name: string;
  normalisedName: string;
  street: StreetCode | null;
  usccRaw: string | null;
}

export interface ResolutionCase {
  /** `<kind>|<subjectKey>`: re-running resolution updates the case, never duplicates it */
  caseKey: string;
  kind: ResolutionCaseKind;
  subjectPartyId: Types.ObjectId;
  subjectKey: string;
  candidatePartyIds: Types.ObjectId[];
  candidateKeys: string[];
  evidence: ResolutionEvidence;
  status: 'OPEN' | 'DECIDED';
  openedAt: Date;
  decidedAt: Date | null;
}

const evidenceSchema = new Schema<ResolutionEvidence>(
  {
    source: { type: String, enum: SOURCES, required: true },
    sourceKey: { type: String, required: true },
    name: { type: String, required: true },
    normalisedName: { type: String, required: true },
    street: { type: String, enum: [...STREET_CODES, null], default: null },
    usccRaw: { type: String, default: null },
  },
  { _id: false },
);

const resolutionCaseSchema = new Schema<ResolutionCase>(
  {
    caseKey: { type: String, required: true },
    kind: { type: String, enum: RESOLUTION_CASE_KINDS, required: true },
    subjectPartyId: { type: Schema.Types.ObjectId, ref: 'Party', required: true },
    subjectKey: { type: String, required: true },
    candidatePartyIds: { type: [{ type: Schema.Types.ObjectId, ref: 'Party' }], default: [] },
    candidateKeys: { type: [String], default: [] },
    evidence: { type: evidenceSchema, required: true },
    status: { type: String, enum: ['OPEN', 'DECIDED'], default: 'OPEN' },
    openedAt: { type: Date, required: true },
    decidedAt: { type: Date, default: null },
  },
  { collection: 'resolutioncases' },
);
resolutionCaseSchema.index({ caseKey: 1 }, { unique: true });
// the resolution queue, oldest first (`_id` breaks ties): open cases (the resolver's next batch too),
// every case, an agency's sources, a kind; changesSince reads the cases opened or decided since a watermark
resolutionCaseSchema.index({ status: 1, openedAt: 1, _id: 1 });
resolutionCaseSchema.index({ openedAt: 1, _id: 1 });
resolutionCaseSchema.index({ 'evidence.source': 1, openedAt: 1, _id: 1 });
resolutionCaseSchema.index({ kind: 1, openedAt: 1, _id: 1 });
resolutionCaseSchema.index({ decidedAt: 1 });
// a party's cases (the queue's party filter, one branch each), in queue order
resolutionCaseSchema.index({ subjectPartyId: 1, openedAt: 1, _id: 1 });
resolutionCaseSchema.index({ candidatePartyIds: 1, openedAt: 1, _id: 1 });

export type ResolutionCaseDoc = HydratedDocument<ResolutionCase>;
export const ResolutionCaseModel = model<ResolutionCase>('ResolutionCase', resolutionCaseSchema);
