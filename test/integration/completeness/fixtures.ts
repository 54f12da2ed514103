/**
 * A small filing history for the completeness calendar, as the connectors would leave it: source records
 * through the ingest path (versions and history), period reports pointing at them, parties with streets.
 * asOf 2026-05-01 CST; due days the defaults (15th of the following month).
 *   A (GENERAL_LEDGER from 2026-01): 2026-01 on time, 2026-02 late, 2026-03 missing.
 *   B (GENERAL_LEDGER from 2026-02): 2026-02 on time then revised, 2026-03 missing.
 *   T (ENV_TAX from 2025Q4): 2026Q1 missing.
 * The hub has synced industrial/general-ledgers and taxstat/envtax since 2026-01-01 (so it watched A's
 * 2026-02 arrive late); industrial/hw-ledgers is never synced here (a test adds its first sync).
 */
import type { Types } from 'mongoose';
import { markReportPeriodsPending } from '../../../src/model/filing';
import { PartyModel } from '../../../src/model/party';
import { PeriodReportModel, type ReportKind } from '../../../src/model/periodReport';
import { SyncRunModel } from '../../../src/model/syncRun';
import { upsertSourceRecords } from '../../../src/model/sourceRecord';
import { alias, makeUscc, partyDoc } from '../graphql/modelFixtures';

export const AS_OF = '2026-05-01T00:00:00+08:00';
export const USCC = { a: makeUscc(701), b: makeUscc(702), t: makeUscc(703) };

const monthsOf = (period: string) => (/Q1$/.test(period) ? ['2026-01', '2026-02', '2026-03'] : /Q4$/.test(period) ? ['2025-10', '2025-11', '2025-12'] : /^\d{4}$/.test(period) ? Array.from({ length: 12 }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`) : [period]);

/** One filing: its source record (each `updatedAt` a version) and its period report. */
export async function fileReport(kind: ReportKind, uscc: string, period: string, ...updatedAt: string[]): Promise<Types.ObjectId> {
  const source = kind === 'ENV_TAX' || kind === 'ENV_STAT' ? 'taxstat' : 'industrial';
  const stream = kind === 'ENV_TAX' ? 'envtax' : kind === 'ENV_STAT' ? 'envstat' : kind === 'HW_LEDGER' ? 'hw-ledgers' : 'general-ledgers';
  const sourceId = `${kind}-${uscc}-${period}`;
  let id: Types.ObjectId | null = null;
  for (const [version, at] of updatedAt.entries()) {
    const [result] = await upsertSourceRecords([{ source, stream, sourceId, payload: { id: sourceId, tyshxydm: uscc, csl: version + 1, updatedAt: at } }]);
    id = result!.id;
  }
  await PeriodReportModel.create({
    source, stream: source, kind, reportKey: sourceId, periodKind: kind === 'ENV_TAX' ? 'QUARTER' : kind === 'ENV_STAT' ? 'YEAR' : 'MONTH', period, months: monthsOf(period),
    party: { partyId: null, uscc, name: `企业${uscc.slice(-3)}` }, area: null, category: null, categoryName: null, attributes: {}, packages: null, lines: [], measures: [], sources: [id!],
  });
  // as the projection marks what it writes (src/ingest/project.ts)
  await markReportPeriodsPending([{ kind, period }]);
  return id!;
}

/** One successful sync of a stream, started at `startedAt`: from then on the hub watches it. */
export async function syncedAt(connector: 'industrial' | 'taxstat', stream: string, startedAt: string): Promise<void> {
  await SyncRunModel.create({ connector, stream, status: 'SUCCEEDED', startedAt: new Date(startedAt), finishedAt: new Date(startedAt) });
}

export async function seedFilings(): Promise<void> {
  await syncedAt('industrial', 'general-ledgers', '2026-01-01T00:00:00+08:00');
  await syncedAt('taxstat', 'envtax', '2026-01-01T00:00:00+08:00');
  await PartyModel.create([
    partyDoc({ uscc: USCC.a, name: '企业701', street: 'BABAOSHAN', roles: ['GENERATOR'], aliases: [alias('industrial', '企业701', { usccRaw: USCC.a, street: 'BABAOSHAN' })] }),
    partyDoc({ uscc: USCC.b, name: '企业702', street: 'LAOSHAN', roles: ['GENERATOR'], aliases: [alias('industrial', '企业702', { usccRaw: USCC.b, street: 'LAOSHAN' })] }),
  ]);
  await fileReport('GENERAL_LEDGER', USCC.a, '2026-01', '2026-02-05T10:00:00+08:00');
  await fileReport('GENERAL_LEDGER', USCC.a, '2026-02', '2026-03-20T10:00:00+08:00');
  await fileReport('GENERAL_LEDGER', USCC.b, '2026-02', '2026-03-03T10:00:00+08:00', '2026-03-25T10:00:00+08:00');
  await fileReport('ENV_TAX', USCC.t, '2025Q4', '2026-01-10T10:00:00+08:00');
}
