/**
 * ResolutionDecision — a steward's match / no-match between a subject identity and a candidate
 * party, keyed by identity keys (USCC:… or SRC:<source>:<key>) rather than document ids, so the
 * decision holds when resolution re-runs and even when parties are rebuilt from the source records.
 * Append-only: a later decision on the same pair supersedes an earlier one.
 */
import { Schema, model, type HydratedDocument, type Types } from 'mongoose';

export const RESOLUTION_VERDICTS = ['MATCH', 'NO_MATCH'] as const;
export type ResolutionVerdict = (typeof RESOLUTION_VERDICTS)[number];

export interface ResolutionDecision {
  subjectKey: string;
  candidateKey: string;
  verdict: ResolutionVerdict;
  decidedBy: string;
  reason: string;
  decidedAt: Date;
  caseId: Types.ObjectId | null;
}

const resolutionDecisionSchema = new Schema<ResolutionDecision>(
  {
    subjectKey: { type: String, required: true },
    candidateKey: { type: String, required: true },
    verdict: { type: String, enum: RESOLUTION_VERDICTS, required: true },
    decidedBy: { type: String, required: true },
    reason: { type: String, required: true },
    decidedAt: { type: Date, required: true },
    caseId: { type: Schema.Types.ObjectId, ref: 'ResolutionCase', default: null },
  },
  { collection: 'resolutiondecisions' },
);
resolutionDecisionSchema.index({ subjectKey: 1, decidedAt: -1 });
resolutionDecisionSchema.index({ candidateKey: 1 });

export type ResolutionDecisionDoc = HydratedDocument<ResolutionDecision>;
export const ResolutionDecisionModel = model<ResolutionDecision>('ResolutionDecision', resolutionDecisionSchema);
