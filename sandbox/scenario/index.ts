/**
 * One seeded, deterministic scenario: all five sources' records with their histories on the scenario
 * clock, and the ground truth. Pure: no I/O, no wall-clock time, no Math.random.
 */
import { ScenarioContext, resolveOptions, type ResolvedScenarioOptions, type ScenarioOptions } from './context';
import { delayFilings, withholdFilings } from './completeness';
import { generateConstruction } from './construction';
import { buildGroundTruth, type GroundTruth } from './groundTruth';
import { generateHousehold } from './household';
import { generateIndustrial } from './industrial';
import { generateMedical } from './medical';
import { generateTaxstat } from './taxstat';
import type { ConstructionStream, HouseholdStream, IndustrialStream, PublishedFile, VersionedRecord } from './types';

export interface Scenario {
  options: ResolvedScenarioOptions;
  /** first instant of the first month (epoch ms) */
  start: number;
  /** first instant after the last month */
  end: number;
  /** the clock value at which every late record, correction and republication has arrived */
  horizon: number;
  rest: {
    industrial: Record<IndustrialStream, VersionedRecord[]>;
    household: Record<HouseholdStream, VersionedRecord[]>;
    construction: Record<ConstructionStream, VersionedRecord[]>;
  };
  files: { medical: PublishedFile[]; taxstat: PublishedFile[] };
  groundTruth: GroundTruth;
}

export function generateScenario(options: ScenarioOptions = {}): Scenario {
  const ctx = new ScenarioContext(resolveOptions(options));
  const industrial = generateIndustrial(ctx);
  const construction = generateConstruction(ctx);
  const household = generateHousehold(ctx);
  const medical = generateMedical(ctx);
  const taxstat = generateTaxstat(ctx, industrial, household.residents);
  // after taxstat (declarations state what was generated) and before the truth (computed from what is published)
  withholdFilings(ctx, industrial);
  delayFilings(ctx, industrial, household, medical);
  const groundTruth = buildGroundTruth(ctx, { industrial, construction, household, medical, taxstat });
  const byId = (records: VersionedRecord[]) => records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const streams of [industrial.streams, household.streams, construction.streams]) for (const records of Object.values(streams)) byId(records);
  return {
    options: ctx.options,
    start: ctx.start,
    end: ctx.end,
    horizon: ctx.horizon,
    rest: { industrial: industrial.streams, household: household.streams, construction: construction.streams },
    files: { medical: medical.files, taxstat: taxstat.files },
    groundTruth,
  };
}

/** Total records (REST records plus file data rows) the scenario serves at its horizon. */
export function recordCount(scenario: Scenario): number {
  let total = 0;
  for (const source of Object.values(scenario.groundTruth.counts)) for (const stream of Object.values(source)) total += stream.served;
  return total;
}

export type { ScenarioOptions, ResolvedScenarioOptions } from './context';
export type { GroundTruth, IndicatorValue, Mass, StreamCount } from './groundTruth';
export * from './types';
