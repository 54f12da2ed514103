/**
 * The tables /exports serves (src/exports/route.ts streams them): each is a list query of the API —
 * its filter as URL parameters, validated the way the query validates its arguments, its scope, its
 * order — with the columns of its file. Adding an export is adding a table to EXPORT_TABLES.
 */
import { z } from 'zod';
import { createLoaders } from '../graphql/loaders';
import { indicatorValuesQuery } from '../graphql/resolvers/indicators';
import { movementQuery } from '../graphql/resolvers/movements';
import { quarantineQuery } from '../graphql/resolvers/sources';
import { badInput } from '../graphql/errors';
import { readableStreams } from '../graphql/streamScope';
import { indicatorDefinition } from '../indicators/definitions';
import { IndicatorValueModel, type IndicatorValueRecord } from '../indicators/indicatorValueModel';
import { quarantineCsvRow } from '../ingest/quarantineExport';
import { MOVEMENT_KINDS, MOVEMENT_STATUSES, MovementModel, type Movement, type MovementEnd } from '../model/movement';
import { QuarantineModel, type Quarantine } from '../model/quarantine';
import { CSV_COLUMNS as FLAG_COLUMNS, flagCsvRow } from '../reconcile/export';
import { FLAG_SEVERITIES, FLAG_STATUSES, FlagModel, type FlagRecord } from '../reconcile/flagModel';
import { flagQuery } from '../reconcile/flagQuery';
import { FlagWorkflowError } from '../reconcile/flags';
import type { AnyExportTable, ExportCell, ExportTable } from './route';

const text = z.string().max(200);
const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).max(50).optional();
const BATCH = 500;

async function* mapRows<T, Row>(cursor: AsyncIterable<T>, row: (doc: T) => Row): AsyncIterable<Row> {
  for await (const doc of cursor) yield row(doc);
}

// ----- flags: the `flags(filter)` query; rows carry source record ids, so not for PARTNERs
const flagParams = z
  .object({
    rule: list(text),
    status: list(z.enum(FLAG_STATUSES)),
    severity: list(z.enum(FLAG_SEVERITIES)),
    stream: list(text),
    period: text.optional(),
    party: text.optional(),
    street: text.optional(),
    text: text.optional(),
  })
  .strict();

export const flagsTable: ExportTable<z.infer<typeof flagParams>, (typeof FLAG_COLUMNS)[number]> = {
  name: 'flags',
  roles: ['ADMIN', 'STEWARD', 'ANALYST'],
  listParams: ['rule', 'status', 'severity', 'stream'],
  params: flagParams,
  columns: () => FLAG_COLUMNS,
  rows: async (caller, filter) => {
    let query;
    try {
      query = flagQuery(filter, readableStreams(caller));
    } catch (err) {
      if (err instanceof FlagWorkflowError) throw badInput(err.message);
      throw err;
    }
    return mapRows(FlagModel.find(query).sort({ severityRank: -1, _id: -1 }).lean<FlagRecord>().cursor({ batchSize: BATCH }), flagCsvRow);
  },
};

// ----- quarantine: the `quarantine(filter)` query, most recently seen first; raw payloads not for PARTNERs
const QUARANTINE_COLUMNS = ['source', 'stream', 'sourceKey', 'reason', 'attempts', 'firstSeenAt', 'lastSeenAt', 'resolvedAt', 'raw'] as const;
const quarantineParams = z
  .object({
    source: text.optional(),
    stream: text.optional(),
    reason: text.optional(),
    resolved: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  })
  .strict();

export const quarantineTable: ExportTable<z.infer<typeof quarantineParams>, (typeof QUARANTINE_COLUMNS)[number]> = {
  name: 'quarantine',
  roles: ['ADMIN', 'STEWARD', 'ANALYST', 'PARTNER'],
  listParams: [],
  params: quarantineParams,
  columns: (caller) => (caller.role === 'PARTNER' ? QUARANTINE_COLUMNS.filter((c) => c !== 'raw') : QUARANTINE_COLUMNS),
  rows: async (caller, filter) =>
    mapRows(
      QuarantineModel.find(quarantineQuery(caller, filter)).sort({ lastSeenAt: -1, _id: -1 }).lean<Quarantine>().cursor({ batchSize: BATCH }),
      (entry) => quarantineCsvRow(entry),
    ),
};

// ----- movements: the `movements(filter)` query, newest month first; no source record ids (PARTNERs read movements)
const MOVEMENT_COLUMNS = [
  'id',
  'stream',
  'kind',
  'source_key',
  'period',
  'status',
  'status_raw',
  'category',
  'waste_code',
  'from_uscc',
  'from_name',
  'from_facility',
  'to_uscc',
  'to_name',
  'to_facility',
  'carrier_uscc',
  'carrier_name',
  'plate',
  'route',
  'departed_at',
  'arrived_at',
  'quantities',
] as const;
type MovementColumn = (typeof MOVEMENT_COLUMNS)[number];

const movementParams = z
  .object({
    stream: list(text),
    kind: list(z.enum(MOVEMENT_KINDS)),
    category: list(text),
    wasteCode: list(text),
    status: list(z.enum(MOVEMENT_STATUSES)),
    party: text.optional(),
    uscc: text.optional(),
    facility: text.optional(),
    period: text.optional(),
  })
  .strict();

const facilityOf = (end: MovementEnd) => end.facilityCode ?? end.projectCode ?? end.street ?? '';

/** A movement as one row: every statement of its quantity as `ROLE grams` (exact integers), ';'-separated. */
export function movementRow(m: Movement & { _id: { toHexString(): string } }): Record<MovementColumn, ExportCell> {
  return {
    id: m._id.toHexString(),
    stream: m.stream,
    kind: m.kind,
    source_key: m.sourceKey,
    period: m.period,
    status: m.status,
    status_raw: m.statusRaw,
    category: m.category,
    waste_code: m.wasteCode,
    from_uscc: m.from.party?.uscc,
    from_name: m.from.party?.name,
    from_facility: facilityOf(m.from),
    to_uscc: m.to.party?.uscc,
    to_name: m.to.party?.name,
    to_facility: facilityOf(m.to),
    carrier_uscc: m.carrier?.uscc,
    carrier_name: m.carrier?.name,
    plate: m.vehicle?.plate,
    route: m.route?.code,
    departed_at: m.departedAt?.toISOString(),
    arrived_at: m.arrivedAt?.toISOString(),
    quantities: m.quantities.map((q) => `${q.role} ${q.grams}`).join('; '),
  };
}

export const movementsTable: ExportTable<z.infer<typeof movementParams>, MovementColumn> = {
  name: 'movements',
  roles: ['ADMIN', 'STEWARD', 'ANALYST', 'PARTNER'],
  listParams: ['stream', 'kind', 'category', 'wasteCode', 'status'],
  params: movementParams,
  columns: () => MOVEMENT_COLUMNS,
  rows: async (caller, filter) => {
    const query = await movementQuery(filter, readableStreams(caller, filter.stream), createLoaders());
    return mapRows(MovementModel.find(query).sort({ period: -1, _id: -1 }).lean<Movement & { _id: { toHexString(): string } }>().cursor({ batchSize: BATCH }), movementRow);
  },
};

// ----- indicators: the `indicators(period, area, version)` query, aggregates every role reads
const INDICATOR_COLUMNS = [
  'code',
  'number',
  'name_zh',
  'name_en',
  'unit',
  'period',
  'area',
  'version',
  'value',
  'numerator',
  'numerator_unit',
  'denominator',
  'denominator_unit',
  'confidence',
  'target_evaluation',
  'target',
  'previous_period',
  'previous_value',
  'change',
  'manual_reason',
  'computed_at',
  'frozen_at',
] as const;
type IndicatorColumn = (typeof INDICATOR_COLUMNS)[number];

const indicatorParams = z
  .object({
    period: text,
    area: text.optional(),
    version: z
      .string()
      .regex(/^\d{1,6}$/, 'a version number (0 = live)')
      .transform(Number)
      .optional(),
  })
  .strict();

export function indicatorRow(v: IndicatorValueRecord): Record<IndicatorColumn, ExportCell> {
  const def = indicatorDefinition(v.code);
  return {
    code: v.code,
    number: def?.number,
    name_zh: def?.nameZh,
    name_en: def?.nameEn,
    unit: def?.unit,
    period: v.period,
    area: v.area,
    version: v.version,
    value: v.value,
    numerator: v.numerator,
    numerator_unit: v.numeratorUnit,
    denominator: v.denominator,
    denominator_unit: v.denominatorUnit,
    confidence: v.confidence,
    target_evaluation: v.target.evaluation,
    target: v.target.text,
    previous_period: v.previous?.period,
    previous_value: v.previous?.value,
    change: v.previous?.change,
    manual_reason: v.manual?.reason,
    computed_at: v.computedAt.toISOString(),
    frozen_at: v.frozenAt?.toISOString(),
  };
}

export const indicatorsTable: ExportTable<z.infer<typeof indicatorParams>, IndicatorColumn> = {
  name: 'indicators',
  roles: ['ADMIN', 'STEWARD', 'ANALYST', 'PARTNER'],
  listParams: [],
  params: indicatorParams,
  columns: () => INDICATOR_COLUMNS,
  rows: async (_caller, params) =>
    mapRows(IndicatorValueModel.find(indicatorValuesQuery(params)).sort({ code: 1 }).lean<IndicatorValueRecord>().cursor({ batchSize: BATCH }), indicatorRow),
};

export const EXPORT_TABLES: readonly AnyExportTable[] = [flagsTable, quarantineTable, movementsTable, indicatorsTable];
