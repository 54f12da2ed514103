/**
 * Entity resolution, the I/O shell around `matchObservation`: for a batch of observations (what
 * records say about organisations), one read of the parties sharing any identity key, one read of
 * the stewards' decisions, matching in memory (so one batch naming a new company twice creates it
 * once), then one bulk write of parties and one of cases. Resolvers running at once are caught by the
 * party `revision` and the unique `primaryKey`, and the batch is retried.
 */
import { Types } from 'mongoose';
import { bulkWriteInChunks } from '../infra/mongo';
import { profileChanges, type PartyProfile } from './profile';
import { PartyModel, type Party, type PartyAlias, type PartyRole, type PartyStatus } from '../model/party';
import { ResolutionCaseModel, type ResolutionCaseKind } from '../model/resolutionCase';
import { ResolutionDecisionModel, type ResolutionVerdict } from '../model/resolutionDecision';
import { identityKey } from './normalise';
import {
  matchObservation,
  prepareObservation,
  type CandidateView,
  type DecisionView,
  type PartyObservation,
  type PreparedObservation,
} from './matcher';

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

export type PartyLean = Party & { _id: Types.ObjectId };

interface WorkingParty {
  doc: PartyLean;
  isNew: boolean;
  dirty: boolean;
  loadedRevision: number;
}

interface CaseWrite {
  kind: ResolutionCaseKind;
  subjectKey: string;
  subjectPartyId: Types.ObjectId;
  candidates: PartyLean[];
  observation: PreparedObservation;
  seenAt: Date;
}

class ResolutionConflict extends Error {}

const MAX_ATTEMPTS = 3;

export async function resolveParties(observations: readonly PartyObservationInput[]): Promise<PartyResolution[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await resolveOnce(observations);
    } catch (error) {
      const duplicate = (error as { code?: unknown } | null)?.code === 11000;
      if (attempt >= MAX_ATTEMPTS || !(error instanceof ResolutionConflict || duplicate)) throw error;
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

export function candidateView(doc: PartyLean): CandidateView {
  return {
    id: doc._id.toHexString(),
    primaryKey: doc.primaryKey,
    uscc: doc.uscc,
    status: doc.status,
    identityKeys: new Set(doc.identityKeys),
    normalisedNames: new Set([doc.normalisedName, ...doc.aliases.map((a) => a.normalisedName)]),
  };
}

async function resolveOnce(observations: readonly PartyObservationInput[]): Promise<PartyResolution[]> {
  const prepared = observations.map(prepareObservation);
  const allKeys = [...new Set(prepared.flatMap((p) => p.keys))];
  const loaded = allKeys.length
    ? await PartyModel.find({ identityKeys: { $in: allKeys } }).lean<PartyLean[]>().exec()
    : [];
  const decisions = await loadDecisions(prepared.flatMap((p) => [p.subjectKey, p.aliasKey]));

  const working = new Map<string, WorkingParty>();
  const byKey = new Map<string, Set<string>>();
  const index = (w: WorkingParty) => {
    for (const key of w.doc.identityKeys) {
      const ids = byKey.get(key) ?? new Set<string>();
      ids.add(w.doc._id.toHexString());
      byKey.set(key, ids);
    }
  };
  for (const doc of loaded) {
    const w: WorkingParty = { doc, isNew: false, dirty: false, loadedRevision: doc.revision ?? 0 };
    working.set(doc._id.toHexString(), w);
    index(w);
  }

  const results: PartyResolution[] = [];
  const caseWrites: CaseWrite[] = [];
  const now = new Date();

  prepared.forEach((observation, i) => {
    const input = observations[i]!;
    const seenAt = input.seenAt ?? now;
    const related = new Set<string>();
    for (const key of observation.keys) for (const id of byKey.get(key) ?? []) related.add(id);
    const views = [...related].map((id) => candidateView(working.get(id)!.doc));
    const outcome = matchObservation(observation, views, decisions);

    let party: WorkingParty;
    let via: PartyResolution['via'];
    if (outcome.action === 'CREATE') {
      party = { doc: newParty(observation, outcome.status, seenAt), isNew: true, dirty: true, loadedRevision: 0 };
      working.set(party.doc._id.toHexString(), party);
      via = 'CREATED';
    } else {
      party = working.get(outcome.partyId)!;
      via = outcome.via;
      if (outcome.adoptUscc && observation.uscc && !party.doc.uscc) {
        party.doc.uscc = observation.uscc;
        party.doc.primaryKey = identityKey.uscc(observation.uscc);
      }
    }
    attach(party, observation, input, seenAt);
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
        candidates: c.candidateIds.map((id) => working.get(id)!.doc),
        observation,
        seenAt,
      });
    }
    results.push({ partyId: party.doc._id, via, status: party.doc.status, cases: outcome.cases.map((c) => c.kind) });
  });

  await writeParties([...working.values()].filter((w) => w.dirty));
  await writeCases(caseWrites);
  return results;
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

function attach(party: WorkingParty, o: PreparedObservation, input: PartyObservationInput, seenAt: Date): void {
  const doc = party.doc;
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
    // kept to the day: every sync run mentions the same parties, and rewriting each of them for a
    // few hours' difference would cost a party write per mention
    lastSeenAt: existing && existing.lastSeenAt.getTime() + ALIAS_SEEN_GRAIN_MS > seenAt.getTime() ? existing.lastSeenAt : seenAt,
  };
  const aliasChanged =
    !existing ||
    existing.name !== alias.name ||
    existing.street !== alias.street ||
    existing.usccRaw !== alias.usccRaw ||
    existing.lastSeenAt.getTime() !== alias.lastSeenAt.getTime();
  if (existing) Object.assign(existing, alias);
  else doc.aliases.push(alias);

  const before = doc.identityKeys.length + doc.roles.length + doc.sources.length;
  // a party's keys: every alias, its names where it is, and its USCC (only the valid one)
  const keys = new Set(doc.identityKeys);
  keys.add(o.aliasKey);
  keys.add(identityKey.nameAnywhere(o.normalisedName));
  if (o.street) keys.add(identityKey.nameInStreet(o.normalisedName, o.street));
  if (doc.uscc) keys.add(identityKey.uscc(doc.uscc));
  doc.identityKeys = [...keys];
  doc.roles = [...new Set([...doc.roles, ...(input.roles ?? [])])];
  if (input.sourceRecordId && !doc.sources.some((s) => s.equals(input.sourceRecordId!))) doc.sources.push(input.sourceRecordId);
  doc.street ??= o.street;
  const after = doc.identityKeys.length + doc.roles.length + doc.sources.length;
  if (aliasChanged || after !== before) party.dirty = true;
}

async function writeParties(parties: WorkingParty[]): Promise<void> {
  if (parties.length === 0) return;
  const now = new Date();
  const updates = parties.filter((p) => !p.isNew);
  const writes = parties.map((p) => {
    if (p.isNew) return { insertOne: { document: { ...p.doc, createdAt: now, updatedAt: now } } };
    const { _id, createdAt: _created, revision: _revision, ...fields } = p.doc;
    return {
      updateOne: {
        filter: { _id, revision: p.loadedRevision },
        update: { $set: { ...fields, updatedAt: now, revision: p.loadedRevision + 1 } },
      },
    };
  });
  const result = await bulkWriteInChunks(PartyModel, writes, { timestamps: false });
  if (result.matchedCount < updates.length) throw new ResolutionConflict('a party changed while resolving');
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
