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
import { STREAMS } from '../model/reference/agencies';
import { markMovementListStale } from '../store/movementLists';
import { PartyModel } from '../model/party';
import { PeriodReportModel } from '../model/periodReport';
import { ProjectModel } from '../model/project';
import { ResolutionCaseModel, type ResolutionCaseDoc } from '../model/resolutionCase';
import { ResolutionDecisionModel, type ResolutionVerdict } from '../model/resolutionDecision';
import { VehicleModel } from '../model/vehicle';
import { validateUscc } from '../model/validators';
import { identityKey } from './normalise';
import { bumpPartiesVersion, withPartyLock, type PartyLean } from './partyCache';
import { loadDecisions } from './resolver';
import { CodedError } from '../errors';

/** Why a decision was refused; the API answers with the same code. */
export type ResolutionDecisionErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT';

export class ResolutionDecisionError extends CodedError {
  constructor(
    message: string,
    readonly code: ResolutionDecisionErrorCode = 'BAD_USER_INPUT',
  ) {
    super(message);
  }
}

interface DecisionAuthor {
  caseId: Types.ObjectId;
  decidedBy: string;
  /** the API key that decided, when the decision came through the API */
  decidedByKeyId?: string | null;
  reason: string;
}

/** Same organisation (MATCH) or different organisations (NO_MATCH) as one of the case's candidates. */
export interface PairDecision extends DecisionAuthor {
  verdict: 'MATCH' | 'NO_MATCH';
  candidatePartyId: Types.ObjectId;
}

/** The source's USCC for the case's alias is wrong: `correctedUscc` is the organisation's real one. */
export interface UsccCorrection extends DecisionAuthor {
  verdict: 'CORRECT_USCC';
  correctedUscc: string;
}

export type StewardDecision = PairDecision | UsccCorrection;

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
  if (!resolutionCase) throw new ResolutionDecisionError(`no resolution case ${decision.caseId.toHexString()}`, 'NOT_FOUND');
  if (resolutionCase.status === 'DECIDED') {
    throw new ResolutionDecisionError(`resolution case ${decision.caseId.toHexString()} was decided at ${resolutionCase.decidedAt?.toISOString()}; it takes no more decisions`, 'CONFLICT');
  }
  if (decision.verdict === 'CORRECT_USCC') return correctUscc(resolutionCase, decision);
  if (!resolutionCase.candidatePartyIds.some((id) => id.equals(decision.candidatePartyId))) {
    throw new ResolutionDecisionError(`party ${decision.candidatePartyId.toHexString()} is not a candidate of this case`);
  }
  const [subject, candidate] = await Promise.all([
    PartyModel.findById(resolutionCase.subjectPartyId).lean<PartyLean>().exec(),
    PartyModel.findById(decision.candidatePartyId).lean<PartyLean>().exec(),
  ]);
  if (!subject || !candidate) throw new ResolutionDecisionError('the case refers to a party that no longer exists', 'CONFLICT');
  const merging = decision.verdict === 'MATCH' && resolutionCase.kind !== 'USCC_NAME_CONFLICT' && !subject._id.equals(candidate._id);
  if (merging && subject.uscc && candidate.uscc && subject.uscc !== candidate.uscc) {
    throw new ResolutionDecisionError(`parties with different valid USCCs (${subject.uscc}, ${candidate.uscc}) are different organisations`);
  }

  await bumpPartiesVersion();
  await recordDecision(resolutionCase, decision, candidate.primaryKey);

  let mergedInto: Types.ObjectId | null = null;
  if (merging) {
    await merge(subject, candidate);
    mergedInto = candidate._id;
  }
  const caseStatus = await settleCase(resolutionCase, decision.verdict, subject);
  return { caseStatus, mergedInto };
}

async function recordDecision(resolutionCase: ResolutionCaseDoc, decision: StewardDecision, candidateKey: string, subjectKey = resolutionCase.subjectKey): Promise<void> {
  await ResolutionDecisionModel.create({
    subjectKey,
    candidateKey,
    verdict: decision.verdict,
    decidedBy: decision.decidedBy,
    decidedByKeyId: decision.decidedByKeyId ?? null,
    reason: decision.reason,
    decidedAt: new Date(),
    caseId: resolutionCase._id,
    candidatePartyId: decision.verdict === 'CORRECT_USCC' ? null : decision.candidatePartyId,
  });
}

/**
 * Gives the case's subject party the corrected USCC (merging it into the party that already holds that
 * USCC, if any), and records the correction against the source alias, so resolution reads that alias
 * with the corrected USCC on every re-sync and rebuild (src/resolve/resolver.ts). Only a party that
 * exists because of this alias alone is corrected here: one that other sources also name keeps its
 * USCC, and the steward answers the name question instead.
 */
async function correctUscc(resolutionCase: ResolutionCaseDoc, decision: UsccCorrection): Promise<DecisionResult> {
  const checked = validateUscc(decision.correctedUscc);
  if (!checked.ok) throw new ResolutionDecisionError(`correctedUscc: ${checked.reason}`);
  const corrected = checked.value;
  const subject = await PartyModel.findById(resolutionCase.subjectPartyId).lean<PartyLean>().exec();
  if (!subject) throw new ResolutionDecisionError('the case refers to a party that no longer exists', 'CONFLICT');
  const { source, sourceKey } = resolutionCase.evidence;
  const others = subject.aliases.filter((a) => !(a.source === source && a.sourceKey === sourceKey));
  if (others.length > 0) {
    throw new ResolutionDecisionError(
      `party ${subject.name} is also named by ${others.length} other source alias(es) under USCC ${subject.uscc ?? '(none)'}; correcting the USCC here applies only to a party named by this alias alone: decide SAME_ORGANISATION or DIFFERENT_ORGANISATIONS`,
      'CONFLICT',
    );
  }
  const usccKey = identityKey.uscc(corrected);
  // a MERGED party keeps no identity keys (`merge` below), so the key alone finds the live holder
  const holder = await PartyModel.findOne({ identityKeys: usccKey }).lean<PartyLean>().exec();

  await bumpPartiesVersion();
  await recordDecision(resolutionCase, decision, usccKey, identityKey.sourceAlias(source, sourceKey));
  const wrongKey = subject.uscc ? identityKey.uscc(subject.uscc) : null;
  const identityKeys = [...new Set([...subject.identityKeys.filter((k) => k !== wrongKey), usccKey])];
  let mergedInto: Types.ObjectId | null = null;
  if (holder && !holder._id.equals(subject._id)) {
    await merge({ ...subject, uscc: corrected, identityKeys }, holder);
    mergedInto = holder._id;
  } else {
    await PartyModel.updateOne(
      { _id: subject._id },
      { $set: { uscc: corrected, primaryKey: usccKey, identityKeys, status: 'ACTIVE' }, $inc: { revision: 1 } },
    );
  }
  await ResolutionCaseModel.updateOne({ _id: resolutionCase._id }, { $set: { status: 'DECIDED', decidedAt: new Date() } });
  return { caseStatus: 'DECIDED', mergedInto };
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
  // the movement lists hold copies of the movements: stale (readers take the query) until each
  // stream's next lock release rebuilds them
  await markMovementListStale(STREAMS, 'all');
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
