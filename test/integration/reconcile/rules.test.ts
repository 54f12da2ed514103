/**
 * Rule readers over hand-made model documents (shaped as connectors/MAPPING.md says), on real FerretDB:
 * each reader finds its subject, joins in code, and writes flags through the engine; a second run writes
 * nothing; changing one document re-opens exactly the flag that depends on it.
 */
import { Types } from 'mongoose';
import { MovementModel, type Movement } from '../../../src/model/movement';
import { PeriodReportModel, type PeriodReport } from '../../../src/model/periodReport';
import { ProjectModel } from '../../../src/model/project';
import { FacilityModel } from '../../../src/model/facility';
import { FlagModel, type FlagRecord } from '../../../src/reconcile/flagModel';
import { runReconciliation } from '../../../src/reconcile/engine';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

const P = '2026-10';
const GEN = '91110107MA01ABCD1X';
const asOf = new Date('2026-11-15T00:00:00+08:00');
const actor = { id: 'test', label: 'rules test' };
const rec = () => new Types.ObjectId();
const end = (over: Partial<Movement['from']> = {}): Movement['from'] => ({ party: null, facilityId: null, facilityCode: null, projectId: null, projectCode: null, street: null, ...over });
const qty = (role: Movement['quantities'][number]['role'], grams: number, unit = 't') => ({ role, grams, original: { value: String(grams / (unit === 't' ? 1e6 : 1e3)), unit }, sourceRecordId: rec(), at: null, category: null });

function movement(over: Partial<Movement>): Partial<Movement> {
  return { period: P, status: 'RECEIVED', statusRaw: null, from: end(), to: end(), carrier: null, vehicle: null, category: null, wasteCode: null, hwClass: null, physicalForm: null, route: null, direction: null, packages: null, departedAt: new Date('2026-10-05T09:00:00+08:00'), arrivedAt: null, quantities: [], linkedMovementIds: [], attributes: {}, sources: [rec()], ...over };
}

function ledger(reportKey: string, code: string, shippedGrams: number): Partial<PeriodReport> {
  return { source: 'industrial', stream: 'industrial', kind: 'HW_LEDGER', reportKey, periodKind: 'MONTH', period: P, months: [P], party: { partyId: null, uscc: GEN, name: '甲公司' }, area: null, category: code, categoryName: null, attributes: { hwClass: `HW${code.slice(-2)}` }, packages: null, lines: [{ measure: 'SHIPPED', grams: shippedGrams, original: { value: String(shippedGrams / 1e6), unit: 't' } }], measures: [], sources: [rec()] };
}

// The rules these documents exercise (the others need parties, reports and registries not built here).
const RULES_UNDER_TEST = ['HW-QTY', 'HW-LATE', 'HW-LEDGER', 'HW-CODE', 'CDW-WEIGHT', 'CDW-PROJECT', 'HH-CHAIN', 'HH-CATEGORY', 'HH-NET'];
const hwParty = { partyId: null, uscc: GEN, name: '甲公司' };

beforeAll(async () => {
  await MovementModel.insertMany([
    // HW-QTY: 10 t shipped, 9 t received (−10 %) → flag; 10 t / 9.6 t (−4 %) → none
    movement({ stream: 'industrial', kind: 'HW_MANIFEST', sourceKey: 'M1', from: end({ party: hwParty }), wasteCode: '900-041-49', hwClass: 'HW49', quantities: [qty('DECLARED', 10_000_000), qty('RECEIVED', 9_000_000)] }),
    movement({ stream: 'industrial', kind: 'HW_MANIFEST', sourceKey: 'M2', from: end({ party: hwParty }), wasteCode: '900-041-49', hwClass: 'HW49', quantities: [qty('DECLARED', 10_000_000), qty('RECEIVED', 9_600_000)] }),
    // HW-LATE: in transit since Oct 5 as of Nov 15 → flag
    movement({ stream: 'industrial', kind: 'HW_MANIFEST', sourceKey: 'M3', status: 'IN_TRANSIT', from: end({ party: hwParty }), wasteCode: '900-041-49', hwClass: 'HW49', quantities: [qty('DECLARED', 1_000_000)] }),
    // CDW: a project approved 50 t hauls 30 + 30 t → CDW-PROJECT; W2 also loses 10 % (CDW-WEIGHT)
    movement({ stream: 'construction', kind: 'CDW_WAYBILL', sourceKey: 'W1', from: end({ projectCode: 'PRJ1' }), to: end({ facilityCode: 'F1' }), quantities: [qty('EXIT', 30_000_000), qty('ENTRY', 30_000_000)], arrivedAt: new Date('2026-10-05T10:00:00+08:00') }),
    movement({ stream: 'construction', kind: 'CDW_WAYBILL', sourceKey: 'W2', from: end({ projectCode: 'PRJ1' }), to: end({ facilityCode: 'F1' }), departedAt: new Date('2026-10-06T09:00:00+08:00'), arrivedAt: new Date('2026-10-06T10:00:00+08:00'), quantities: [qty('EXIT', 30_000_000), qty('ENTRY', 27_000_000)] }),
    // HH-CHAIN: OUT at a transfer station, IN at the plant 1 h later, 5 % lighter → flag; OUT2 unmatched → flag
    movement({ stream: 'household', kind: 'WEIGH_TICKET', sourceKey: 'OUT1', status: 'CLOSED', direction: 'OUT', category: 'OTHER', from: end({ facilityCode: 'TS1' }), to: end({ facilityCode: 'INC1' }), vehicle: { plate: '京A12345', vehicleId: null }, quantities: [qty('GROSS', 25_000_000, 'kg'), qty('TARE', 15_000_000, 'kg'), qty('NET', 10_000_000, 'kg')] }),
    movement({ stream: 'household', kind: 'WEIGH_TICKET', sourceKey: 'IN1', status: 'CLOSED', direction: 'IN', category: 'OTHER', from: end({ facilityCode: 'TS1' }), to: end({ facilityCode: 'INC1' }), vehicle: { plate: '京A12345', vehicleId: null }, departedAt: new Date('2026-10-05T10:00:00+08:00'), quantities: [qty('GROSS', 24_500_000, 'kg'), qty('TARE', 15_000_000, 'kg'), qty('NET', 9_500_000, 'kg')] }),
    movement({ stream: 'household', kind: 'WEIGH_TICKET', sourceKey: 'OUT2', status: 'CLOSED', direction: 'OUT', category: 'KITCHEN', from: end({ facilityCode: 'TS1' }), to: end({ facilityCode: 'INC1' }), vehicle: { plate: '京A54321', vehicleId: null }, quantities: [qty('GROSS', 25_000_000, 'kg'), qty('TARE', 15_000_000, 'kg'), qty('NET', 10_000_000, 'kg')] }),
  ]);
  // HW-LEDGER: ledger says 25 t shipped; manifests total 21 t → beyond 5 %
  await PeriodReportModel.insertMany([ledger('L1', '900-041-49', 25_000_000)]);
  await ProjectModel.create({ source: 'construction', projectCode: 'PRJ1', name: '项目一', approved: { grams: 50_000_000, original: { value: '50', unit: 't' } }, sources: [rec()] });
  await FacilityModel.insertMany([
    { source: 'household', stream: 'household', code: 'TS1', name: '中转站', type: 'TRANSFER_STATION', inDistrict: true, sources: [] },
    { source: 'household', stream: 'household', code: 'INC1', name: '焚烧厂', type: 'INCINERATOR', inDistrict: false, sources: [] },
  ]);
});

const live = async () => (await FlagModel.find({ closedByEngineAt: null }).lean<FlagRecord[]>()).map((f) => `${f.rule}|${f.subject.key}`).sort();

describe('rule readers on hand-made documents', () => {
  it('raises exactly the discrepancies the documents hold', async () => {
    const run = await runReconciliation({ full: true, periods: [P], asOf, actor, rules: RULES_UNDER_TEST });
    expect(run.status).toBe('SUCCEEDED');
    expect(await live()).toEqual([
      'CDW-PROJECT|PRJ1',
      'CDW-WEIGHT|W2',
      'HH-CHAIN|OUT1',
      'HH-CHAIN|OUT2',
      'HW-LATE|M3',
      `HW-LEDGER|${GEN}/900-041-49`,
      'HW-QTY|M1',
    ].sort());
    const qtyFlag = (await FlagModel.findOne({ rule: 'HW-QTY' }).lean<FlagRecord>())!;
    expect(qtyFlag.evidence.sides.map((s) => s.grams)).toEqual([10_000_000, 9_000_000]);
    expect(qtyFlag.evidence.sides[0]!.payloadRef).toMatch(/^sourceRecords\/[0-9a-f]{24}$/);
    expect(qtyFlag.subject.partyUscc).toBe(GEN);
  });

  it('writes nothing on a second run', async () => {
    const before = await FlagModel.find().sort({ key: 1 }).lean<FlagRecord[]>();
    const run = await runReconciliation({ full: true, periods: [P], asOf, actor, rules: RULES_UNDER_TEST });
    expect(run.diff.new + run.diff.changed + run.diff.reopened + run.diff.autoClosed).toBe(0);
    const after = await FlagModel.find().sort({ key: 1 }).lean<FlagRecord[]>();
    expect(after.map((f) => [f.key, f.revision])).toEqual(before.map((f) => [f.key, f.revision]));
  });

  it('re-opens exactly the flag whose document changed, and auto-closes one whose condition cleared', async () => {
    await FlagModel.updateMany({}, { $set: { status: 'ACKNOWLEDGED' } });
    const m1 = (await MovementModel.findOne({ sourceKey: 'M1' }))!;
    m1.quantities[1]!.grams = 8_900_000;
    m1.markModified('quantities');
    await m1.save();
    const run = await runReconciliation({ asOf, actor, rules: RULES_UNDER_TEST });
    expect(run.mode).toBe('INCREMENTAL');
    expect(run.diff.reopened).toBe(1);
    expect((await FlagModel.find({ status: 'OPEN' }).lean<FlagRecord[]>()).map((f) => f.key)).toEqual([`HW-QTY|M1|${P}`]);

    const w2 = (await MovementModel.findOne({ sourceKey: 'W2' }))!;
    w2.quantities[1]!.grams = 29_000_000; // corrected entry weighing: inside 5 %
    w2.markModified('quantities');
    await w2.save();
    const second = await runReconciliation({ asOf, actor, rules: RULES_UNDER_TEST });
    expect(second.diff.autoClosed).toBe(1);
    expect((await FlagModel.findOne({ key: `CDW-WEIGHT|W2|${P}` }).lean<FlagRecord>())!.resolution?.kind).toBe('CONDITION_CLEARED');
  });
});
