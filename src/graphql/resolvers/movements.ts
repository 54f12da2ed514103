/**
 * Movements, facilities, projects, vehicles and source records. Lists page through the one connection
 * helper; every reference between types goes through a per-request loader, so a page costs one query
 * per referenced type, whatever its size. Stream scope comes from ../streamScope, roles from `@auth`.
 */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { FilterQuery, Types } from 'mongoose';
import type { Stream } from '../../auth/roles';
import type { PartyRef } from '../../model/common';
import { usableMovementLists } from '../../ingest/movementLists';
import { MovementModel, type Movement, type MovementEnd, type MovementQuantity, type QuantitySourceVersion } from '../../model/movement';
import { formatGramsAsTonnes } from '../../model/quantities';
import { readMovementListChunk, readMovementLists, type MovementListMonthEntry } from '../../store/movementLists';
import { validatePeriod, validatePlate, validateUscc } from '../../model/validators';
import { connectionPage, decodeCursor, pageSize, paginate, type ConnectionPage, type Edge, type PageArgs, type SortKey } from '../connections';
import { badInput, notFound } from '../errors';
import type { MovementFilter, Resolvers } from '../generated/resolvers';
import { parseObjectId, referenceKey, sourceCodeKey, type Loaders, type MovementRecord, type PartyRecord, type SourceRecordRecord } from '../loaders';
import { assertReadable, mayRead, readableStreams, streamClause } from '../streamScope';
import { STREAM_CATEGORY_TABLES, streetOf } from './reference';

export type MovementConnectionParent = ConnectionPage<MovementRecord>;
export type MovementEdgeParent = Edge<MovementRecord>;
/** An end needs its movement's stream: a facility or project stated by code is unique per source. */
export interface MovementEndParent {
  end: MovementEnd;
  stream: Stream;
}
export type MovementVehicleParent = NonNullable<Movement['vehicle']>;
/**
 * A source record, read or as a quantity refers to it: its id and sourceId, carried on the movement
 * (a page of movements with their records' sourceIds costs no read of the records), and the version
 * the quantity was projected from where it carries one (src/ingest/project.ts `withSourceVersions`: the
 * detail's source, stream, version and hash). Any other field reads the record through the loader.
 */
export type SourceRecordParent = SourceRecordRecord | { _id: Types.ObjectId; sourceId: string; reference: true; carried: QuantitySourceVersion | null };

/**
 * A reference to the record a quantity states, from what the quantity carries. The carried version
 * answers only a selection of carried fields alone: one that also asks for the payload, say, reads the
 * record and takes every field from it, so the version and the payload answered are the same one's.
 */
function referenceOf(q: MovementQuantity & { sourceId: string }, info: GraphQLResolveInfo): SourceRecordParent {
  return { _id: q.sourceRecordId, sourceId: q.sourceId, reference: true, carried: q.sourceVersion && selectsOnly(info, ANSWERED_BY_REFERENCE) ? q.sourceVersion : null };
}

const ANSWERED_BY_REFERENCE: ReadonlySet<string> = new Set(['__typename', 'id', 'sourceId', 'source', 'stream', 'version', 'hash']);

/** The fields the field's selection names, through its fragments (a field under @skip counts as named). */
function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

const selectsOnly = (info: GraphQLResolveInfo, fields: ReadonlySet<string>) => [...selectedFields(info)].every((name) => fields.has(name));

/** A movement's fields that lead to parties (its ends' parties, facilities' operators, the carrier, the vehicle's hauler). */
const TO_PARTIES = ['from', 'to', 'carrier', 'vehicle', 'linkedMovements'];

const CARRIED: ReadonlySet<string> = new Set<keyof QuantitySourceVersion>(['source', 'stream', 'version', 'hash']);
const isCarried = (field: string): field is keyof QuantitySourceVersion => CARRIED.has(field);

/** A field of the record: from the reference when it carries it, else read through the loader. */
const recordField =
  <K extends keyof SourceRecordRecord>(field: K) =>
  (r: SourceRecordParent, _args: unknown, { loaders }: { loaders: Loaders }): SourceRecordRecord[K] | Promise<SourceRecordRecord[K]> => {
    if (!('reference' in r)) return r[field];
    if (r.carried && isCarried(field)) return r.carried[field] as SourceRecordRecord[K];
    return loaders.sourceRecordById.load(r._id.toHexString()).then((record) => {
      if (!record) throw new Error(`source record ${r._id.toHexString()} not found`);
      return record[field];
    });
  };

/** Newest month first; `_id` orders within a month (and ties) in insertion order, newest first. */
export const MOVEMENT_SORT: SortKey<Movement> = { name: 'movements', field: 'period', direction: -1, kind: 'string' };

export function gramsOrNull(grams: number | null | undefined): string | null {
  return grams == null ? null : String(grams);
}

/** The party a record's reference resolved to, through the loader; null while unresolved. */
export function partyOf(ref: PartyRef | null | undefined, loaders: Loaders): Promise<PartyRecord | null> | null {
  return ref?.partyId ? loaders.partyById.load(ref.partyId.toHexString()) : null;
}

/** A USCC argument, normalised; a malformed one is BAD_USER_INPUT with the validator's reason. */
export function usccArgument(raw: string, argument = 'uscc'): string {
  const checked = validateUscc(raw);
  if (!checked.ok) throw badInput(`${argument}: ${checked.reason}`, argument);
  return checked.value;
}

/** A period argument as the months it covers. */
export function periodMonths(raw: string, argument = 'period'): string[] {
  const period = validatePeriod(raw);
  if (!period.ok) throw badInput(`${argument}: ${period.reason}`, argument);
  return period.value.months;
}

/**
 * The MongoDB query for a movement filter within `streams` (already the caller's, see streamScope).
 * A facility is matched by id and by its code within its source, since ends stated by code keep only
 * the code until resolution fills the id.
 */
export async function movementQuery(filter: MovementFilter, streams: readonly Stream[], loaders: Loaders): Promise<FilterQuery<Movement>> {
  const and: FilterQuery<Movement>[] = [...streamClause<Movement>(streams)];
  if (filter.kind?.length) and.push({ kind: { $in: [...filter.kind] } });
  if (filter.status?.length) and.push({ status: { $in: [...filter.status] } });
  if (filter.category?.length) and.push({ category: { $in: [...filter.category] } });
  if (filter.wasteCode?.length) and.push({ wasteCode: { $in: [...filter.wasteCode] } });
  if (filter.period != null) and.push({ period: { $in: periodMonths(filter.period) } });
  if (filter.party != null) {
    const id = parseObjectId(filter.party, 'party');
    and.push({ $or: [{ 'from.party.partyId': id }, { 'to.party.partyId': id }, { 'carrier.partyId': id }] });
  }
  if (filter.uscc != null) {
    const uscc = usccArgument(filter.uscc);
    and.push({ $or: [{ 'from.party.uscc': uscc }, { 'to.party.uscc': uscc }, { 'carrier.uscc': uscc }] });
  }
  if (filter.facility != null) {
    const id = parseObjectId(filter.facility, 'facility');
    const facility = await loaders.facilityById.load(id.toHexString());
    const byCode: FilterQuery<Movement>[] = facility
      ? [
          { stream: facility.source, 'from.facilityCode': facility.code },
          { stream: facility.source, 'to.facilityCode': facility.code },
        ]
      : [];
    and.push({ $or: [{ 'from.facilityId': id }, { 'to.facilityId': id }, ...byCode] });
  }
  if (and.length === 0) return {};
  return and.length === 1 ? and[0]! : { $and: and };
}

/** A filter that names nothing but streams: its pages come from the movement lists. */
function scopeOnly(filter: MovementFilter | null | undefined): boolean {
  return !filter || Object.entries(filter).every(([field, value]) => field === 'stream' || value == null || (Array.isArray(value) && value.length === 0));
}

/**
 * A page of `streams`' movements from their movement lists (src/store/movementLists.ts): the merged
 * list for a caller of every stream, else the streams' list documents, then from the newest month on
 * the chunk of each list where the cursor falls (one point read per list for a page of up to a chunk),
 * merged in list order; the rows are the movements themselves. The same order, cursors and `totalCount` as the query (`paginate`); null when a list is
 * stale, and the caller takes the query.
 */
async function listedMovementPage(streams: readonly Stream[], args: PageArgs, loaders: Loaders): Promise<ConnectionPage<MovementRecord> | null> {
  const size = pageSize(args.first);
  const position = args.after ? decodeCursor(args.after, MOVEMENT_SORT) : null;
  const lists = await usableMovementLists(streams, readMovementLists);
  if (!lists) return null;
  const total = [...lists.values()].reduce((sum, list) => sum + list.months.reduce((n, month) => n + month.count, 0), 0);
  const periods = [...new Set([...lists.values()].flatMap((list) => list.months.map((month) => month.period)))].sort().reverse();
  const rows: MovementRecord[] = [];
  for (const period of periods) {
    if (rows.length > size) break;
    if (position && period > (position.value as string)) continue;
    const below = position && period === position.value ? position.id.toHexString() : null;
    const monthRows = await Promise.all(
      [...lists.values()].flatMap((list) => {
        const month = list.months.find((m) => m.period === period);
        return month ? [listedRows(list.stream, month, below, size + 1 - rows.length)] : [];
      }),
    );
    rows.push(...monthRows.flat().sort((a, b) => (a._id.toHexString() < b._id.toHexString() ? 1 : -1)).slice(0, size + 1 - rows.length));
  }
  const nodes = rows.slice(0, size);
  for (const node of nodes) loaders.movementById.prime(node._id.toHexString(), node);
  return connectionPage(nodes, MOVEMENT_SORT, { hasNextPage: rows.length > size, after: args.after ?? null }, () => Promise.resolve(total));
}

/** Up to `wanted` rows of one stream's month below the id `below` (hex; null: from the top), chunk by chunk. */
async function listedRows(stream: string, month: MovementListMonthEntry, below: string | null, wanted: number): Promise<MovementRecord[]> {
  // chunk starts descend: the cursor falls in the last chunk starting at or above it
  let index = below === null ? 0 : Math.max(0, month.chunkStarts.findLastIndex((start) => start >= below));
  const rows: MovementRecord[] = [];
  for (; index < month.chunkStarts.length && rows.length < wanted; index++) {
    const chunk = (await readMovementListChunk(stream, month.period, index)) as unknown as MovementRecord[];
    rows.push(...(below === null ? chunk : chunk.filter((row) => row._id.toHexString() < below)));
  }
  return rows.slice(0, wanted);
}

function categoryTable(stream: Stream) {
  return STREAM_CATEGORY_TABLES[stream][0] ?? null;
}

export const movementResolvers: Resolvers = {
  Query: {
    movement: async (_parent, { id }, { caller, loaders }, info) => {
      const key = parseObjectId(id).toHexString();
      // the parties come after the movement and its facilities: their version is read beside the movement
      const selected = selectedFields(info);
      if (TO_PARTIES.some((field) => selected.has(field))) loaders.warmPartiesVersion();
      const movement = await loaders.movementById.load(key);
      if (!movement) throw notFound('movement', id);
      assertReadable(caller!, movement.stream, 'movements');
      return movement;
    },
    movements: async (_parent, { filter, first, after }, { caller, loaders }) => {
      const streams = readableStreams(caller!, filter?.stream);
      if (scopeOnly(filter)) {
        const listed = await listedMovementPage(streams, { first, after }, loaders);
        if (listed) return listed;
      }
      const query = await movementQuery(filter ?? {}, streams, loaders);
      return paginate(MovementModel, query, MOVEMENT_SORT, { first, after });
    },
    facility: async (_parent, { id }, { loaders }) => {
      const facility = await loaders.facilityById.load(parseObjectId(id).toHexString());
      if (!facility) throw notFound('facility', id);
      return facility;
    },
    project: async (_parent, { id }, { loaders }) => {
      const project = await loaders.projectById.load(parseObjectId(id).toHexString());
      if (!project) throw notFound('project', id);
      return project;
    },
    vehicle: async (_parent, { plate }, { loaders }) => {
      const checked = validatePlate(plate);
      if (!checked.ok) throw badInput(`plate: ${checked.reason}`, 'plate');
      const vehicle = await loaders.vehicleByPlate.load(checked.value);
      if (!vehicle) throw notFound('vehicle', checked.value);
      return vehicle;
    },
  },
  MovementConnection: {
    totalCount: (page) => page.count(),
  },
  Movement: {
    id: (m) => m._id.toHexString(),
    from: (m) => ({ end: m.from, stream: m.stream }),
    to: (m) => ({ end: m.to, stream: m.stream }),
    carrier: (m, _args, { loaders }) => partyOf(m.carrier, loaders),
    statedCarrier: (m) => m.carrier,
    category: (m, _args, { loaders }) => {
      const table = categoryTable(m.stream);
      return m.category && table ? loaders.referenceItem.load(referenceKey(table, m.category)) : null;
    },
    categoryCode: (m) => m.category,
    attributes: (m) => m.attributes ?? {},
    linkedMovements: async (m, _args, { caller, loaders }) => {
      const linked = await loaders.movementById.loadMany(m.linkedMovementIds.map((id) => id.toHexString()));
      return linked.filter((l): l is MovementRecord => l != null && !(l instanceof Error) && mayRead(caller!, l.stream));
    },
    sourceRecords: async (m, _args, { loaders }, info) => {
      // a record a quantity refers to is answered by its reference (records are never deleted, only retired with their movements)
      const stated = new Map(m.quantities.flatMap((q) => (q.sourceId != null ? [[q.sourceRecordId.toHexString(), referenceOf({ ...q, sourceId: q.sourceId }, info)] as const] : [])));
      const unstated = m.sources.map((id) => id.toHexString()).filter((hex) => !stated.has(hex));
      const read = new Map((await loaders.sourceRecordById.loadMany(unstated)).map((r, i) => [unstated[i]!, r]));
      return m.sources.flatMap((id): SourceRecordParent[] => {
        const record = stated.get(id.toHexString()) ?? read.get(id.toHexString());
        return record != null && !(record instanceof Error) ? [record] : [];
      });
    },
  },
  MovementEnd: {
    party: ({ end }, _args, { loaders }) => partyOf(end.party, loaders),
    statedParty: ({ end }) => end.party,
    facility: ({ end, stream }, _args, { loaders }) => {
      if (end.facilityId) return loaders.facilityById.load(end.facilityId.toHexString());
      return end.facilityCode ? loaders.facilityBySourceCode.load(sourceCodeKey(stream, end.facilityCode)) : null;
    },
    facilityCode: ({ end }) => end.facilityCode,
    project: ({ end, stream }, _args, { loaders }) => {
      if (end.projectId) return loaders.projectById.load(end.projectId.toHexString());
      return end.projectCode ? loaders.projectBySourceCode.load(sourceCodeKey(stream, end.projectCode)) : null;
    },
    projectCode: ({ end }) => end.projectCode,
    street: ({ end }) => streetOf(end.street),
  },
  MovementVehicle: {
    registered: (vehicle, _args, { loaders }) => loaders.vehicleByPlate.load(vehicle.plate),
  },
  StatedQuantity: {
    grams: (q) => String(q.grams),
    tonnes: (q) => formatGramsAsTonnes(q.grams),
    // movements projected before quantities carried the sourceId read the record
    sourceRecord: (q, _args, { loaders }, info) => (q.sourceId != null ? referenceOf({ ...q, sourceId: q.sourceId }, info) : loaders.sourceRecordById.load(q.sourceRecordId.toHexString())),
  },
  StatedMass: {
    grams: (mass) => String(mass.grams),
    tonnes: (mass) => formatGramsAsTonnes(mass.grams),
  },
  Facility: {
    id: (f) => f._id.toHexString(),
    street: (f) => streetOf(f.street),
    operator: (f, _args, { loaders }) => partyOf(f.operator, loaders),
    statedOperator: (f) => f.operator,
    dailyCapacityGrams: (f) => gramsOrNull(f.dailyCapacityGrams),
    annualCapacityGrams: (f) => gramsOrNull(f.annualCapacityGrams),
  },
  Project: {
    id: (p) => p._id.toHexString(),
    street: (p) => streetOf(p.street),
    builder: (p, _args, { loaders }) => partyOf(p.builder, loaders),
    statedBuilder: (p) => p.builder,
  },
  Vehicle: {
    id: (v) => v._id.toHexString(),
    hauler: (v, _args, { loaders }) => partyOf(v.hauler, loaders),
    statedHauler: (v) => v.hauler,
  },
  SourceRecord: {
    id: (r) => r._id.toHexString(),
    sourceId: (r) => r.sourceId,
    source: recordField('source'),
    stream: recordField('stream'),
    version: recordField('version'),
    hash: recordField('hash'),
    payload: recordField('payload'),
    firstSeenAt: recordField('firstSeenAt'),
    versionSeenAt: recordField('versionSeenAt'),
    lastSeenAt: recordField('lastSeenAt'),
    history: recordField('history'),
  },
};
