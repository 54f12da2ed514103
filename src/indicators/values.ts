/**
 * Building IndicatorValue documents from inputs (pure): the compute function over summed inputs, the
 * share of input mass under open flags, the target evaluation and the comparison with the previous period.
 */
import type { Types } from 'mongoose';
import { COMPUTE } from './compute';
import { complementRatio, ratioText, subtractDecimal } from './decimals';
import { INPUTS, type IndicatorDefinition, type InputName } from './definitions';
import type { IndicatorValue, PreviousComparison, ValueActor, ValueInput } from './indicatorValueModel';
import { LIVE_VERSION } from './indicatorValueModel';
import type { AggregateInput } from './periodAggregateModel';
import { evaluateTarget, type PeriodKind } from './targets';

export interface SummedInput {
  amount: bigint;
  flagged: bigint;
  goldenApplied: number;
  records: number;
  sources: Set<string>;
}

export type SummedInputs = Map<InputName, SummedInput>;

/**
 * Sums month aggregates (ordered oldest first) into one period's inputs: FLOW inputs add up, STOCK
 * inputs (registries) take the latest month's value. Numerators and denominators of a quarter or year
 * are therefore sums over its months, never averages of monthly ratios.
 */
export function sumInputs(months: readonly (readonly AggregateInput[])[]): SummedInputs {
  const out: SummedInputs = new Map();
  for (const inputs of months) {
    for (const input of inputs) {
      const def = INPUTS[input.name];
      if (!def) continue;
      const prev = out.get(input.name);
      const amount = BigInt(input.amount);
      const flagged = BigInt(input.flagged);
      if (!prev || def.kind === 'STOCK') {
        out.set(input.name, { amount, flagged, goldenApplied: input.goldenApplied, records: input.records, sources: new Set(input.sources) });
      } else {
        prev.amount += amount;
        prev.flagged += flagged;
        prev.goldenApplied += input.goldenApplied;
        prev.records += input.records;
        for (const s of input.sources) prev.sources.add(s);
      }
    }
  }
  return out;
}

export interface ValueContext {
  period: string;
  periodKind: PeriodKind;
  area: string;
  actor: ValueActor;
  now: Date;
}

export type LiveValue = Omit<IndicatorValue, 'current' | 'previous'>;

/** A computable indicator's live value from its inputs. */
export function computedValue(def: IndicatorDefinition, inputs: SummedInputs, ctx: ValueContext): LiveValue {
  const compute = COMPUTE[def.code];
  if (!compute) throw new Error(`indicator ${def.code} has no compute function`);
  const totals = Object.fromEntries(Object.keys(INPUTS).map((name) => [name, inputs.get(name as InputName)?.amount ?? 0n])) as Record<InputName, bigint>;
  const result = compute(totals);
  const valueInputs: ValueInput[] = def.inputs.map((name) => {
    const input = inputs.get(name);
    return {
      name,
      unit: INPUTS[name].unit,
      amount: (input?.amount ?? 0n).toString(),
      flagged: (input?.flagged ?? 0n).toString(),
      goldenApplied: input?.goldenApplied ?? 0,
      records: input?.records ?? 0,
      sources: [...(input?.sources ?? [])].sort(),
      from: INPUTS[name].from,
    };
  });
  let mass = 0n;
  let flagged = 0n;
  let golden = 0;
  for (const name of def.inputs) {
    const input = inputs.get(name);
    golden += input?.goldenApplied ?? 0;
    if (INPUTS[name].unit !== 'g') continue;
    mass += input?.amount ?? 0n;
    flagged += input?.flagged ?? 0n;
  }
  const openFlagShare = ratioText(flagged, mass) ?? '0.000000';
  return {
    code: def.code,
    period: ctx.period,
    periodKind: ctx.periodKind,
    area: ctx.area,
    version: LIVE_VERSION,
    value: result.value,
    numerator: result.numerator.toString(),
    numeratorUnit: result.numeratorUnit,
    denominator: result.denominator.toString(),
    denominatorUnit: result.denominatorUnit,
    inputs: valueInputs,
    goldenApplied: golden,
    openFlagShare,
    confidence: complementRatio(openFlagShare),
    target: targetComparison(def, result.value, ctx.periodKind),
    manual: null,
    computedAt: ctx.now,
    computedBy: ctx.actor,
    frozenAt: null,
  };
}

/** A steward-entered value as a live value. */
export function manualValue(def: IndicatorDefinition, entry: { id: Types.ObjectId; value: string; reason: string; actor: ValueActor; at: Date }, ctx: ValueContext): LiveValue {
  return {
    code: def.code,
    period: ctx.period,
    periodKind: ctx.periodKind,
    area: ctx.area,
    version: LIVE_VERSION,
    value: entry.value,
    numerator: null,
    numeratorUnit: null,
    denominator: null,
    denominatorUnit: null,
    inputs: [],
    goldenApplied: 0,
    openFlagShare: '0.000000',
    confidence: '1.000000',
    target: targetComparison(def, entry.value, ctx.periodKind),
    manual: { inputId: entry.id, value: entry.value, reason: entry.reason, actor: entry.actor, at: entry.at },
    computedAt: ctx.now,
    computedBy: ctx.actor,
    frozenAt: null,
  };
}

export function targetComparison(def: IndicatorDefinition, value: string | null, periodKind: PeriodKind): IndicatorValue['target'] {
  const t = def.target;
  return { evaluation: evaluateTarget(t, value, periodKind), kind: t?.kind ?? null, text: t?.text ?? null, year: t?.year ?? null, source: t?.source ?? null };
}

export function previousComparison(period: string, value: string | null, previousValue: string | null | undefined): PreviousComparison {
  const prev = previousValue ?? null;
  return { period, value: prev, change: value !== null && prev !== null ? subtractDecimal(value, prev) : null };
}
