/**
 * The close as a resumable state machine: a close killed after any of its steps (claim, freeze,
 * publish) is finished by the next close with exactly one complete version, and until then the month's
 * live values stay what dashboards show.
 */
import { closePeriod, type CloseStep } from '../../../src/indicators/close';
import { IndicatorValueModel, type IndicatorValueRecord } from '../../../src/indicators/indicatorValueModel';
import { PeriodModel } from '../../../src/indicators/periodModel';
import { useTestDatabase } from '../../support/mongo';
import { EXPECTED_DISTRICT, seedMonth } from './fixtures';

useTestDatabase(__filename);
// each case closes a month twice (sync, reconcile, indicators, freeze): minutes on a loaded machine
jest.setTimeout(300_000);

const MONTH = '2026-03';
const actor = { id: 'test', label: 'test' };

class SimulatedCrash extends Error {}

async function currentDistrict(): Promise<Map<string, IndicatorValueRecord>> {
  const values = await IndicatorValueModel.find({ period: MONTH, area: 'DISTRICT', current: true }).lean<IndicatorValueRecord[]>();
  return new Map(values.map((v) => [v.code, v]));
}

async function expectLiveValuesShown(): Promise<void> {
  const shown = await currentDistrict();
  for (const [code, value] of Object.entries(EXPECTED_DISTRICT)) expect([code, shown.get(code)?.value, shown.get(code)?.version]).toEqual([code, value, 0]);
}

async function expectOneCompleteVersion(version: number): Promise<void> {
  const live = await IndicatorValueModel.countDocuments({ period: MONTH, version: 0 });
  const frozen = await IndicatorValueModel.find({ period: MONTH, version }).lean<IndicatorValueRecord[]>();
  expect(live).toBeGreaterThan(0);
  expect(frozen).toHaveLength(live);
  expect(frozen.every((v) => v.current && v.frozenAt)).toBe(true);
  // exactly one current value per indicator × area, all of this version
  const current = await IndicatorValueModel.find({ period: MONTH, current: true }).lean<IndicatorValueRecord[]>();
  expect(current).toHaveLength(live);
  expect(new Set(current.map((v) => v.version))).toEqual(new Set([version]));
  const shown = await currentDistrict();
  for (const [code, value] of Object.entries(EXPECTED_DISTRICT)) expect([code, shown.get(code)?.value]).toEqual([code, value]);
  const period = await PeriodModel.findOne({ period: MONTH }).lean();
  expect(period).toMatchObject({ status: 'CLOSED', dirty: false, lastVersion: version, pendingClose: null });
  expect(period!.versions.map((v) => [v.version, v.indicatorValues])).toEqual(Array.from({ length: version }, (_, i) => [i + 1, live]));
}

beforeAll(async () => {
  await seedMonth(MONTH);
});

beforeEach(async () => {
  await PeriodModel.deleteMany({});
  await IndicatorValueModel.deleteMany({ version: { $gt: 0 } });
  await IndicatorValueModel.updateMany({ version: 0 }, { $set: { current: true } });
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('closePeriod killed half-way', () => {
  it('a close killed between claiming the version and writing it: the live values stay current, the re-run writes version 1', async () => {
    // The store write of the frozen copy fails, as if the process died right after the claim.
    jest.spyOn(IndicatorValueModel, 'insertMany').mockRejectedValueOnce(new SimulatedCrash('killed before the freeze'));
    await expect(closePeriod(MONTH, actor)).rejects.toThrow(SimulatedCrash);
    await expectLiveValuesShown();

    const rerun = await closePeriod(MONTH, actor);
    expect(rerun).toMatchObject({ version: 1, newVersion: true });
    await expectOneCompleteVersion(1);
  });

  it.each<CloseStep>(['claim', 'freeze', 'publish'])('a close killed after its %s step is finished by the next close', async (step) => {
    const crash = (at: CloseStep) => {
      if (at === step) throw new SimulatedCrash(`killed after ${at}`);
    };
    await expect(closePeriod(MONTH, actor, { afterStep: crash })).rejects.toThrow(SimulatedCrash);
    if (step !== 'publish') await expectLiveValuesShown();

    const rerun = await closePeriod(MONTH, actor);
    expect(rerun.version).toBe(1);
    await expectOneCompleteVersion(1);
    // and a third run changes nothing
    expect(await closePeriod(MONTH, actor)).toMatchObject({ version: 1, newVersion: false });
    await expectOneCompleteVersion(1);
  });

  it('a re-close killed after its freeze keeps version 1 shown, then publishes version 2', async () => {
    await closePeriod(MONTH, actor);
    await PeriodModel.updateOne({ period: MONTH }, { $set: { dirty: true } });
    await expect(closePeriod(MONTH, actor, { afterStep: (at) => { if (at === 'freeze') throw new SimulatedCrash('killed'); } })).rejects.toThrow(SimulatedCrash);
    const shown = await currentDistrict();
    expect(new Set([...shown.values()].map((v) => v.version))).toEqual(new Set([1]));

    expect(await closePeriod(MONTH, actor)).toMatchObject({ version: 2, newVersion: true });
    await expectOneCompleteVersion(2);
    expect(await IndicatorValueModel.countDocuments({ period: MONTH, version: 1, current: false })).toBe(await IndicatorValueModel.countDocuments({ period: MONTH, version: 0 }));
  });
});
