/**
 * Rule COMPLETENESS on FerretDB: a missing or late filing is one flag keyed reporter + kind + period,
 * a revision is not a finding, and the flag of a missing filing closes by itself once the filing arrives.
 */
import { FlagModel, type FlagRecord } from '../../../src/reconcile/flagModel';
import { runReconciliation } from '../../../src/reconcile/engine';
import { PeriodReportModel } from '../../../src/model/periodReport';
import { useTestDatabase } from '../../support/mongo';
import { makeUscc } from '../graphql/modelFixtures';
import { AS_OF, USCC, fileReport, seedFilings, syncedAt } from '../completeness/fixtures';

useTestDatabase(__filename);

const actor = { id: 'test', label: 'completeness test' };
const asOf = new Date(AS_OF);
const run = () => runReconciliation({ full: true, periods: ['2026Q1'], rules: ['COMPLETENESS'], asOf, actor });
const live = async () => (await FlagModel.find({ rule: 'COMPLETENESS', closedByEngineAt: null }).sort({ key: 1 }).lean<FlagRecord[]>()).map((f) => [f.subject.key, f.period, f.stream, f.evidence.difference]);

beforeAll(seedFilings);

describe('COMPLETENESS', () => {
  it('flags the missing and late filings, each once, and not the revised one', async () => {
    const result = await run();
    expect(result.status).toBe('SUCCEEDED');
    expect(await live()).toEqual([
      [`${USCC.a}|GENERAL_LEDGER`, '2026-02', 'industrial', 'LATE'],
      [`${USCC.a}|GENERAL_LEDGER`, '2026-03', 'industrial', 'MISSING'],
      [`${USCC.b}|GENERAL_LEDGER`, '2026-03', 'industrial', 'MISSING'],
      [`${USCC.t}|ENV_TAX`, '2026Q1', 'taxstat', 'MISSING'],
    ].sort((x, y) => `COMPLETENESS|${x[0]}|${x[1]}`.localeCompare(`COMPLETENESS|${y[0]}|${y[1]}`)));
    const flag = await FlagModel.findOne({ rule: 'COMPLETENESS', period: '2026-03', 'subject.partyUscc': USCC.a }).lean<FlagRecord>();
    expect(flag!.evidence.message).toMatch(/未报送2026-03一般工业固废月台账.* \| .*has not filed the monthly general industrial solid waste ledger for 2026-03/);
    expect(flag!.subject.street).toBe('BABAOSHAN');
  });

  it('a second run changes nothing', async () => {
    const again = await run();
    expect(again.diff).toMatchObject({ new: 0, changed: 0, reopened: 0, autoClosed: 0 });
  });

  it('closes the flag of a missing filing once it arrives (late: it becomes the LATE flag of the same key)', async () => {
    await fileReport('GENERAL_LEDGER', USCC.b, '2026-03', '2026-04-10T09:00:00+08:00');
    await fileReport('GENERAL_LEDGER', USCC.a, '2026-03', '2026-04-28T09:00:00+08:00');
    const result = await run();
    expect(result.diff).toMatchObject({ autoClosed: 1, changed: 1 });
    expect((await live()).filter(([, period]) => period === '2026-03')).toEqual([[`${USCC.a}|GENERAL_LEDGER`, '2026-03', 'industrial', 'LATE']]);
  });
});

describe('one problem, one flag', () => {
  it("an HW generator's missing tax declaration in a published quarter is COVERAGE's, not COMPLETENESS's", async () => {
    const uscc = makeUscc(704);
    await fileReport('ENV_TAX', uscc, '2025Q4', '2026-01-10T10:00:00+08:00');
    const hw = await fileReport('GENERAL_LEDGER', uscc, '2026-02', '2026-03-05T10:00:00+08:00');
    await PeriodReportModel.create({
      source: 'industrial', stream: 'industrial', kind: 'HW_LEDGER', reportKey: `HW-${uscc}`, periodKind: 'MONTH', period: '2026-02', months: ['2026-02'],
      party: { partyId: null, uscc, name: 'HW 企业' }, area: null, category: '900-041-49', categoryName: null, attributes: {}, packages: null,
      lines: [{ measure: 'GENERATED', grams: 2_000_000, original: { value: '2', unit: 't' } }], measures: [], sources: [hw],
    });
    await fileReport('ENV_TAX', USCC.t, '2026Q1', '2026-04-10T10:00:00+08:00'); // the tax feed has published 2026Q1
    await runReconciliation({ full: true, periods: ['2026Q1'], rules: ['COMPLETENESS', 'COVERAGE'], asOf, actor });
    const flags = await FlagModel.find({ period: '2026Q1', 'subject.partyUscc': uscc, closedByEngineAt: null }).lean<FlagRecord[]>();
    expect(flags.map((f) => f.rule)).toEqual(['COVERAGE']);
  });
});

describe('LATE only when the hub watched it happen', () => {
  it('a backfill (first sync after the due day) of a filing whose updatedAt is after due is not LATE: no flag', async () => {
    const uscc = makeUscc(705);
    await fileReport('HW_LEDGER', uscc, '2026-01', '2026-02-05T10:00:00+08:00');
    // submitted on time, corrected on 2026-03-20: the backfill only sees the corrected version's updatedAt
    await fileReport('HW_LEDGER', uscc, '2026-02', '2026-03-20T10:00:00+08:00');
    await fileReport('HW_LEDGER', uscc, '2026-03', '2026-04-10T10:00:00+08:00');
    await syncedAt('industrial', 'hw-ledgers', '2026-04-20T09:00:00+08:00');
    await run();
    expect(await FlagModel.countDocuments({ rule: 'COMPLETENESS', 'subject.partyUscc': uscc, closedByEngineAt: null })).toBe(0);
  });
});

describe('incremental runs: the clock re-evaluates what has not settled, period by period', () => {
  it("a year still open brings back none of its settled months, and is itself carried until its annual statistics are due", async () => {
    const uscc = makeUscc(706);
    await fileReport('ENV_STAT', uscc, '2025', '2026-03-10T10:00:00+08:00');
    await run();
    // at 2026-12-01 the months and the quarter of 2026Q1 have settled; the year 2026 is due on 2027-03-31
    const open = await runReconciliation({ asOf: new Date('2026-12-01T00:00:00+08:00'), actor, rules: ['COMPLETENESS'] });
    expect(open.perRule.map((r) => [r.rule, r.periods])).toEqual([['COMPLETENESS', ['2026']]]);
    expect(await FlagModel.countDocuments({ rule: 'COMPLETENESS', 'subject.partyUscc': uscc, closedByEngineAt: null })).toBe(0);
    // nothing changed since and no month is in play: the year alone is evaluated, and the clock raises it
    const due = await runReconciliation({ asOf: new Date('2027-04-02T00:00:00+08:00'), actor, rules: ['COMPLETENESS'] });
    expect(due.perRule.map((r) => [r.rule, r.periods])).toEqual([['COMPLETENESS', ['2026']]]);
    expect((await live()).filter(([key]) => key === `${uscc}|ENV_STAT`)).toEqual([[`${uscc}|ENV_STAT`, '2026', 'taxstat', 'MISSING']]);
  });
});
