/**
 * construction.md: the nightly waybill export has no updatedAt. An export row read after a newer API
 * version of the same waybill (a backfill over days the API delivered) must not replace it: otherwise an
 * arrived trip turns DEPARTED again and CDW-OPEN flags a trip that arrived.
 */
import { Types } from 'mongoose';
import { constructionMappers } from '../../../connectors/construction/map';
import { projectRecords, type MappedRecord } from '../../../src/ingest/project';
import { MovementModel } from '../../../src/model/movement';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

const context = { source: 'construction' as const, mapping: { mappers: constructionMappers }, seenAt: new Date('2026-10-05T00:00:00+08:00') };
const departed = { waybillNo: 'W1', updatedAt: null, projectCode: 'P1', plateNo: '京A12345', haulerUscc: null, category: '工程渣土', exitAt: '2026-10-02 08:00:00', exitWeightT: '25.5', facilityCode: 'F1', entryAt: null, entryWeightT: null, status: '已出场' };
const closed = { ...departed, updatedAt: '2026-10-02T11:00:00+08:00', category: 'SPOIL', exitAt: '2026-10-02T08:00:00+08:00', entryAt: '2026-10-02T09:10:00+08:00', entryWeightT: '25.1', status: 'CLOSED' };

function mapped(payload: Record<string, unknown>): MappedRecord {
  const sourceRecordId = new Types.ObjectId();
  const sourceId = String(payload.waybillNo);
  const result = constructionMappers.waybills!(payload as never, { source: 'construction', stream: 'waybills', sourceId, sourceRecordId });
  if (!result.ok) throw new Error(result.reason);
  return { sourceRecordId, sourceId, sourceVersion: null, projections: result.projections };
}

const stored = async (waybillNo: string) => MovementModel.findOne({ stream: 'construction', sourceKey: waybillNo }).lean().exec();

it('an export row older than the stored API version does not replace it', async () => {
  await projectRecords(context, [mapped(closed)]);
  await projectRecords(context, [mapped(departed)]);
  expect(await stored('W1')).toMatchObject({ status: 'CLOSED', arrivedAt: new Date('2026-10-02T01:10:00Z') });
});

it('an export row further along than the stored API version does replace it (the fallback after an outage)', async () => {
  const w2 = { ...departed, waybillNo: 'W2' };
  await projectRecords(context, [mapped({ ...w2, updatedAt: '2026-10-02T08:01:00+08:00', category: 'SPOIL', exitAt: '2026-10-02T08:00:00+08:00', status: 'DEPARTED' })]);
  expect(await stored('W2')).toMatchObject({ status: 'IN_TRANSIT' });
  await projectRecords(context, [mapped({ ...w2, entryAt: '2026-10-02 09:10:00', entryWeightT: '25.1', status: '已完成' })]);
  expect(await stored('W2')).toMatchObject({ status: 'CLOSED' });
});
