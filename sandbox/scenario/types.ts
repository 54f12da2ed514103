/**
 * The scenario as data: every source record with its history on the scenario clock, every published
 * file with its versions, and the ground truth. Record layouts are exactly the specs' (../shared/sources).
 */

/** A JSON value as a source serves it (malformed records may break the layout on purpose). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonRecord = { [key: string]: JsonValue };

/**
 * One record's history: versions ordered by `at` (epoch ms). At clock T the record is its last version
 * with `at <= T`, and absent before its first version. `body.updatedAt` (or the stream's version field)
 * is the version's instant.
 */
export interface VersionedRecord {
  /** the stream's record id (manifest number, waybill number, …): the order tie-breaker */
  id: string;
  versions: { at: number; body: JsonRecord }[];
}

export type IndustrialStream = 'enterprises' | 'general-ledgers' | 'hw-manifests' | 'hw-ledgers';
export type HouseholdStream = 'facilities' | 'communities' | 'weigh-tickets' | 'recyclables';
export type ConstructionStream = 'projects' | 'facilities' | 'vehicles' | 'waybills';

export const INDUSTRIAL_STREAMS: readonly IndustrialStream[] = ['enterprises', 'general-ledgers', 'hw-manifests', 'hw-ledgers'];
export const HOUSEHOLD_STREAMS: readonly HouseholdStream[] = ['facilities', 'communities', 'weigh-tickets', 'recyclables'];
export const CONSTRUCTION_STREAMS: readonly ConstructionStream[] = ['projects', 'facilities', 'vehicles', 'waybills'];

/** A table before it becomes a CSV or XLSX file: headers and rows of cell text. */
export interface Table {
  headers: string[];
  rows: string[][];
}

export type FileEncoding = 'utf8' | 'utf8-bom' | 'gb18030';

/** How a table is laid out in its file: the quirks medical and taxstat files really have. */
export interface TableFileLayout {
  format: 'csv' | 'xlsx';
  encoding: FileEncoding;
  /** a title line above the header (XLSX and some CSVs) */
  titleRow?: string;
  /** blank rows inserted after these row indexes */
  blankRowsAfter?: number[];
  /** a trailing 合计 row summing this column */
  totalRowColumn?: string;
}

export interface FileVersion {
  at: number;
  /** CSV / XLSX table, or raw text (XML) */
  content: { kind: 'table'; table: Table; layout: TableFileLayout } | { kind: 'text'; text: string };
}

/** A published file (a path in the medical drop or the taxstat feed) and its versions. */
export interface PublishedFile {
  path: string;
  /** taxstat index fields */
  feed?: 'envtax' | 'envstat' | 'econ';
  period?: string;
  versions: FileVersion[];
}

export type RuleId =
  | 'HW-QTY' | 'HW-LATE' | 'HW-LEDGER' | 'HW-LICENCE' | 'HW-CODE' | 'GIS-BALANCE' | 'TAX-PLATFORM'
  | 'STAT-PLATFORM' | 'COVERAGE' | 'CDW-WEIGHT' | 'CDW-OPEN' | 'CDW-SPEED' | 'CDW-VEHICLE' | 'CDW-PROJECT'
  | 'HH-CHAIN' | 'HH-CATEGORY' | 'HH-NET' | 'MED-QTY' | 'MED-48H' | 'ID-USCC' | 'DATA-QUALITY' | 'COMPLETENESS';

export const RULE_IDS: readonly RuleId[] = [
  'HW-QTY', 'HW-LATE', 'HW-LEDGER', 'HW-LICENCE', 'HW-CODE', 'GIS-BALANCE', 'TAX-PLATFORM', 'STAT-PLATFORM',
  'COVERAGE', 'CDW-WEIGHT', 'CDW-OPEN', 'CDW-SPEED', 'CDW-VEHICLE', 'CDW-PROJECT', 'HH-CHAIN', 'HH-CATEGORY',
  'HH-NET', 'MED-QTY', 'MED-48H', 'ID-USCC', 'DATA-QUALITY', 'COMPLETENESS',
];

export type SourceId = 'industrial' | 'household' | 'construction' | 'medical' | 'taxstat';
export const SOURCE_IDS: readonly SourceId[] = ['industrial', 'household', 'construction', 'medical', 'taxstat'];

export type Subject = Record<string, string>;

export interface Discrepancy {
  rule: RuleId;
  /** the rule's key (DESIGN §5): manifest no, USCC + month + code, waybill no, plate, … */
  subject: Subject;
  detail: Record<string, JsonValue>;
}

/** An injected gap a rule must NOT flag (it is inside the default tolerance). */
export interface NearMiss {
  rule: RuleId;
  subject: Subject;
  detail: Record<string, JsonValue>;
}

export interface MalformedRecord {
  source: SourceId;
  stream: string;
  /** the record id, or `path#row` for file rows */
  key: string;
  reason: string;
}
