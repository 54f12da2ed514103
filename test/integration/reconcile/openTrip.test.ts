/**
 * A never-closed construction trip on real FerretDB, through the engine: one flag (CDW-OPEN), not a
 * cascade into CDW-VEHICLE for the plate's later trips; and when a later update closes the waybill (it
 * arrived late), the CDW-OPEN flag is closed with it.
 */
import { Types } from 'mongoose';
import { MovementModel, type Movement } from '../../../src/model/movement';
import { VehicleModel } from '../../../src/model/vehicle';
import { FlagModel, type FlagRecord } from '../../../src/reconcile/flagModel';
import { runReconciliation } from '../../../src/reconcile/engine';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

const P = '2026-10';
const PLATE = '京A12345';
const HAULER = '91110107MA01ABCD1X';
const asOf = new Date('2026-11-15T00:00:00+08:00');
const actor = { id: 'test', label: 'open trip test' };
const RULES = ['CDW-OPEN', 'CDW-VEHICLE', 'CDW-WEIGHT', 'CDW-SPEED'];
const rec = () => new Types.ObjectId();
const end = (over: Partial<Movement['from']> = {}): Movement['from'] => ({ party: null, facilityId: null, facilityCode: null, projectId: null, projectCode: null, street: null, ...over });
const tonnes = (role: Movement['quantities'][number]['role'], t: number) => ({ role, grams: t * 1_000_000, original: { value: String(t), unit: 't' }, sourceRecordId: rec(), at: null, category: null });
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 9, day, hour - 8));

function waybill(no: string, exit: Date, entry: Date | null): Partial<Movement> {
  return {
    stream: 'construction', kind: 'CDW_WAYBILL', sourceKey: no, period: P, status: entry ? 'CLOSED' : 'IN_TRANSIT', statusRaw: entry ? 'CLOSED' : 'DEPARTED',
    from: end({ projectCode: 'PRJ1' }), to: end({ facilityCode: 'F1' }), carrier: { partyId: null, uscc: HAULER, name: null }, vehicle: { plate: PLATE, vehicleId: null },
    category: 'SPOIL', wasteCode: null, hwClass: null, physicalForm: null, route: null, direction: null, packages: null,
    departedAt: exit, arrivedAt: entry, quantities: entry ? [tonnes('EXIT', 20), tonnes('ENTRY', 20)] : [tonnes('EXIT', 20)], linkedMovementIds: [], attributes: {}, sources: [rec()],
  };
}

const live = () => FlagModel.find({ closedByEngineAt: null, rule: { $in: RULES } }).lean<FlagRecord[]>();

beforeAll(async () => {
  await VehicleModel.create({ plate: PLATE, plateRaw: PLATE, source: 'construction', hauler: { partyId: null, uscc: HAULER, name: null }, permitValidTo: new Date('2027-06-30T00:00:00+08:00'), ratedLoad: { grams: 25_000_000, original: { value: '25', unit: 't' } }, sources: [rec()] });
  await MovementModel.insertMany([
    // left on Oct 3 and never weighed in; the truck went on hauling
    waybill('W-OPEN', at(3, 21), null),
    waybill('W-4', at(4, 21), at(4, 22)),
    waybill('W-5', at(5, 21), at(5, 22)),
    waybill('W-6', at(6, 21), at(6, 22)),
  ]);
});

describe('a never-closed trip', () => {
  it('is one CDW-OPEN flag, not an overlap with every later trip of the plate', async () => {
    const run = await runReconciliation({ full: true, asOf, actor, rules: RULES });
    expect(run.status).toBe('SUCCEEDED');
    expect((await live()).map((f) => f.key).sort()).toEqual([`CDW-OPEN|W-OPEN|${P}`]);
  });

  it('closed by a later update (it arrived late), loses its CDW-OPEN flag', async () => {
    await MovementModel.updateOne({ sourceKey: 'W-OPEN' }, { $set: { status: 'CLOSED', statusRaw: 'CLOSED', arrivedAt: at(4, 20), quantities: [tonnes('EXIT', 20), tonnes('ENTRY', 19.8)] } });
    const run = await runReconciliation({ asOf, actor, rules: RULES });
    expect(run.diff.autoClosed).toBe(1);
    expect(await live()).toEqual([]);
    expect((await FlagModel.findOne({ key: `CDW-OPEN|W-OPEN|${P}` }).lean<FlagRecord>())!.resolution?.kind).toBe('CONDITION_CLEARED');
  });
});
