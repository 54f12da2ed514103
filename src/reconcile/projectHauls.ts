/**
 * CDW-PROJECT's running totals (projectHaulModel.ts) as the run's reference sets serve them: a month
 * reads its projects' earlier totals by point reads; months no run has evaluated yet (a restricted
 * first run) are summed from their waybills instead, so a total is never short.
 */
import type { Types } from 'mongoose';
import { MovementModel } from '../model/movement';
import { findByIds } from '../store/reads';
import { bulkWriteInChunks } from '../store/writes';
import { EVALUATED_ID, ProjectHaulModel, type ProjectHaul } from './projectHaulModel';
import { CURSOR_BATCH, roleGrams, type MovementRecord, type ReferenceSets } from './rules/rule';

type Totals = Map<string, { grams: number; trips: number }>;

const exitGrams = (w: Pick<MovementRecord, 'quantities'>) => roleGrams(w, 'EXIT')?.grams ?? 0;

async function evaluatedMonths(): Promise<Map<string, string[]>> {
  const doc = await ProjectHaulModel.findById(EVALUATED_ID).lean<ProjectHaul>().exec();
  return new Map((doc?.evaluated ?? []).map((e) => [e.month, e.codes]));
}

const byCode = (codes: readonly string[]) => findByIds<ProjectHaul>(ProjectHaulModel as never, codes as unknown as Types.ObjectId[]);

export function projectHaulStore(movementMonths: () => Promise<readonly string[]>): ReferenceSets['projectHauls'] {
  return {
    async before(month, codes) {
      const totals: Totals = new Map(codes.map((code) => [code, { grams: 0, trips: 0 }]));
      const earlier = (await movementMonths()).filter((m) => m < month);
      if (codes.length === 0 || earlier.length === 0) return totals;
      const evaluated = await evaluatedMonths();
      const known = new Set(earlier.filter((m) => evaluated.has(m)));
      if (known.size > 0) {
        for (const haul of await byCode(codes)) {
          const entry = totals.get(haul._id)!;
          for (const m of haul.months) {
            if (!known.has(m.month)) continue;
            entry.grams += m.grams;
            entry.trips += m.trips;
          }
        }
      }
      const unknown = earlier.filter((m) => !known.has(m));
      if (unknown.length > 0) {
        const waybills = MovementModel.find({ kind: 'CDW_WAYBILL', status: { $ne: 'VOIDED' }, 'from.projectCode': { $in: [...codes] }, period: { $in: unknown } })
          .select({ 'from.projectCode': 1, quantities: 1 })
          .lean<Pick<MovementRecord, 'from' | 'quantities'>[]>()
          .cursor({ batchSize: CURSOR_BATCH });
        for await (const w of waybills) {
          const entry = totals.get(w.from.projectCode!)!;
          entry.grams += exitGrams(w);
          entry.trips += 1;
        }
      }
      return totals;
    },
    async record(month, totals) {
      const evaluated = await evaluatedMonths();
      // the projects this month counted before and no longer does (their waybills voided) lose its entry
      const codes = [...new Set([...(evaluated.get(month) ?? []), ...totals.keys()])].sort();
      const stored = new Map((await byCode(codes)).map((haul) => [haul._id, haul]));
      const writes = codes.map((code) => {
        const months = (stored.get(code)?.months ?? []).filter((m) => m.month !== month);
        const own = totals.get(code);
        if (own) months.push({ month, grams: own.grams, trips: own.trips });
        months.sort((a, b) => (a.month < b.month ? -1 : 1));
        return { replaceOne: { filter: { _id: code }, replacement: { _id: code, months }, upsert: true } };
      });
      evaluated.set(month, [...totals.keys()].sort());
      const list = [...evaluated].sort(([a], [b]) => (a < b ? -1 : 1)).map(([m, monthCodes]) => ({ month: m, codes: monthCodes }));
      writes.push({ replaceOne: { filter: { _id: EVALUATED_ID }, replacement: { _id: EVALUATED_ID, months: [], evaluated: list } as never, upsert: true } });
      await bulkWriteInChunks(ProjectHaulModel, writes);
    },
  };
}
