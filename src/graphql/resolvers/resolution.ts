/**
 * Entity-resolution cases for stewards: the queue (kept to the caller's streams by the case's source,
 * ../streamScope) and the decision, which goes through src/resolve/decisions (the one place decisions
 * are made and stored). Roles are enforced by `@auth` in schema/resolution.graphql.
 */
import type { FilterQuery, Types } from 'mongoose';
import { z } from 'zod';
import type { Caller } from '../../auth/roles';
import { MovementModel } from '../../model/movement';
import { PeriodReportModel } from '../../model/periodReport';
import { ResolutionCaseModel, type ResolutionCase } from '../../model/resolutionCase';
import { ResolutionDecisionModel, type ResolutionDecision, type ResolutionVerdict } from '../../model/resolutionDecision';
import { decideResolutionCase, ResolutionDecisionError, type StewardDecision } from '../../resolve/decisions';
import { identityKey } from '../../resolve/normalise';
import { paginate, type ConnectionPage, type Edge, type SortKey } from '../connections';
import { badInput, HubError, notFound } from '../errors';
import type { DecideResolutionCaseInput, ResolutionCaseFilter, ResolutionDecisionKind, Resolvers } from '../generated/resolvers';
import { parseObjectId, type PartyRecord } from '../loaders';
import { recomputeAfterDecision } from '../recompute';
import { assertReadable, readableStreams, streamClause } from '../streamScope';

export type ResolutionCaseRecord = ResolutionCase & { _id: Types.ObjectId };
export type ResolutionCaseConnectionParent = ConnectionPage<ResolutionCaseRecord>;
export type ResolutionCaseEdgeParent = Edge<ResolutionCaseRecord>;
export type ResolutionDecisionRecord = ResolutionDecision & { _id: Types.ObjectId };

/** Oldest opened first: the queue is worked from its oldest end. */
const CASE_SORT: SortKey<ResolutionCase> = { name: 'resolutionCases', field: 'openedAt', direction: 1, kind: 'date' };

const DECISION_OF_VERDICT: Record<ResolutionVerdict, ResolutionDecisionKind> = {
  MATCH: 'SAME_ORGANISATION',
  NO_MATCH: 'DIFFERENT_ORGANISATIONS',
  CORRECT_USCC: 'CORRECT_USCC',
};

const reason = z.string().trim().min(1, 'a decision needs a reason').max(2000, 'reason is longer than 2000 characters');
const objectIdText = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-hex-digit party id');
const decisionInput = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('SAME_ORGANISATION'), candidate: objectIdText, reason }),
  z.object({ decision: z.literal('DIFFERENT_ORGANISATIONS'), candidate: objectIdText, reason }),
  z.object({ decision: z.literal('CORRECT_USCC'), correctedUscc: z.string().trim().min(1, 'CORRECT_USCC needs correctedUscc'), reason }),
]);

function stewardDecision(caseId: Types.ObjectId, input: DecideResolutionCaseInput, caller: Caller): StewardDecision {
  const parsed = decisionInput.safeParse({
    decision: input.decision,
    reason: input.reason,
    ...(input.candidate != null ? { candidate: input.candidate } : {}),
    ...(input.correctedUscc != null ? { correctedUscc: input.correctedUscc } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'input');
    throw badInput(issue.code === 'invalid_type' && issue.input === undefined ? `${input.decision} needs \`${field}\`` : `${field}: ${issue.message}`, field);
  }
  const author = { caseId, decidedBy: caller.label, decidedByKeyId: caller.keyId, reason: parsed.data.reason };
  const value = parsed.data;
  if (value.decision === 'CORRECT_USCC') return { ...author, verdict: 'CORRECT_USCC', correctedUscc: value.correctedUscc };
  return { ...author, verdict: value.decision === 'SAME_ORGANISATION' ? 'MATCH' : 'NO_MATCH', candidatePartyId: parseObjectId(value.candidate, 'candidate') };
}

function caseQuery(filter: ResolutionCaseFilter, caller: Caller): FilterQuery<ResolutionCase> {
  const and: FilterQuery<ResolutionCase>[] = [...streamClause<ResolutionCase>(readableStreams(caller, filter.source != null ? [filter.source] : null, 'source'), 'evidence.source')];
  if (filter.kind?.length) and.push({ kind: { $in: [...filter.kind] } });
  if (filter.status?.length) and.push({ status: { $in: [...filter.status] } });
  if (filter.party != null) {
    const party = parseObjectId(filter.party, 'party');
    and.push({ $or: [{ subjectPartyId: party }, { candidatePartyIds: party }] });
  }
  if (and.length === 0) return {};
  return and.length === 1 ? and[0]! : { $and: and };
}

/** The periods of the movements and period reports a party takes part in. */
async function periodsOfParty(partyId: Types.ObjectId): Promise<string[]> {
  const [movements, reports] = await Promise.all([
    MovementModel.distinct('period', { $or: [{ 'from.party.partyId': partyId }, { 'to.party.partyId': partyId }, { 'carrier.partyId': partyId }] }).exec(),
    PeriodReportModel.distinct('period', { 'party.partyId': partyId }).exec(),
  ]);
  return [...new Set([...movements, ...reports].map(String))];
}

async function readableCase(id: string, caller: Caller): Promise<ResolutionCaseRecord> {
  const found = await ResolutionCaseModel.findById(parseObjectId(id)).lean<ResolutionCaseRecord>().exec();
  if (!found) throw notFound('resolution case', id);
  assertReadable(caller, found.evidence.source, 'resolution cases');
  return found;
}

export const resolutionResolvers: Resolvers = {
  Query: {
    resolutionCases: (_parent, { filter, first, after }, { caller }) =>
      paginate(ResolutionCaseModel, caseQuery(filter ?? {}, caller!), CASE_SORT, { first, after }),
    resolutionCase: (_parent, { id }, { caller }) => readableCase(id, caller!),
  },
  Mutation: {
    decideResolutionCase: async (_parent, { id, input }, context) => {
      const caller = context.caller!;
      const resolutionCase = await readableCase(id, caller);
      const decision = stewardDecision(resolutionCase._id, input, caller);
      let mergedInto: Types.ObjectId | null;
      try {
        ({ mergedInto } = await decideResolutionCase(decision));
      } catch (err) {
        if (err instanceof ResolutionDecisionError) throw new HubError(err.code, err.message);
        throw err;
      }
      // a merge moves documents to another party (and maybe street): their periods' indicators change
      if (mergedInto) await recomputeAfterDecision(context, await periodsOfParty(mergedInto));
      return (await ResolutionCaseModel.findById(resolutionCase._id).lean<ResolutionCaseRecord>().exec())!;
    },
  },
  ResolutionCaseConnection: {
    totalCount: (page) => page.count(),
  },
  ResolutionCase: {
    id: (c) => c._id.toHexString(),
    subject: (c, _args, { loaders }) => loaders.partyById.load(c.subjectPartyId.toHexString()),
    candidates: async (c, _args, { loaders }) => {
      const parties = await loaders.partyById.loadMany(c.candidatePartyIds.map((p) => p.toHexString()));
      // a candidate deleted since the case opened is left out; a loader error is a real failure
      return parties.filter((p): p is PartyRecord => {
        if (p instanceof Error) throw p;
        return p !== null;
      });
    },
    history: (c) => ResolutionDecisionModel.find({ caseId: c._id }).sort({ decidedAt: 1, _id: 1 }).lean<ResolutionDecisionRecord[]>().exec(),
  },
  ResolutionDecisionEntry: {
    decision: (d) => DECISION_OF_VERDICT[d.verdict],
    candidate: (d, _args, { loaders }) => (d.candidatePartyId ? loaders.partyById.load(d.candidatePartyId.toHexString()) : null),
    correctedUscc: (d) => (d.verdict === 'CORRECT_USCC' ? d.candidateKey.slice(identityKey.uscc('').length) : null),
    decidedByKeyId: (d) => d.decidedByKeyId ?? null,
  },
};
