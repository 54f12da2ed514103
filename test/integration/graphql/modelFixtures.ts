/**
 * Hand-made unified-model documents shaped as connectors/MAPPING.md says connectors write them, for the
 * parties and movements API tests. Source records go through upsertSourceRecords (the ingest path), so
 * ids, hashes and versions are real.
 */
import { Types } from 'mongoose';
import type { PartyRef } from '../../../src/model/common';
import type { Movement, MovementEnd, MovementQuantity, QuantityRole } from '../../../src/model/movement';
import type { Party, PartyAlias, PartyRole } from '../../../src/model/party';
import { massOrThrow } from '../../../src/model/quantities';
import type { SourceId } from '../../../src/model/reference/agencies';
import type { StreetCode } from '../../../src/model/reference/streets';
import { upsertSourceRecords, type JsonObject } from '../../../src/model/sourceRecord';
import { usccCheckCharacter } from '../../../src/model/validators';
import { normaliseCompanyName } from '../../../src/resolve/normalise';

/** A valid USCC (check character computed) for test party number `n`. */
export function makeUscc(n: number): string {
  const first17 = `91110107${String(n).padStart(9, '0')}`;
  return first17 + usccCheckCharacter(first17);
}

const SEEN = new Date('2026-03-01T08:00:00+08:00');

export function alias(source: SourceId, name: string, options: { sourceKey?: string; street?: StreetCode | null; usccRaw?: string | null } = {}): PartyAlias {
  return {
    source,
    sourceKey: options.sourceKey ?? options.usccRaw ?? name,
    name,
    normalisedName: normaliseCompanyName(name),
    street: options.street ?? null,
    usccRaw: options.usccRaw ?? null,
    usccValid: options.usccRaw != null,
    firstSeenAt: SEEN,
    lastSeenAt: SEEN,
  };
}

export interface PartySpec {
  uscc: string | null;
  name: string;
  roles: PartyRole[];
  street?: StreetCode | null;
  source?: SourceId;
  aliases?: PartyAlias[];
  sources?: Types.ObjectId[];
  licences?: Party['licences'];
  institution?: Party['institution'];
}

export function partyDoc(spec: PartySpec): Omit<Party, 'createdAt' | 'updatedAt'> {
  const source = spec.source ?? 'industrial';
  const aliases = spec.aliases ?? [alias(source, spec.name, { usccRaw: spec.uscc, street: spec.street ?? null })];
  return {
    primaryKey: spec.uscc ? `USCC:${spec.uscc}` : `SRC:${source}:${spec.name}`,
    uscc: spec.uscc,
    name: spec.name,
    normalisedName: normaliseCompanyName(spec.name),
    street: spec.street ?? null,
    address: null,
    industryCode: null,
    aboveDesignatedSize: null,
    roles: spec.roles,
    licences: spec.licences ?? [],
    institution: spec.institution ?? null,
    aliases,
    identityKeys: spec.uscc ? [`USCC:${spec.uscc}`] : [],
    status: 'ACTIVE',
    mergedInto: null,
    sources: spec.sources ?? [],
    revision: 0,
  };
}

export function ref(party: { _id: Types.ObjectId; uscc: string | null; name: string } | null): PartyRef | null {
  return party ? { partyId: party._id, uscc: party.uscc, name: party.name } : null;
}

export function end(fields: Partial<MovementEnd> = {}): MovementEnd {
  return { party: null, facilityId: null, facilityCode: null, projectId: null, projectCode: null, street: null, ...fields };
}

export function quantity(role: QuantityRole, value: string, unit: string, sourceRecordId: Types.ObjectId, extra: Partial<MovementQuantity> = {}): MovementQuantity {
  const mass = massOrThrow(value, unit);
  return { role, grams: mass.grams, original: mass.original, sourceRecordId, at: null, category: null, ...extra };
}

export type MovementSpec = Pick<Movement, 'stream' | 'kind' | 'sourceKey' | 'period' | 'status' | 'from' | 'to' | 'quantities'> & Partial<Movement>;

export function movementDoc(spec: MovementSpec): Omit<Movement, 'createdAt' | 'updatedAt'> {
  return {
    statusRaw: null,
    carrier: null,
    vehicle: null,
    category: null,
    wasteCode: null,
    hwClass: null,
    physicalForm: null,
    route: null,
    direction: null,
    packages: null,
    departedAt: null,
    arrivedAt: null,
    linkedMovementIds: [],
    attributes: {},
    sources: [...new Set(spec.quantities.map((q) => q.sourceRecordId.toHexString()))].map((id) => new Types.ObjectId(id)),
    ...spec,
  };
}

/**
 * Stores payloads as source records of one (source, connector stream) and returns by sourceId what a
 * quantity stating each record carries, as ingest projects it (src/ingest/project.ts): its id, sourceId and version.
 */
export async function storeStatingRecords(source: SourceId, stream: string, payloads: Record<string, JsonObject>): Promise<Map<string, Pick<MovementQuantity, 'sourceRecordId' | 'sourceId' | 'sourceVersion'>>> {
  const results = await upsertSourceRecords(Object.entries(payloads).map(([sourceId, payload]) => ({ source, stream, sourceId, payload })));
  return new Map(results.map((r) => [r.sourceId, { sourceRecordId: r.id, sourceId: r.sourceId, sourceVersion: { source, stream, version: r.version!, hash: r.hash } }]));
}

/** Stores payloads as source records of one (source, connector stream) and returns their ids by sourceId. */
export async function storeRecords(source: SourceId, stream: string, payloads: Record<string, JsonObject>): Promise<Map<string, Types.ObjectId>> {
  const results = await upsertSourceRecords(Object.entries(payloads).map(([sourceId, payload]) => ({ source, stream, sourceId, payload })));
  return new Map(results.map((r) => [r.sourceId, r.id]));
}
