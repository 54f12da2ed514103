/**
 * ResolutionDecision — a steward's match / no-match between a subject identity and a candidate
 * party, keyed by identity keys (USCC:… or SRC:<source>:<key>) rather than document ids, so the
 * decision holds when resolution re-runs and even when parties are rebuilt from the source records.
 * Append-only: a later decision on the same pair supersedes an earlier one.
 */
import { Schema, model, type HydratedDocument, type Types } from 'mongoose';

/**
 * MATCH: the same organisation; NO_MATCH: different organisations; CORRECT_USCC: the source's USCC for
 * this alias is wrong, `candidateKey` is `USCC:<the right one>` (resolution reads the alias with it).
 */
export const RESOLUTION_VERDICTS = ['MATCH', 'NO_MATCH', 'CORRECT_USCC'] as const;
export type ResolutionVerdict = (typeof RESOLUTION_VERDICTS)[number];

export interface ResolutionDecision {
  subjectKey: string;
  candidateKey: string;
  verdict: ResolutionVerdict;
  decidedBy: string;
  /** the API key that decided (null for decisions made outside the API) */
  decidedByKeyId?: string | null;
  reason: string;
  decidedAt: Date;
  caseId: Types.ObjectId | null;
  /** the candidate party as it was when decided (MATCH / NO_MATCH), for the case history */
  candidatePartyId?: Types.ObjectId | null;
}

const resolutionDecisionSchema = new Schema<ResolutionDecision>(
  {
    subjectKey: { type: String, required: true },
    candidateKey: { type: String, required: true },
    verdict: { type: String, enum: RESOLUTION_VERDICTS, required: true },
    decidedBy: { type: String, required: true },
    decidedByKeyId: { type: String, default: null },
    reason: { type: String, required: true },
    decidedAt: { type: Date, required: true },
    caseId: { type: Schema.Types.ObjectId, ref: 'ResolutionCase', default: null },
    candidatePartyId: { type: Schema.Types.ObjectId, ref: 'Party', default: null },
  },
  { collection: 'resolutiondecisions' },
);
// latest first per subject (the resolver), and a case's history in order (`_id` breaks ties)
resolutionDecisionSchema.index({ subjectKey: 1, decidedAt: -1, _id: -1 });
resolutionDecisionSchema.index({ candidateKey: 1 });
resolutionDecisionSchema.index({ caseId: 1, decidedAt: 1, _id: 1 });

export type ResolutionDecisionDoc = HydratedDocument<ResolutionDecision>;
export const ResolutionDecisionModel = model<ResolutionDecision>('ResolutionDecision', resolutionDecisionSchema);
