/**
 * The indicator engine on hand-made model documents: every computable value exactly, per district and
 * street, quarter/year by summed numerators; a steward's resolution moves the value the right way and
 * the confidence back to 1; manual inputs with provenance; close → late record → re-close.
 */
import mongoose from 'mongoose';
import { MovementModel, PartyModel } from '../../../src/model';
import { monitorStore } from '../../../src/store/commandMonitor';
import { aggregateMonths } from '../../../src/indicators/aggregate';
import type { Caller } from '../../../src/auth/roles';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { actOnFlag, upsertFlags } from '../../../src/reconcile/flags';
import { closePeriod } from '../../../src/indicators/close';
import { computeIndicators, manualInputHistory, setIndicatorInput } from '../../../src/indicators/engine';
import { IndicatorValueModel, type IndicatorValueRecord } from '../../../src/indicators/indicatorValueModel';
import { PeriodAggregateModel } from '../../../src/indicators/periodAggregateModel';
import { PeriodModel } from '../../../src/indicators/periodModel';
import { PrioritySnapshotModel, priorityHistoryFilter, raisePriorityRevision } from '../../../src/indicators/prioritySnapshot';
import { useTestDatabase } from '../../support/mongo';
import { hwQtyFlag } from '../reconcile/raisedFlags';
import { EXPECTED_DISTRICT, T, manifest, party, seedMonth } from './fixtures';

useTestDatabase(__filename);

const MONTH = '2026-03';
const admin: Caller = { keyId: 'k-admin', label: 'admin@TASKFORCE', role: 'ADMIN', agency: 'TASKFORCE' };
const actor = { id: 'test', label: 'test' };

async function current(period: string, area = 'DISTRICT'): Promise<Map<string, IndicatorValueRecord>> {
  const values = await IndicatorValueModel.find({ period, area, current: true }).lean<IndicatorValueRecord[]>();
  return new Map(values.map((v) => [v.code, v]));
}

beforeAll(async () => {
  await seedMonth(MONTH);
});

describe('computeIndicators', () => {
  it('computes every computable indicator exactly for the district', async () => {
    const result = await computeIndicators({ periods: [MONTH], actor });
    expect(result.periods).toEqual([MONTH, '2026Q1', '2026']);
    const values = await current(MONTH);
    for (const [code, value] of Object.entries(EXPECTED_DISTRICT)) expect([code, values.get(code)?.value]).toEqual([code, value]);
    const zw01 = values.get('ZW01')!;
    expect(zw01).toMatchObject({ numerator: '120000000', numeratorUnit: 'g', denominator: '8000000000', denominatorUnit: 'fen', version: 0, goldenApplied: 0, openFlagShare: '0.000000', confidence: '1.000000' });
    expect(zw01.target).toMatchObject({ evaluation: 'NOT_MET', kind: 'AT_MOST', source: 'SEED_000_2027' });
    expect(values.get('ZW10')!.inputs.find((i) => i.name === 'industrial.hw.receivedUtilised')).toMatchObject({ amount: String(10 * T), records: 1, sources: ['industrial/HW_MANIFEST'] });
    expect(values.get('HW-LANDFILL-RATE')!.target.evaluation).toBe('MET');
    expect(values.get('ZW20')!.target.evaluation).toBe('NOT_MET');
  });

  it('computes streets from their own records and econ figures', async () => {
    const bajiao = await current(MONTH, 'BAJIAO');
    expect(bajiao.get('ZW01')!.value).toBe('0.014400'); // (60 + 12) t / 5 000 万元
    expect(bajiao.get('ZW07')!.value).toBe('1.000000');
    expect(bajiao.get('ZW11')!.value).toBe('0.750000');
    const lugu = await current(MONTH, 'LUGU');
    expect(lugu.get('ZW16')!.value).toBe('0.000000');
    expect(lugu.get('ZW01')!.value).toBeNull(); // no street econ figure: no denominator
  });

  it('sums numerators and denominators for quarters and years instead of averaging ratios', async () => {
    const quarter = await current('2026Q1');
    expect(quarter.get('ZW09')).toMatchObject({ value: '0.923077', numerator: String(96 * T), denominator: String(104 * T), periodKind: 'QUARTER' });
    const year = await current('2026');
    expect(year.get('ZW18')!.target.evaluation).toBe('MET'); // 8 t against the 8 205 t annual cap
    expect((await current(MONTH)).get('ZW18')!.target.evaluation).toBe('NOT_APPLICABLE');
    expect(await PeriodAggregateModel.countDocuments({ month: MONTH })).toBe(3); // district + 2 streets
  });

  it('counts input mass under open flags, and moves the value the right way once a steward resolves the flag', async () => {
    // The receiver weighed 10 t, the generator shipped 12 t: HW-QTY on M1.
    await upsertFlags({ runId: 'r1' }, [hwQtyFlag('M1', 12 * T, 10 * T)]);
    await computeIndicators({ periods: [MONTH], actor });
    const open = (await current(MONTH)).get('ZW10')!;
    expect(open).toMatchObject({ value: '0.500000', goldenApplied: 0, openFlagShare: '0.333333', confidence: '0.666667' }); // 10 t of 30 t input mass
    expect(open.inputs.find((i) => i.name === 'industrial.hw.receivedUtilised')!.flagged).toBe(String(10 * T));

    await actOnFlag(admin, 'HW-QTY|M1|2026-03', { kind: 'RESOLVE', resolution: { kind: 'ACCEPT_SIDE', side: 0, reason: '接收单位过磅单有误' } });
    await computeIndicators({ periods: [MONTH], actor });
    const resolved = (await current(MONTH)).get('ZW10')!;
    expect(resolved).toMatchObject({ value: '0.600000', numerator: String(12 * T), goldenApplied: 1, openFlagShare: '0.000000', confidence: '1.000000' });
    expect(resolved.previous).toBeNull(); // no February value to compare with
    // Other indicators do not move.
    expect((await current(MONTH)).get('HW-LANDFILL-RATE')!.value).toBe('0.200000');
  });

  it('takes steward values for the indicators the sources cannot provide, append-only, and refuses computed ones', async () => {
    await setIndicatorInput('ZW23', '2026', 'DISTRICT', '初步建立', '协调机制文件印发', actor);
    const value = await setIndicatorInput('ZW23', '2026', 'DISTRICT', '基本建立', '专班例会制度运行', { id: 'k2', label: 'steward@EEB' });
    expect(value).toMatchObject({ value: '基本建立', current: true, target: { evaluation: 'MET' }, manual: { value: '基本建立', reason: '专班例会制度运行', actor: { label: 'steward@EEB' } } });
    expect((await manualInputHistory('ZW23', '2026', 'DISTRICT')).map((e) => e.value)).toEqual(['基本建立', '初步建立']);
    await expect(setIndicatorInput('ZW09', '2026', 'DISTRICT', '0.5', 'x', actor)).rejects.toThrow(/computed from the sources/);
    await expect(setIndicatorInput('ZW23', '2026', 'DISTRICT', '很好', 'x', actor)).rejects.toThrow(/takes one of/);
    await expect(setIndicatorInput('ZW03', '2026', 'DISTRICT', '1.5', 'x', actor)).rejects.toThrow(/whole number/);
    // The engine keeps the steward's value when it recomputes the year.
    await computeIndicators({ periods: [MONTH], actor });
    expect((await current('2026')).get('ZW23')!.value).toBe('基本建立');
  });
});

describe('closePeriod', () => {
  it('closes as version 1, flags late data, re-closes as version 2 with exactly the late difference, and keeps version 1', async () => {
    const calls: string[] = [];
    const steps = {
      syncAll: async ({ period }: { period: string }) => { calls.push(`sync ${period}`); return { synced: 5 }; },
      reconcile: async ({ period, full }: { period: string; full: true }) => { calls.push(`reconcile ${period} ${full}`); return { flags: 0 }; },
    };
    const v1 = await closePeriod(MONTH, actor, steps);
    expect(calls).toEqual(['sync 2026-03', 'reconcile 2026-03 true']);
    expect(v1).toMatchObject({ period: MONTH, version: 1, newVersion: true, sync: { synced: 5 } });
    const frozen1 = await current(MONTH);
    expect([...frozen1.values()].every((v) => v.version === 1 && v.frozenAt)).toBe(true);
    expect(frozen1.get('ZW10')!.value).toBe('0.600000');

    // Nothing changed: closing again writes no version.
    expect(await closePeriod(MONTH, actor, steps)).toMatchObject({ version: 1, newVersion: false });

    // A late manifest for March: stored, flagged, the period dirty; dashboards still show version 1.
    await new Promise((r) => setTimeout(r, 20));
    await manifest('M6', MONTH, 'G2', 'R4', 2 * T, 2 * T);
    const recompute = await computeIndicators({ periods: [MONTH], actor });
    expect(recompute.lateData).toEqual([{ period: MONTH, records: 1 }]);
    expect(await PeriodModel.findOne({ period: MONTH }).lean()).toMatchObject({ status: 'CLOSED', dirty: true, lateRecords: 1 });
    const lateFlag = await FlagModel.findOne({ rule: 'LATE-DATA', period: MONTH }).lean();
    expect(lateFlag).toMatchObject({ status: 'OPEN', stream: 'industrial', subject: { key: 'industrial@2026-03' } });
    expect((await current(MONTH)).get('ZW10')!).toMatchObject({ version: 1, value: '0.600000' });
    expect(await MovementModel.countDocuments({ sourceKey: 'M6' })).toBe(1);

    const v2 = await closePeriod(MONTH, actor, steps);
    expect(v2).toMatchObject({ version: 2, newVersion: true });
    const frozen2 = await current(MONTH);
    expect(frozen2.get('ZW10')).toMatchObject({ version: 2, value: '0.700000' }); // (12 + 2) t / 20 t

    // Version 1 is still there, and differs from version 2 exactly where the late manifest counts.
    const byVersion = async (version: number) =>
      new Map((await IndicatorValueModel.find({ period: MONTH, version }).lean<IndicatorValueRecord[]>()).map((v) => [`${v.code}|${v.area}`, v.value]));
    const [one, two] = [await byVersion(1), await byVersion(2)];
    expect(one.size).toBe(two.size);
    const changed = [...two.keys()].filter((k) => one.get(k) !== two.get(k)).sort();
    expect(changed).toEqual(['ZW10|DISTRICT', 'ZW10|LUGU']);
    expect(one.get('ZW10|DISTRICT')).toBe('0.600000');

    const period = await PeriodModel.findOne({ period: MONTH }).lean();
    expect(period).toMatchObject({ status: 'CLOSED', dirty: false, lastVersion: 2 });
    expect(period!.versions.map((v) => [v.version, v.lateRecords])).toEqual([[1, 0], [2, 1]]);
    expect(await FlagModel.findOne({ rule: 'LATE-DATA', period: MONTH }).lean()).toMatchObject({ status: 'RESOLVED', resolution: { kind: 'CONDITION_CLEARED' } });
  });
});

describe('previous-period comparisons', () => {
  it('compares a year, its quarters and months with the current values stored before them, read with the live ones in one query', async () => {
    const before2026 = await current('2026');
    const result = await computeIndicators({ periods: ['2027'], actor });
    expect(result.periods).toContain('2027');
    const year = await current('2027');
    const compared = [...year.values()].filter((v) => v.previous !== null);
    expect(compared.length).toBeGreaterThan(0);
    for (const v of compared) expect([v.code, v.previous!.period, v.previous!.value]).toEqual([v.code, '2026', before2026.get(v.code)?.value ?? null]);
    // a value of 2026 the year compares with (communities sorting share: registries count every month)
    expect(year.get('ZW07')!.previous).toMatchObject({ period: '2026', value: before2026.get('ZW07')!.value });
    // January compares with December 2026, which no run computed; February with January, computed in the same run
    expect((await current('2027-01')).get('ZW07')!.previous).toBeNull();
    expect((await current('2027-02')).get('ZW07')!.previous).toMatchObject({ period: '2027-01', value: (await current('2027-01')).get('ZW07')!.value, change: '0.000000' });
    // a closed month's frozen version is what the next month compares with
    const april = await computeIndicators({ periods: ['2026-04'], actor });
    expect(april.periods).toEqual(['2026-04', '2026Q2', '2026']);
    expect((await current('2026-04')).get('ZW10')!.previous).toMatchObject({ period: MONTH, value: (await current(MONTH)).get('ZW10')!.value });
    expect((await current(MONTH)).get('ZW10')!.version).toBe(2);
  });
});

describe("the dashboard's kept priority values", () => {
  const snapshot = async () => new Map((await PrioritySnapshotModel.find({}).lean()).map((d) => [d._id, d]));
  const summary = (values: readonly IndicatorValueRecord[]) => values.map((v) => `${v.code}|${v.period}|${v.version}|${v.value}`).sort();

  it('are kept by a run as its writes left them (a closed month keeps its frozen version), with no revision raised when nothing changed', async () => {
    await raisePriorityRevision();
    const monitor = monitorStore(mongoose.connection.getClient());
    await computeIndicators({ periods: ['2026'], actor });
    monitor.stop();
    // one read of the values: the history comes with the values the run compares
    expect(monitor.reads.statements.filter((st) => st.collection === 'indicatorValues' && st.command === 'find')).toHaveLength(1);
    const kept = await snapshot();
    const fresh = await IndicatorValueModel.find(priorityHistoryFilter('DISTRICT')).lean<IndicatorValueRecord[]>();
    expect(fresh.some((v) => v.period === MONTH && v.version === 2)).toBe(true);
    expect(kept.get('DISTRICT')!.revision).toBe(kept.get('revision')!.revision);
    expect(summary(kept.get('DISTRICT')!.values!)).toEqual(summary(fresh));

    // the same run again changes no value: the revision stays, so no reader rereads
    const again = await computeIndicators({ periods: ['2026'], actor });
    expect(again.written).toMatchObject({ inserted: 0, replaced: 0, deleted: 0 });
    expect((await snapshot()).get('revision')!.revision).toBe(kept.get('revision')!.revision);

    // a changed value: raised once, and kept as written
    await new Promise((r) => setTimeout(r, 20));
    await manifest('M7', '2026-04', 'G2', 'R4', 3 * T, 3 * T);
    const changed = await computeIndicators({ periods: ['2026-04'], actor });
    expect(changed.written.replaced).toBeGreaterThan(0);
    const after = await snapshot();
    expect(after.get('revision')!.revision).toBe(kept.get('revision')!.revision + 1);
    expect(after.get('DISTRICT')!.revision).toBe(after.get('revision')!.revision);
    expect(summary(after.get('DISTRICT')!.values!)).toEqual(summary(await IndicatorValueModel.find(priorityHistoryFilter('DISTRICT')).lean<IndicatorValueRecord[]>()));
    expect(summary(after.get('DISTRICT')!.values!)).not.toEqual(summary(kept.get('DISTRICT')!.values!));
  });
});

describe('party totals', () => {
  it('names a party the documents named by USCC alone by its resolved name', async () => {
    await party('G9', 'BAJIAO', ['GENERATOR']);
    const g9 = (await PartyModel.findOneAndUpdate({ uscc: 'G9' }, { $set: { name: '石景山精细化工厂' } }, { new: true }).lean().exec())!;
    await manifest('M-G9', '2026-05', 'G9', 'R4', 2 * T, 2 * T);
    // as ingest leaves a manifest: the reference resolved, no name stated
    await MovementModel.updateOne({ sourceKey: 'M-G9' }, { $set: { 'from.party': { partyId: g9._id, uscc: 'G9', name: null } } });
    const [district] = (await aggregateMonths(['2026-05'])).filter((a) => a.area === 'DISTRICT');
    expect(district!.partyTotals.filter((t) => t.measure === 'HW_SHIPPED').map((t) => [t.uscc, t.name, t.grams])).toEqual([['G9', '石景山精细化工厂', String(2 * T)]]);
  });
});
