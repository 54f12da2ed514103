/**
 * IndicatorValue — one indicator × period (month, quarter, year) × area (district or street) × period
 * version (DESIGN §4): the value as an exact decimal string, numerator and denominator as integers in
 * their units, the inputs with their sources, golden values applied, the share of input mass under open
 * flags (and the confidence, its complement), the target comparison and the previous period.
 *
 * Version 0 is the live value the nightly job recomputes; closing a month copies its live values to
 * version N (frozen). `current` marks the one document per (code, period, area) a dashboard shows: the
 * live value of an open period, the latest version of a closed one. So a dashboard page is one query.
 */
import { Schema, model, type Types } from 'mongoose';
import type { PeriodKind, TargetEvaluation } from './targets';

export const LIVE_VERSION = 0;

export interface ValueInput {
  name: string;
  unit: string;
  amount: string;
  flagged: string;
  goldenApplied: number;
  records: number;
  sources: string[];
  from: string;
}

export interface ValueActor {
  id: string;
  label: string;
}

export interface ManualProvenance {
  inputId: Types.ObjectId;
  value: string;
  reason: string;
  actor: ValueActor;
  at: Date;
}

export interface TargetComparison {
  evaluation: TargetEvaluation;
  kind: string | null;
  text: string | null;
  year: number | null;
  source: string | null;
}

export interface PreviousComparison {
  period: string;
  value: string | null;
  /** value − previous value, exact; null when either is missing or not numeric */
  change: string | null;
}

export interface IndicatorValue {
  code: string;
  period: string;
  periodKind: PeriodKind;
  area: string;
  version: number;
  current: boolean;
  value: string | null;
  numerator: string | null;
  numeratorUnit: string | null;
  denominator: string | null;
  denominatorUnit: string | null;
  inputs: ValueInput[];
  goldenApplied: number;
  /** share of the input mass under open flags, 6 decimals */
  openFlagShare: string;
  /** 1 − openFlagShare */
  confidence: string;
  target: TargetComparison;
  previous: PreviousComparison | null;
  manual: ManualProvenance | null;
  /**
   * when the value last changed: a run that computes it again unchanged does not write it (the run's
   * own time is on its result, `ComputeIndicatorsResult.computedAt`, kept on its job run)
   */
  computedAt: Date;
  /** the run that last changed it */
  computedBy: ValueActor;
  /** when this version was frozen (null for the live value) */
  frozenAt: Date | null;
}

const actorSchema = new Schema<ValueActor>({ id: { type: String, required: true }, label: { type: String, required: true } }, { _id: false });

const inputSchema = new Schema<ValueInput>(
  {
    name: { type: String, required: true },
    unit: { type: String, required: true },
    amount: { type: String, required: true },
    flagged: { type: String, required: true },
    goldenApplied: { type: Number, required: true },
    records: { type: Number, required: true },
    sources: { type: [String], default: [] },
    from: { type: String, required: true },
  },
  { _id: false },
);

const indicatorValueSchema = new Schema<IndicatorValue>(
  {
    code: { type: String, required: true },
    period: { type: String, required: true },
    periodKind: { type: String, enum: ['MONTH', 'QUARTER', 'YEAR'], required: true },
    area: { type: String, required: true },
    version: { type: Number, required: true },
    current: { type: Boolean, required: true },
    value: { type: String, default: null },
    numerator: { type: String, default: null },
    numeratorUnit: { type: String, default: null },
    denominator: { type: String, default: null },
    denominatorUnit: { type: String, default: null },
    inputs: { type: [inputSchema], default: [] },
    goldenApplied: { type: Number, required: true },
    openFlagShare: { type: String, required: true },
    confidence: { type: String, required: true },
    target: {
      type: new Schema<TargetComparison>(
        {
          evaluation: { type: String, enum: ['MET', 'NOT_MET', 'NOT_APPLICABLE'], required: true },
          kind: { type: String, default: null },
          text: { type: String, default: null },
          year: { type: Number, default: null },
          source: { type: String, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
    previous: {
      type: new Schema<PreviousComparison>(
        { period: { type: String, required: true }, value: { type: String, default: null }, change: { type: String, default: null } },
        { _id: false },
      ),
      default: null,
    },
    manual: {
      type: new Schema<ManualProvenance>(
        {
          inputId: { type: Schema.Types.ObjectId, required: true },
          value: { type: String, required: true },
          reason: { type: String, required: true },
          actor: { type: actorSchema, required: true },
          at: { type: Date, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    computedAt: { type: Date, required: true },
    computedBy: { type: actorSchema, required: true },
    frozenAt: { type: Date, default: null },
  },
  { collection: 'indicatorValues', versionKey: false },
);
indicatorValueSchema.index({ code: 1, period: 1, area: 1, version: 1 }, { unique: true });
// dashboards: everything current for an area and a set of periods, in one query (the export: by code)
indicatorValueSchema.index({ area: 1, current: 1, period: 1, code: 1 });
// an indicator's history, newest period first
indicatorValueSchema.index({ code: 1, area: 1, periodKind: 1, current: 1, period: -1 });
// a close: a month's versions (freeze reads the live one, the revision events compare two; the export
// reads one version of an area by code)
indicatorValueSchema.index({ period: 1, version: 1, area: 1, code: 1 });
// the current values of periods (a run's previous periods; publishing a version makes it the current one)
indicatorValueSchema.index({ period: 1, current: 1, version: 1 });

export type IndicatorValueRecord = IndicatorValue & { _id: Types.ObjectId };
export const IndicatorValueModel = model<IndicatorValue>('IndicatorValue', indicatorValueSchema);
