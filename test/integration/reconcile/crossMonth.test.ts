/**
 * Rules whose join reaches past the month the shared scan reads, on real FerretDB: CDW-PROJECT adds the
 * waybills of earlier months to the month's, HH-CHAIN finds the IN ticket of an OUT weighed in the
 * month's last hours in the next month.
 */
import { Types } from 'mongoose';
import { FacilityModel } from '../../../src/model/facility';
import { MovementModel, type Movement } from '../../../src/model/movement';
import { ProjectModel } from '../../../src/model/project';
import { FlagModel, type FlagRecord } from '../../../src/reconcile/flagModel';
import { runReconciliation } from '../../../src/reconcile/engine';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

const asOf = new Date('2026-12-15T00:00:00+08:00');
const actor = { id: 'test', label: 'cross-month test' };
const rec = () => new Types.ObjectId();
const end = (over: Partial<Movement['from']> = {}): Movement['from'] => ({ party: null, facilityId: null, facilityCode: null, projectId: null, projectCode: null, street: null, ...over });
const qty = (role: Movement['quantities'][number]['role'], grams: number) => ({ role, grams, original: { value: String(grams), unit: 'g' }, sourceRecordId: rec(), at: null, category: null });

function movement(over: Partial<Movement>): Partial<Movement> {
  return { status: 'CLOSED', statusRaw: null, from: end(), to: end(), carrier: null, vehicle: null, category: null, wasteCode: null, hwClass: null, physicalForm: null, route: null, direction: null, packages: null, arrivedAt: null, quantities: [], linkedMovementIds: [], attributes: {}, sources: [rec()], ...over };
}

const waybill = (sourceKey: string, period: string, day: string, tonnes: number) =>
  movement({ stream: 'construction', kind: 'CDW_WAYBILL', sourceKey, period, from: end({ projectCode: 'PRJ2' }), to: end({ facilityCode: 'F1' }), departedAt: new Date(`${day}T09:00:00+08:00`), arrivedAt: new Date(`${day}T10:00:00+08:00`), quantities: [qty('EXIT', tonnes * 1e6), qty('ENTRY', tonnes * 1e6)] });

const ticket = (sourceKey: string, direction: 'IN' | 'OUT', period: string, at: string, plate: string) =>
  movement({ stream: 'household', kind: 'WEIGH_TICKET', sourceKey, period, direction, category: 'OTHER', from: end({ facilityCode: 'TS1' }), to: end({ facilityCode: 'INC1' }), vehicle: { plate, vehicleId: null }, departedAt: new Date(at), quantities: [qty('NET', 8_000_000)] });

const live = async () => (await FlagModel.find({ closedByEngineAt: null }).lean<FlagRecord[]>()).map((f) => `${f.rule}|${f.subject.key}|${f.period}`).sort();

beforeAll(async () => {
  await ProjectModel.create({ source: 'construction', projectCode: 'PRJ2', name: '项目二', approved: { grams: 50_000_000, original: { value: '50', unit: 't' } }, sources: [rec()] });
  await FacilityModel.insertMany([
    { source: 'household', stream: 'household', code: 'TS1', name: '中转站', type: 'TRANSFER_STATION', inDistrict: true, sources: [] },
    { source: 'household', stream: 'household', code: 'INC1', name: '焚烧厂', type: 'INCINERATOR', inDistrict: false, sources: [] },
  ]);
  await MovementModel.insertMany([
    // 30 t in September, 30 t in October: the approval (50 t) is crossed in October
    waybill('WA', '2026-09', '2026-09-10', 30),
    waybill('WB', '2026-10', '2026-10-10', 30),
    // OUT at 22:30 on Oct 31, its IN 2 h later falls in November; OUT2's truck never arrives
    ticket('OUTX', 'OUT', '2026-10', '2026-10-31T22:30:00+08:00', '京B11111'),
    ticket('INX', 'IN', '2026-11', '2026-11-01T00:30:00+08:00', '京B11111'),
    ticket('OUTY', 'OUT', '2026-10', '2026-10-31T23:00:00+08:00', '京B22222'),
  ]);
});

describe('joins across months', () => {
  it('raises nothing for September alone (30 t of 50 t)', async () => {
    await runReconciliation({ full: true, periods: ['2026-09'], asOf, actor, rules: ['CDW-PROJECT', 'HH-CHAIN'] });
    expect(await live()).toEqual([]);
  });

  it("adds September's waybills to October's and matches an OUT with next month's IN", async () => {
    const run = await runReconciliation({ full: true, periods: ['2026-10'], asOf, actor, rules: ['CDW-PROJECT', 'HH-CHAIN'] });
    expect(run.status).toBe('SUCCEEDED');
    expect(await live()).toEqual(['CDW-PROJECT|PRJ2|2026-10', 'HH-CHAIN|OUTY|2026-10']);
    const project = (await FlagModel.findOne({ rule: 'CDW-PROJECT' }).lean<FlagRecord>())!;
    expect(project.evidence.sides[0]!.grams).toBe(60_000_000);
  });
});
