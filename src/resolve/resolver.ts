/**
 * Entity resolution, the I/O shell around `matchObservation`. A batch of observations (what records
 * say about organisations) is resolved holding the party lock, against this process's view of the
 * parties and decisions (src/resolve/partyCache.ts: reloaded only when another writer has changed
 * them), matching in memory (so one batch naming a new company twice creates it once); then one bulk
 * write of parties (inserts, and updates by `_id` alone: the lock is the concurrency control, and
 * `revision` counts the changes), and, after the lock, one of cases. A write that finds the parties
 * other than the view said (a party gone, a primary key taken) drops the view and the batch is retried.
 */
import { Types } from 'mongoose';
import { bulkWriteInChunks, isDuplicateKey } from '../store/writes';
import { profileChanges, type PartyProfile } from './profile';
import type { PartyAlias, PartyRole, PartyStatus } from '../model/party';
import { ResolutionCaseModel, type ResolutionCaseKind } from '../model/resolutionCase';
import { ResolutionDecisionModel, type ResolutionVerdict } from '../model/resolutionDecision';
import { identityKey } from './normalise';
import { applyWrittenParties, bumpPartiesVersion, currentParties, forgetParties, readSettledView, withPartyLock, type PartiesView, type PartyLean } from './partyCache';
import { storeParties } from './partyWrites';
import {
  matchObservation,
  prepareObservation,
  type CandidateView,
  type DecisionView,
  type PartyObservation,
  type PreparedObservation,
} from './matcher';
import { CodedError } from '../errors';

export interface PartyObservationInput extends PartyObservation {
  roles?: PartyRole[];
  /** the record that made the observation (provenance) */
  sourceRecordId?: Types.ObjectId | null;
  /** a registry row's facts about the party, merged into it */
  profile?: PartyProfile | null;
  seenAt?: Date;
}

export interface PartyResolution {
  partyId: Types.ObjectId;
  via: 'ALIAS' | 'DECISION' | 'USCC' | 'NAME' | 'PENDING' | 'CREATED';
  status: PartyStatus;
  /** cases opened (or refreshed) for a steward by this observation */
  cases: ResolutionCaseKind[];
}

export type { PartyLean };

interface WorkingParty {
  /** a copy of the party in the view (or a new party), changed by this batch */
  doc: PartyLean;
  isNew: boolean;
  dirty: boolean;
}

interface CaseWrite {
  kind: ResolutionCaseKind;
  subjectKey: string;
  subjectPartyId: Types.ObjectId;
  candidates: PartyLean[];
  observation: PreparedObservation;
  seenAt: Date;
}

/** The stored parties are not what the view said: the view is dropped and the batch retried. */
class ResolutionConflict extends CodedError {
  readonly code = 'CONFLICT';
}

const MAX_ATTEMPTS = 3;

export async function resolveParties(observations: readonly PartyObservationInput[]): Promise<PartyResolution[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await resolveOnce(observations);
    } catch (error) {
      const duplicate = isDuplicateKey(error);
      if (!(error instanceof ResolutionConflict || duplicate)) throw error;
      forgetParties();
      if (attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

export async function resolveParty(observation: PartyObservationInput): Promise<PartyResolution> {
  const [result] = await resolveParties([observation]);
  return result!;
}

/** Latest verdict per (subject, candidate) pair for the given subject keys. */
export async function loadDecisions(subjectKeys: readonly string[]): Promise<DecisionView[]> {
  if (subjectKeys.length === 0) return [];
  const docs = await ResolutionDecisionModel.find({ subjectKey: { $in: [...new Set(subjectKeys)] } })
    .sort({ decidedAt: -1, _id: -1 })
    .lean<Array<{ subjectKey: string; candidateKey: string; verdict: ResolutionVerdict }>>()
    .exec();
  const latest = new Map<string, DecisionView>();
  for (const d of docs) {
    const pair = `${d.subjectKey}\u0000${d.candidateKey}`;
    if (!latest.has(pair)) latest.set(pair, { subjectKey: d.subjectKey, candidateKey: d.candidateKey, verdict: d.verdict });
  }
  return [...latest.values()];
}

/**
 * The name of the live party each valid USCC identifies, from the view of the parties (for mentions
 * that carry only a code). USCCs no party has are left out.
 */
export async function knownPartyNames(usccs: readonly string[]): Promise<Map<string, string>> {
  if (usccs.length === 0) return new Map();
  const names = (parties: PartiesView) => {
    const known = new Map<string, string>();
    for (const uscc of new Set(usccs)) {
      for (const id of parties.byKey.get(identityKey.uscc(uscc)) ?? []) {
        const party = parties.byId.get(id)!;
        if (party.status !== 'MERGED' && party.uscc) known.set(party.uscc, party.name);
      }
    }
    return known;
  };
  return (await readSettledView(names))?.value ?? withPartyLock(async () => names(await currentParties()));
}

export function candidateView(doc: PartyLean): CandidateView {
  return {
    id: doc._id.toHexString(),
    primaryKey: doc.primaryKey,
    uscc: doc.uscc,
    status: doc.status,
    identityKeys: new Set(doc.identityKeys),
    normalisedNames: new Set([doc.normalisedName, ...doc.aliases.map((a) => a.normalisedName)]),
    aliases: doc.aliases,
  };
}

/** A copy of a party that the batch may change without touching the view (which the write may not reach). */
function workingCopy(doc: PartyLean): PartyLean {
  return { ...doc, aliases: doc.aliases.map((a) => ({ ...a })), identityKeys: [...doc.identityKeys], roles: [...doc.roles], sources: [...doc.sources] };
}

async function resolveOnce(observations: readonly PartyObservationInput[]): Promise<PartyResolution[]> {
  const prepared = observations.map(prepareObservation);
  const dirtyOf = (batch: ReturnType<typeof matchBatch>) => [...batch.working.values()].filter((w) => w.dirty);
  // a batch that changes no party is matched without the lock (one point read) when this process's view is current
  const unlocked = await readSettledView((parties) => matchBatch(parties, prepared, observations));
  const matchAndWrite = () =>
    withPartyLock(async () => {
      const parties = await currentParties();
      // matched again only if the parties moved since the match without the lock
      const same = unlocked !== null && parties.epoch === unlocked.of.epoch && parties.version === unlocked.of.version;
      const batch = same ? unlocked.value : matchBatch(parties, prepared, observations);
      const dirty = dirtyOf(batch);
      if (dirty.length > 0) {
        await bumpPartiesVersion();
        const written = await writeParties(dirty);
        applyWrittenParties(parties, written);
      }
      return batch;
    });
  const { results, caseWrites } = unlocked && dirtyOf(unlocked.value).length === 0 ? unlocked.value : await matchAndWrite();
  // cases are keyed by kind and subject, and their writes commute: no need to hold the lock
  await writeCases(caseWrites);
  return results;
}

/** Matches the batch in memory against the view, with the parties it creates or changes kept apart. */
function matchBatch(parties: PartiesView, prepared: readonly PreparedObservation[], observations: readonly PartyObservationInput[]) {
  const working = new Map<string, WorkingParty>();
  /** identity keys this batch gave parties, on top of the view's */
  const addedKeys = new Map<string, Set<string>>();
  const partyDoc = (id: string) => working.get(id)?.doc ?? parties.byId.get(id)!;
  const index = (w: WorkingParty) => {
    const id = w.doc._id.toHexString();
    for (const key of w.doc.identityKeys) {
      if (parties.byKey.get(key)?.has(id)) continue;
      const ids = addedKeys.get(key) ?? new Set<string>();
      ids.add(id);
      addedKeys.set(key, ids);
    }
  };

  const results: PartyResolution[] = [];
  const caseWrites: CaseWrite[] = [];
  const now = new Date();

  prepared.forEach((stated, i) => {
    const input = observations[i]!;
    const observation = withCorrectedUscc(stated, parties.decisions.get(stated.aliasKey) ?? []);
    const seenAt = input.seenAt ?? now;
    const related = new Set<string>();
    for (const key of observation.keys) {
      for (const id of parties.byKey.get(key) ?? []) related.add(id);
      for (const id of addedKeys.get(key) ?? []) related.add(id);
    }
    const views = [...related].map((id) => candidateView(partyDoc(id)));
    const decisions = [observation.subjectKey, observation.aliasKey].flatMap((key) => parties.decisions.get(key) ?? []);
    const outcome = matchObservation(observation, views, decisions);

    let party: WorkingParty;
    let via: PartyResolution['via'];
    let sameAlias: string | null = null;
    if (outcome.action === 'CREATE') {
      party = { doc: newParty(observation, outcome.status, seenAt), isNew: true, dirty: true };
      working.set(party.doc._id.toHexString(), party);
      via = 'CREATED';
    } else {
      const existing = working.get(outcome.partyId);
      party = existing ?? { doc: workingCopy(parties.byId.get(outcome.partyId)!), isNew: false, dirty: false };
      if (!existing) working.set(outcome.partyId, party);
      via = outcome.via;
      sameAlias = outcome.sameAlias;
      if (outcome.adoptUscc && observation.uscc && !party.doc.uscc) {
        party.doc.uscc = observation.uscc;
        party.doc.primaryKey = identityKey.uscc(observation.uscc);
        party.dirty = true;
      }
    }
    attach(party, observation, input, seenAt, sameAlias);
    if (input.profile) {
      const changes = profileChanges(party.doc, input.profile);
      if (Object.keys(changes).length > 0) {
        Object.assign(party.doc, changes);
        party.dirty = true;
      }
    }
    index(party);
    for (const c of outcome.cases) {
      caseWrites.push({
        kind: c.kind,
        subjectKey: c.subjectKey,
        subjectPartyId: party.doc._id,
        candidates: c.candidateIds.map(partyDoc),
        observation,
        seenAt,
      });
    }
    results.push({ partyId: party.doc._id, via, status: party.doc.status, cases: outcome.cases.map((c) => c.kind) });
  });
  return { working, results, caseWrites };
}

/**
 * A steward's CORRECT_USCC for this source alias (newest decision first): the observation is read with
 * the corrected USCC, under the same alias key, and keeps the USCC the source stated as `usccRaw`.
 */
function withCorrectedUscc(o: PreparedObservation, aliasDecisions: readonly DecisionView[]): PreparedObservation {
  const correction = aliasDecisions.find((d) => d.subjectKey === o.aliasKey && d.verdict === 'CORRECT_USCC');
  if (!correction) return o;
  const uscc = correction.candidateKey.slice(identityKey.uscc('').length);
  if (uscc === o.uscc) return o;
  const corrected = prepareObservation({ source: o.source, sourceKey: o.sourceKey, uscc, name: o.name, street: o.street });
  return { ...corrected, ownSourceKey: o.ownSourceKey, usccRaw: o.usccRaw };
}

function newParty(o: PreparedObservation, status: 'ACTIVE' | 'PENDING', seenAt: Date): PartyLean {
  return {
    _id: new Types.ObjectId(),
    primaryKey: o.uscc ? identityKey.uscc(o.uscc) : o.aliasKey,
    uscc: o.uscc,
    name: o.name,
    normalisedName: o.normalisedName,
    street: o.street,
    address: null,
    industryCode: null,
    aboveDesignatedSize: null,
    roles: [],
    licences: [],
    institution: null,
    aliases: [],
    identityKeys: [],
    status,
    mergedInto: null,
    sources: [],
    revision: 0,
    createdAt: seenAt,
    updatedAt: seenAt,
  };
}

const ALIAS_SEEN_GRAIN_MS = 24 * 3600_000;

// kept to the day: every sync run mentions the same parties, and rewriting each of them for a few
// hours' difference would cost a party write per mention
const lastSeen = (existing: PartyAlias | undefined, seenAt: Date) =>
  existing && existing.lastSeenAt.getTime() + ALIAS_SEEN_GRAIN_MS > seenAt.getTime() ? existing.lastSeenAt : seenAt;

/**
 * Records the observation on its party: as its own alias, or, when the matcher found it to be an
 * alias the party already has (`sameAlias`, a mention without a key of its own), as that alias seen
 * again; then its keys, roles and provenance.
 */
function attach(party: WorkingParty, o: PreparedObservation, input: PartyObservationInput, seenAt: Date, sameAlias: string | null): void {
  const doc = party.doc;
  let aliasChanged: boolean;
  const same = sameAlias === null ? undefined : doc.aliases.find((a) => a.source === o.source && a.sourceKey === sameAlias);
  if (same) {
    // the alias stays as its source's own record states it; only its sighting moves
    const lastSeenAt = lastSeen(same, seenAt);
    aliasChanged = lastSeenAt.getTime() !== same.lastSeenAt.getTime();
    same.lastSeenAt = lastSeenAt;
  } else {
    const existing = doc.aliases.find((a) => a.source === o.source && a.sourceKey === o.sourceKey);
    const alias: PartyAlias = {
      source: o.source,
      sourceKey: o.sourceKey,
      name: o.name,
      normalisedName: o.normalisedName,
      street: o.street,
      usccRaw: o.usccRaw,
      usccValid: o.uscc !== null,
      firstSeenAt: existing?.firstSeenAt ?? seenAt,
      lastSeenAt: lastSeen(existing, seenAt),
    };
    aliasChanged =
      !existing ||
      existing.name !== alias.name ||
      existing.street !== alias.street ||
      existing.usccRaw !== alias.usccRaw ||
      existing.lastSeenAt.getTime() !== alias.lastSeenAt.getTime();
    if (existing) Object.assign(existing, alias);
    else doc.aliases.push(alias);
  }

  const before = doc.identityKeys.length + doc.roles.length + doc.sources.length;
  // a party's keys: every alias, its names where it is, and its USCC (only the valid one)
  const keys = new Set(doc.identityKeys);
  if (!same) keys.add(o.aliasKey);
  keys.add(identityKey.nameAnywhere(o.normalisedName));
  if (o.street) keys.add(identityKey.nameInStreet(o.normalisedName, o.street));
  if (doc.uscc) keys.add(identityKey.uscc(doc.uscc));
  doc.identityKeys = [...keys];
  doc.roles = [...new Set([...doc.roles, ...(input.roles ?? [])])];
  if (input.sourceRecordId && !doc.sources.some((s) => s.equals(input.sourceRecordId!))) doc.sources.push(input.sourceRecordId);
  doc.street ??= o.street;
  // a registry row (it states a profile) names its party, whichever source mentioned the party first:
  // the name does not depend on the order the sources were synced in
  const named = input.profile != null && (doc.name !== o.name || doc.normalisedName !== o.normalisedName);
  if (named) Object.assign(doc, { name: o.name, normalisedName: o.normalisedName });
  const after = doc.identityKeys.length + doc.roles.length + doc.sources.length;
  if (aliasChanged || named || after !== before) party.dirty = true;
}

/**
 * Inserts the new parties and replaces the changed ones (partyWrites.ts; the lock keeps other writers
 * out); returns them as stored. A changed party that was no longer stored is written back all the same,
 * and means the view was stale: the batch is retried against the reloaded parties.
 */
async function writeParties(parties: WorkingParty[]): Promise<PartyLean[]> {
  const now = new Date();
  for (const p of parties) {
    p.doc = p.isNew ? { ...p.doc, createdAt: now, updatedAt: now } : { ...p.doc, revision: (p.doc.revision ?? 0) + 1, updatedAt: now };
  }
  const changed = parties.filter((p) => !p.isNew).map((p) => p.doc);
  const { replaced } = await storeParties(parties.filter((p) => p.isNew).map((p) => p.doc), changed);
  if (replaced < changed.length) throw new ResolutionConflict('a party changed while resolving');
  return parties.map((p) => p.doc);
}

async function writeCases(cases: CaseWrite[]): Promise<void> {
  if (cases.length === 0) return;
  await bulkWriteInChunks(
    ResolutionCaseModel,
    cases.map((c) => ({
      updateOne: {
        filter: { caseKey: `${c.kind}|${c.subjectKey}` },
        update: {
          $setOnInsert: { kind: c.kind, subjectKey: c.subjectKey, status: 'OPEN', openedAt: c.seenAt, decidedAt: null },
          $set: {
            subjectPartyId: c.subjectPartyId,
            evidence: {
              source: c.observation.source,
              sourceKey: c.observation.sourceKey,
              name: c.observation.name,
              normalisedName: c.observation.normalisedName,
              street: c.observation.street,
              usccRaw: c.observation.usccRaw,
            },
          },
          $addToSet: {
            candidatePartyIds: { $each: c.candidates.map((p) => p._id) },
            candidateKeys: { $each: c.candidates.map((p) => p.primaryKey) },
          },
        },
        upsert: true,
      },
    })),
  );
}
