/**
 * What a connector's `map.ts` produces (connectors/MAPPING.md): unified-model drafts per validated
 * source record, pure and without I/O. Party references are left unresolved (`partyId: null`) and
 * listed as `mentions`; the sync engine resolves every mention of a batch in one call to entity
 * resolution (src/resolve) and writes the resolved id into the draft at the mention's `slot`.
 */
import type { Types } from 'mongoose';
import type { Community } from '../src/model/community';
import type { Facility } from '../src/model/facility';
import type { Movement, MovementKind, MovementQuantity } from '../src/model/movement';
import type { PartyRole } from '../src/model/party';
import type { PeriodReport } from '../src/model/periodReport';
import type { Project } from '../src/model/project';
import { parseMass, parseMoney, parsePersons, type Mass, type ScaledAmount } from '../src/model/quantities';
import type { SourceId } from '../src/model/reference/agencies';
import { monthOf, validatePlate } from '../src/model/validators';
import type { Vehicle } from '../src/model/vehicle';
import type { PartyProfile } from '../src/resolve/profile';
import type { z } from 'zod';
import { validateRecord, type JsonObject, type RecordOrigin } from './contract';
import { plausibilityFindings, type PlausibilityTable } from './plausibility';
import { CodedError } from '../src/errors';

/** Where a resolved party id goes in a draft: a PartyRef path (`from.party`, `carrier`, `operator`…). */
export type PartySlot = 'from.party' | 'to.party' | 'carrier' | 'party' | 'operator' | 'builder' | 'hauler';

/** What a record says about an organisation (DESIGN §4 "Entity resolution"). */
export interface PartyMention {
  /** where the party id goes; null for a mention that only defines the party (a registry row) */
  slot: PartySlot | null;
  uscc: string | null;
  /** null when the source gives only a code (haulers, builders, disposers) */
  name: string | null;
  street: string | null;
  roles: PartyRole[];
  /** the source's own key for the organisation (platform id), when it has one */
  sourceKey?: string | null;
}

/** Facts a registry row (enterprises, institutions.csv) states about a party beyond its identity. */
export type { PartyProfile };

type Draft<T> = Omit<T, 'createdAt' | 'updatedAt' | 'sources'>;
export type MovementDraft = Omit<Draft<Movement>, 'linkedMovementIds'>;
export type PeriodReportDraft = Draft<PeriodReport>;
export type FacilityDraft = Draft<Facility>;
export type ProjectDraft = Draft<Project>;
export type VehicleDraft = Draft<Vehicle>;
export type CommunityDraft = Draft<Community>;

/** One medical ledger row or receipt row, kept until its handover (manifest) is rebuilt. */
export type MedicalHandoverPart =
  | { kind: 'ledger'; manifestNo: string; institutionUscc: string; sourceId: string; sourceRecordId: Types.ObjectId; record: MedicalLedgerFacts }
  | { kind: 'receipt'; manifestNo: string; disposerUscc: string; sourceId: string; sourceRecordId: Types.ObjectId; record: MedicalReceiptFacts };

export interface MedicalLedgerFacts {
  date: string;
  category: string;
  weightKg: string;
  packages: number | null;
  handedOverAt: string | null;
}

export interface MedicalReceiptFacts {
  institutionUscc: string | null;
  receivedAt: string;
  category: string;
  weightKg: string;
  treatment: string;
}

/** The projection of one record. Each kind is upserted by its natural key (see src/ingest/project.ts). */
export type Projection =
  | { target: 'party'; mention: PartyMention; profile: PartyProfile }
  | { target: 'movement'; doc: MovementDraft; mentions: PartyMention[] }
  | { target: 'periodReport'; doc: PeriodReportDraft; mentions: PartyMention[] }
  | { target: 'facility'; doc: FacilityDraft; mentions: PartyMention[] }
  | { target: 'project'; doc: ProjectDraft; mentions: PartyMention[] }
  | { target: 'vehicle'; doc: VehicleDraft; mentions: PartyMention[] }
  | { target: 'community'; doc: CommunityDraft; mentions: PartyMention[] }
  /** medical ledger/receipt rows: grouped into one Movement per manifest by the engine */
  | { target: 'medicalPart'; part: MedicalHandoverPart }
  /** the record has nothing to project (a ledger row not yet handed over) */
  | { target: 'none' };

/** Everything a mapper needs besides the record: which stored record it is, and where it came from. */
export interface MapContext {
  source: SourceId;
  stream: string;
  sourceId: string;
  sourceRecordId: Types.ObjectId;
  origin?: RecordOrigin;
}

export type MapResult = { ok: true; projections: Projection[] } | { ok: false; reason: string };

/** A mapper: the validated payload of one stream's record → its projections. */
export type StreamMapper = (payload: JsonObject, context: MapContext) => MapResult;

/** Thrown inside a mapper for a value the model cannot hold exactly; turned into a quarantine reason. */
export class MappingError extends CodedError {
  readonly code = 'MAPPING_FAILED';
}

export function grams(value: string, unit: string, field: string, options: { allowNegative?: boolean } = {}): Mass {
  const parsed = parseMass(value, unit, options);
  if (!parsed.ok) throw new MappingError(`${field}: ${parsed.reason}`);
  return parsed.value;
}

export function fen(value: string, unit: string, field: string): ScaledAmount {
  const parsed = parseMoney(value, unit);
  if (!parsed.ok) throw new MappingError(`${field}: ${parsed.reason}`);
  return parsed.value;
}

export function persons(value: string, unit: string, field: string): ScaledAmount {
  const parsed = parsePersons(value, unit);
  if (!parsed.ok) throw new MappingError(`${field}: ${parsed.reason}`);
  return parsed.value;
}

/** An ISO time with offset (validated by the record schema) → Date. */
export function instant(iso: string): Date {
  return new Date(iso);
}

/** `YYYY-MM-DD` → midnight China Standard Time. */
export function cstMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** The CST month of an ISO time. */
export function monthOfIso(iso: string): string {
  return monthOf(new Date(iso));
}

/** A quantity stated by `record` (a map context or a medical part): it carries the record's sourceId, so a reference to the record needs no read. */
export function quantity(role: MovementQuantity['role'], mass: Mass, record: { sourceRecordId: Types.ObjectId; sourceId: string }, extra: { at?: Date | null; category?: string | null } = {}): MovementQuantity {
  return { role, grams: mass.grams, original: mass.original, sourceRecordId: record.sourceRecordId, sourceId: record.sourceId, at: extra.at ?? null, category: extra.category ?? null };
}

export const unresolved = (uscc: string | null, name: string | null = null) => ({ partyId: null, uscc, name });

export const emptyEnd = () => ({ party: null, facilityId: null, facilityCode: null, projectId: null, projectCode: null, street: null });

/** Wraps a mapper body: MappingError (and only it) becomes a failed result. */
export function mapping(build: () => Projection[]): MapResult {
  try {
    return { ok: true, projections: build() };
  } catch (error) {
    if (error instanceof MappingError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Looks up the mapper of a stream, with a clear error for a stream that has none. */
export function mapperFor(mappers: Readonly<Record<string, StreamMapper>>, source: string, stream: string): StreamMapper {
  const mapper = mappers[stream];
  if (!mapper) throw new Error(`no mapper for ${source}/${stream} (connectors/${source}/map.ts)`);
  return mapper;
}

/**
 * A stream's mapper from its record schema, a pure function of the parsed record and the layout's
 * plausibility table: malformed records fail (quarantine); implausible values travel as findings on the
 * movements and period reports the record maps to (connectors/plausibility.ts).
 */
export function typedMapper<Schema extends z.ZodType>(schema: Schema, map: (record: z.output<Schema>, context: MapContext) => Projection[], plausibility: PlausibilityTable = []): StreamMapper {
  return (payload, context) => {
    const validation = validateRecord(schema, payload);
    if (!validation.ok) return { ok: false, reason: validation.reason };
    const parsed: unknown = validation.record;
    const findings = plausibility.length > 0 && typeof parsed === 'object' && parsed !== null ? plausibilityFindings(plausibility, Object.fromEntries(Object.entries(parsed))) : [];
    const result = mapping(() => map(validation.record, context));
    if (!result.ok || findings.length === 0) return result;
    for (const projection of result.projections) {
      if (projection.target === 'movement' || projection.target === 'periodReport') projection.doc.qualityFindings = findings;
    }
    return result;
  };
}

/**
 * A plate in its canonical form; an invalid plate is kept compacted and upper-cased so the CDW/HH
 * rules still see it (judging it is their job, not the mapper's).
 */
export function canonicalPlate(raw: string): string {
  const checked = validatePlate(raw);
  return checked.ok ? checked.value : raw.replace(/\s+/g, '').toUpperCase();
}

/** `YYYY-MM-DD` (midnight CST) or an ISO time with offset → Date. */
export function dateOrInstant(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? cstMidnight(value) : instant(value);
}

/**
 * Records several of which make one unified document (medical ledger and receipt rows → one handover
 * per 转移联单号): the engine stores each record's group key and rebuilds a group from all its current
 * records whenever one of them changes or is retired.
 */
export interface RecordGrouping {
  streams: readonly string[];
  /** the kind of movement a group builds (so an emptied group's document can be removed) */
  kind: MovementKind;
  /** the group a raw payload belongs to, or null (a ledger row not yet handed over) */
  keyOf(stream: string, payload: JsonObject): string | null;
  build(key: string, parts: readonly MedicalHandoverPart[]): { doc: MovementDraft; mentions: PartyMention[] } | null;
}

/** A source's mapping: one mapper per stream, and its groupings if it has any. */
export interface SourceMapping {
  mappers: Readonly<Record<string, StreamMapper>>;
  grouping?: RecordGrouping;
}
