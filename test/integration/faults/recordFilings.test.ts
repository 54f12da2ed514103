/**
 * No completeness filing lost between a batch's source records and their filings: a writer
 * (recordWriter.ts) SIGKILLed after the records were stored and before their filings (`records:stored`);
 * the replay of the batch (verified, as the sync engine replays a batch its stream left in flight)
 * absorbs the whole batch, so the aggregate equals a rebuild from scratch. Once for new records, once
 * for a new version that moves a weigh ticket to another day.
 */
import { rebuildFilings, refreshFilings } from '../../../src/completeness/filings';
import { FilingModel, FilingReporterModel, filingId } from '../../../src/model/filing';
import { sourceRecordId, upsertSourceRecords, type IncomingSourceRecord } from '../../../src/model/sourceRecord';
import { testDatabaseName, useTestDatabase } from '../../support/mongo';
import { expectKilled, runScript, type Exit } from './support';

useTestDatabase(__filename);

function recordWriter(records: readonly IncomingSourceRecord[], killAt: string): Promise<Exit> {
  return runScript('recordWriter.ts', ['store', JSON.stringify(records)], testDatabaseName(__filename), killAt);
}

/** The aggregate as sorted text, without ids. */
async function aggregate(): Promise<string[]> {
  const docs = [...(await FilingModel.find({}).lean().exec()), ...(await FilingReporterModel.find({}).lean().exec())];
  return docs.map(({ _id, ...doc }) => (void _id, JSON.stringify(doc))).sort();
}

const ticket = (no: string, weighedAt: string): IncomingSourceRecord => ({ source: 'household', stream: 'weigh-tickets', sourceId: no, payload: { ticketNo: no, facilityId: 'TS-KILL', weighedAt, updatedAt: weighedAt } });
const ledgerRow = (n: number): IncomingSourceRecord => ({ source: 'medical', stream: 'ledgers', sourceId: `12110107MB0000009X/2026-03|${n}`, payload: { 转移联单号: `K${n}`, 重量: '1.0' }, seenAt: new Date('2026-04-02T00:00:00+08:00') });
const day = (period: string) => FilingModel.findById(filingId('WEIGH_TICKETS', 'TS-KILL', period)).lean().exec();

it('a batch killed between its records and their filings is absorbed whole when it is replayed', async () => {
  await refreshFilings(); // an empty aggregate, vouched for
  const batch = [ticket('WK-1', '2026-03-10T09:00:00+08:00'), ticket('WK-2', '2026-03-11T09:00:00+08:00'), ledgerRow(1), ledgerRow(2)];
  await expectKilled(recordWriter(batch, 'records:stored'));
  expect(await FilingModel.countDocuments({})).toBe(0);
  await upsertSourceRecords(batch, { verify: true });
  expect(await day('2026-03-10')).toMatchObject({ sources: [sourceRecordId(batch[0]!)] });
  expect(await FilingModel.findById(filingId('MEDICAL_LEDGER', '12110107MB0000009X', '2026-03')).lean().exec()).toMatchObject({ receipt: { versions: 1 } });
  const kept = await aggregate();
  await rebuildFilings();
  expect(await aggregate()).toEqual(kept);

  // a new version moving WK-2 to the 12th, killed before its filings: the replay moves it
  const moved = [ticket('WK-2', '2026-03-12T09:00:00+08:00')];
  await expectKilled(recordWriter(moved, 'records:stored'));
  await upsertSourceRecords(moved, { verify: true });
  expect(await day('2026-03-11')).toBeNull();
  expect(await day('2026-03-12')).toMatchObject({ sources: [sourceRecordId(moved[0]!)], receipt: { versions: 2 } });
  const after = await aggregate();
  await rebuildFilings();
  expect(await aggregate()).toEqual(after);
});
