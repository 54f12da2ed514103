/**
 * PeriodReport — what one source states about a party (or an area) for a period: a monthly ledger
 * row, a quarterly tax declaration, an annual statistics entry, a street's recyclables, an econ figure.
 * Masses are `lines` in integer grams; money and people are `measures` in integer fen (分) and persons,
 * so every total is an exact integer sum. `months` lists the months the period covers, so quarterly and
 * annual reports join monthly data on one multikey index.
 */
import { Schema, model, type HydratedDocument, type Types } from 'mongoose';
import { SOURCES, type SourceId } from './reference/agencies';
import { STREET_CODES, type StreetCode } from './reference/streets';
import { MONTH_PATTERN, gramsField, integerField, originalQuantitySchema, partyRefSchema, sourcesField, streamField, type PartyRef, type Stream } from './common';
import type { OriginalQuantity } from './quantities';
import { qualityFindingSchema, type QualityFinding } from './qualityFinding';

export const REPORT_KINDS = [
  'GENERAL_LEDGER', // industrial /v1/general-ledgers
  'HW_LEDGER', // industrial /v1/hw-ledgers
  'ENV_TAX', // taxstat envtax (quarterly)
  'ENV_STAT', // taxstat envstat (annual)
  'ECON', // taxstat econ (monthly/annual, district or street)
  'RECYCLABLES', // household recyclables per street and month
  'MEDICAL_RECYCLABLES', // medical recyclables per institution and month
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Mass measures, one name per concept whatever the source calls it: GENERATED 产生量, UTILISED_ONSITE
 * 自行利用, UTILISED_CONTRACTED 委托利用, UTILISED (combined), DISPOSED_ONSITE / DISPOSED_CONTRACTED /
 * DISPOSED, UTILISED_DISPOSED_ONSITE (HW 自行利用处置), UTILISED_FROM_STOCK 综合利用往年贮存量,
 * LANDFILLED, SHIPPED 委托转移量, STOCK_END 期末贮存量, STORED 贮存量, DISCHARGED 当期排放量,
 * RECOVERED (recyclables recovered / 回收量).
 */
export const MASS_MEASURES = [
  'GENERATED',
  'UTILISED_ONSITE',
  'UTILISED_CONTRACTED',
  'UTILISED',
  'DISPOSED_ONSITE',
  'DISPOSED_CONTRACTED',
  'DISPOSED',
  'UTILISED_DISPOSED_ONSITE',
  'UTILISED_DISPOSED',
  'UTILISED_FROM_STOCK',
  'LANDFILLED',
  'SHIPPED',
  'STOCK_END',
  'STORED',
  'DISCHARGED',
  'RECOVERED',
] as const;
export type MassMeasure = (typeof MASS_MEASURES)[number];

export interface ReportLine {
  measure: MassMeasure;
  grams: number;
  original: OriginalQuantity;
}

/** Non-mass figures. Money in integer fen, people in integer persons, tax rate in fen per tonne. */
export const VALUE_MEASURES = ['INDUSTRIAL_VALUE_ADDED', 'GDP', 'RESIDENT_POPULATION', 'TAX_DUE', 'TAX_RATE'] as const;
export type ValueMeasure = (typeof VALUE_MEASURES)[number];
export const VALUE_UNITS = ['fen', 'person', 'fen_per_t'] as const;
export type ValueUnit = (typeof VALUE_UNITS)[number];

export interface ReportMeasure {
  measure: ValueMeasure;
  amount: number;
  unit: ValueUnit;
  original: OriginalQuantity;
}

export interface ReportArea {
  level: 'DISTRICT' | 'STREET';
  name: string;
  street: StreetCode | null;
}

export interface PeriodReport {
  source: SourceId;
  stream: Stream;
  kind: ReportKind;
  /** the source's identity for the row: ledger id, or a composite (USCC|quarter|waste name) for files */
  reportKey: string;
  periodKind: 'MONTH' | 'QUARTER' | 'YEAR';
  /** `2026-10`, `2026Q3`, `2026` */
  period: string;
  months: string[];
  party: PartyRef | null;
  area: ReportArea | null;
  /** catalogue code, HW code, tax/statistics category (煤矸石, 污泥…), recyclable material */
  category: string | null;
  /** free-text waste name as written (fwmc, 固体废物名称) */
  categoryName: string | null;
  /** the landfill flag on general ledgers (tmfs = TM), the channel of recyclables… */
  attributes: Record<string, string | boolean | null>;
  packages: number | null;
  lines: ReportLine[];
  measures: ReportMeasure[];
  /** implausible values the record states (stored as stated; the DATA-QUALITY rule flags them) */
  qualityFindings?: QualityFinding[];
  sources: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

const lineSchema = new Schema<ReportLine>(
  {
    measure: { type: String, enum: MASS_MEASURES, required: true },
    grams: gramsField(true),
    original: { type: originalQuantitySchema, required: true },
  },
  { _id: false },
);

const measureSchema = new Schema<ReportMeasure>(
  {
    measure: { type: String, enum: VALUE_MEASURES, required: true },
    amount: integerField(true),
    unit: { type: String, enum: VALUE_UNITS, required: true },
    original: { type: originalQuantitySchema, required: true },
  },
  { _id: false },
);

const areaSchema = new Schema<ReportArea>(
  {
    level: { type: String, enum: ['DISTRICT', 'STREET'], required: true },
    name: { type: String, required: true },
    street: { type: String, enum: [...STREET_CODES, null], default: null },
  },
  { _id: false },
);

const periodReportSchema = new Schema<PeriodReport>(
  {
    source: { type: String, enum: SOURCES, required: true },
    stream: streamField,
    kind: { type: String, enum: REPORT_KINDS, required: true },
    reportKey: { type: String, required: true },
    periodKind: { type: String, enum: ['MONTH', 'QUARTER', 'YEAR'], required: true },
    period: { type: String, required: true },
    months: {
      type: [{ type: String, match: MONTH_PATTERN }],
      validate: { validator: (v: string[]) => v.length > 0, message: 'a report covers at least one month' },
    },
    party: { type: partyRefSchema, default: null },
    area: { type: areaSchema, default: null },
    category: { type: String, default: null },
    categoryName: { type: String, default: null },
    attributes: { type: Schema.Types.Mixed, default: {} },
    packages: integerField(false),
    lines: { type: [lineSchema], default: [] },
    measures: { type: [measureSchema], default: [] },
    qualityFindings: { type: [qualityFindingSchema], default: [] },
    sources: sourcesField,
  },
  { collection: 'periodreports', timestamps: true, minimize: false },
);
periodReportSchema.index({ source: 1, kind: 1, reportKey: 1 }, { unique: true });
// a party's reports, newest first (the party page, whose kind, stream and month filters filter the walk;
// reconciliation's HW-LEDGER, GIS-BALANCE, TAX-PLATFORM and STAT-PLATFORM read a party's few the same way)
periodReportSchema.index({ 'party.partyId': 1, period: -1, _id: -1 });
// indicators: everything of a kind for a month
periodReportSchema.index({ months: 1, kind: 1, category: 1 });
periodReportSchema.index({ 'party.uscc': 1, kind: 1 });
// the months monthly reports exist for (a full reconciliation without periods)
periodReportSchema.index({ periodKind: 1, period: 1 });
periodReportSchema.index({ sources: 1 });
// incremental reconciliation: what changed since the previous run's watermark
periodReportSchema.index({ updatedAt: 1 });
// which kinds of a month changed since the watermark (incremental reconciliation); a closed month's late records
periodReportSchema.index({ months: 1, updatedAt: 1 });

export type PeriodReportDoc = HydratedDocument<PeriodReport>;
export const PeriodReportModel = model<PeriodReport>('PeriodReport', periodReportSchema);
