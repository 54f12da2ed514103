/**
 * Stewards' answers to resolution cases. A MATCH merges the case's subject party into the chosen
 * candidate (aliases, keys, roles, provenance move; references in the unified documents are
 * repointed; the subject stays as MERGED with `mergedInto`). A NO_MATCH keeps them apart for good.
 * Either way the verdict is stored by identity keys, so re-running resolution honours it.
 *
 * A decision is made holding the party lock, and bumps the parties version before it writes (the
 * decisions are part of what resolvers keep in memory): see src/resolve/partyCache.ts. Under the lock
 * the parties read are the current ones, so updates are filtered by `_id` alone.
 */
import type { Types } from 'mongoose';
import { FacilityModel } from '../model/facility';
import { MovementModel } from '../model/movement';
import { PartyModel } from '../model/party';
import { PeriodReportModel } from '../model/periodReport';
import { ProjectModel } from '../model/project';
import { ResolutionCaseModel, type ResolutionCaseDoc } from '../model/resolutionCase';
import { ResolutionDecisionModel, type ResolutionVerdict } from '../model/resolutionDecision';
import { VehicleModel } from '../model/vehicle';
import { bumpPartiesVersion, withPartyLock, type PartyLean } from './partyCache';
import { loadDecisions } from './resolver';

export class ResolutionDecisionError extends Error {}

export interface StewardDecision {
  caseId: Types.ObjectId;
  candidatePartyId: Types.ObjectId;
  verdict: ResolutionVerdict;
  decidedBy: string;
  reason: string;
}

export interface DecisionResult {
  caseStatus: 'OPEN' | 'DECIDED';
  /** for a MATCH that merged two parties: the surviving party */
  mergedInto: Types.ObjectId | null;
}

export async function decideResolutionCase(decision: StewardDecision): Promise<DecisionResult> {
  if (!decision.reason.trim()) throw new ResolutionDecisionError('a decision needs a reason');
  return withPartyLock(() => decide(decision));
}

async function decide(decision: StewardDecision): Promise<DecisionResult> {
  const resolutionCase = await ResolutionCaseModel.findById(decision.caseId).exec();
  if (!resolutionCase) throw new ResolutionDecisionError(`no resolution case ${decision.caseId.toHexString()}`);
  if (!resolutionCase.candidatePartyIds.some((id) => id.equals(decision.candidatePartyId))) {
    throw new ResolutionDecisionError(`party ${decision.candidatePartyId.toHexString()} is not a candidate of this case`);
  }
  const [subject, candidate] = await Promise.all([
    PartyModel.findById(resolutionCase.subjectPartyId).lean<PartyLean>().exec(),
    PartyModel.findById(decision.candidatePartyId).lean<PartyLean>().exec(),
  ]);
  if (!subject || !candidate) throw new ResolutionDecisionError('the case refers to a party that no longer exists');
  const merging = decision.verdict === 'MATCH' && resolutionCase.kind !== 'USCC_NAME_CONFLICT' && !subject._id.equals(candidate._id);
  if (merging && subject.uscc && candidate.uscc && subject.uscc !== candidate.uscc) {
    throw new ResolutionDecisionError(`parties with different valid USCCs (${subject.uscc}, ${candidate.uscc}) are different organisations`);
  }

  await bumpPartiesVersion();
  await ResolutionDecisionModel.create({
    subjectKey: resolutionCase.subjectKey,
    candidateKey: candidate.primaryKey,
    verdict: decision.verdict,
    decidedBy: decision.decidedBy,
    reason: decision.reason,
    decidedAt: new Date(),
    caseId: resolutionCase._id,
  });

  let mergedInto: Types.ObjectId | null = null;
  if (merging) {
    await merge(subject, candidate);
    mergedInto = candidate._id;
  }
  const caseStatus = await settleCase(resolutionCase, decision.verdict, subject);
  return { caseStatus, mergedInto };
}

/** A case is decided by a MATCH, or once every candidate has a NO_MATCH; then a pending subject is settled. */
async function settleCase(resolutionCase: ResolutionCaseDoc, verdict: ResolutionVerdict, subject: PartyLean): Promise<'OPEN' | 'DECIDED'> {
  let decided = verdict === 'MATCH';
  if (!decided) {
    const decisions = await loadDecisions([resolutionCase.subjectKey]);
    const candidates = await PartyModel.find({ _id: { $in: resolutionCase.candidatePartyIds } }, { identityKeys: 1 })
      .lean<Array<{ _id: Types.ObjectId; identityKeys: string[] }>>()
      .exec();
    decided = candidates.every((c) => decisions.some((d) => d.verdict === 'NO_MATCH' && c.identityKeys.includes(d.candidateKey)));
  }
  if (!decided) return 'OPEN';
  await ResolutionCaseModel.updateOne({ _id: resolutionCase._id }, { $set: { status: 'DECIDED', decidedAt: new Date() } });
  if (verdict === 'NO_MATCH' && subject.status === 'PENDING') {
    await PartyModel.updateOne({ _id: subject._id }, { $set: { status: 'ACTIVE' }, $inc: { revision: 1 } });
  }
  return 'DECIDED';
}

/**
 * Folds `from` into `into` and repoints every unified document that referenced `from`. The parties
 * are to be read under the party lock, which the merge holds (or takes).
 */
export async function mergeParties(from: PartyLean, into: PartyLean): Promise<void> {
  await withPartyLock(async () => {
    await bumpPartiesVersion();
    await merge(from, into);
  });
}

async function merge(from: PartyLean, into: PartyLean): Promise<void> {
  const aliases = [...into.aliases];
  for (const alias of from.aliases) {
    if (!aliases.some((a) => a.source === alias.source && a.sourceKey === alias.sourceKey)) aliases.push(alias);
  }
  const uscc = into.uscc ?? from.uscc;
  const sources = [...into.sources];
  for (const s of from.sources) if (!sources.some((x) => x.equals(s))) sources.push(s);
  const merged = await PartyModel.updateOne(
    { _id: into._id },
    {
      $set: {
        aliases,
        uscc,
        primaryKey: uscc && !into.uscc ? `USCC:${uscc}` : into.primaryKey,
        identityKeys: [...new Set([...into.identityKeys, ...from.identityKeys])],
        roles: [...new Set([...into.roles, ...from.roles])],
        sources,
        street: into.street ?? from.street,
        status: 'ACTIVE',
      },
      $inc: { revision: 1 },
    },
  );
  if (merged.matchedCount === 0) throw new ResolutionDecisionError(`party ${into._id.toHexString()} no longer exists`);
  // the subject keeps no keys, so lookups find the survivor; its primary key is freed for it
  await PartyModel.updateOne(
    { _id: from._id },
    {
      $set: { status: 'MERGED', mergedInto: into._id, identityKeys: [], primaryKey: `MERGED:${from._id.toHexString()}` },
      $inc: { revision: 1 },
    },
  );
  const repoint = async (model: { updateMany: (f: object, u: object) => PromiseLike<unknown> }, path: string) => {
    await model.updateMany({ [path]: from._id }, { $set: { [path]: into._id } });
  };
  await Promise.all([
    repoint(MovementModel, 'from.party.partyId'),
    repoint(MovementModel, 'to.party.partyId'),
    repoint(MovementModel, 'carrier.partyId'),
    repoint(PeriodReportModel, 'party.partyId'),
    repoint(FacilityModel, 'operator.partyId'),
    repoint(ProjectModel, 'builder.partyId'),
    repoint(VehicleModel, 'hauler.partyId'),
  ]);
}

/** Open cases for the steward queue, oldest first. */
export async function openResolutionCases(limit = 100): Promise<ResolutionCaseDoc[]> {
  return ResolutionCaseModel.find({ status: 'OPEN' }).sort({ openedAt: 1 }).limit(limit).exec();
}
