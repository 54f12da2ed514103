import { dataQuality } from '../../../../src/reconcile/rules/DATA-QUALITY';
import { manifestRecord, reportRow, runRule, t } from './ruleHarness';

const USCC = '91110107MA01ABCD1X';
const negativeStock = { field: 'qmzcl', value: '-3', reason: '数值为负 / negative', measure: 'STOCK_END' };

describe('DATA-QUALITY: one flag per record and field, in the record’s own period', () => {
  it('raises the findings a ledger row carries, keyed by stream, record id and field', async () => {
    const row = reportRow({ kind: 'GENERAL_LEDGER', period: '2026-10', uscc: USCC, reportKey: 'GL7', category: '99-12-01', lines: [t('GENERATED', 1)], qualityFindings: [negativeStock] });
    const flags = await runRule(dataQuality, { period: '2026-10', reports: [row] });
    expect(flags.map((f) => [f.subject.key, f.period, f.evidence.sides[0]!.value])).toEqual([['general-ledgers/GL7/qmzcl', '2026-10', '-3']]);
    expect(flags[0]!.evidence.message).toContain('qmzcl = -3');
  });

  it('raises a tax declaration’s finding in its quarter, not in its months', async () => {
    const row = reportRow({ kind: 'ENV_TAX', period: '2026Q3', uscc: USCC, reportKey: `${USCC}|2026-07-01|2026-09-30|炉渣`, qualityFindings: [{ field: '贮存量(吨)', value: '-10', reason: 'negative', measure: 'STORED' }] });
    expect((await runRule(dataQuality, { period: '2026Q3', reports: [row] })).map((f) => f.subject.key)).toEqual([`envtax/${USCC}|2026-07-01|2026-09-30|炉渣/贮存量(吨)`]);
    expect(await runRule(dataQuality, { period: '2026-07', reports: [row] })).toEqual([]);
  });

  it('asks for the code of a free-text waste name that resolves to nothing, and only then', async () => {
    const unresolved = reportRow({ kind: 'GENERAL_LEDGER', period: '2026-10', uscc: USCC, reportKey: 'GL8', categoryName: '生产边角料' });
    const catalogueName = reportRow({ kind: 'GENERAL_LEDGER', period: '2026-10', uscc: USCC, reportKey: 'GL9', categoryName: '纸箱' });
    const flags = await runRule(dataQuality, { period: '2026-10', reports: [unresolved, catalogueName] });
    expect(flags.map((f) => f.subject.key)).toEqual(['general-ledgers/GL8/fwmc']);
    expect(flags[0]!.evidence.message).toMatch(/请补填废物代码.*please add the code/);
  });

  it('raises a manifest’s finding from the shared scan', async () => {
    const manifest = manifestRecord({ ldbh: '20261001000000000001', ycdw: USCC, fwdm: '900-041-49', ycl: 1, jsl: 1, qualityFindings: [{ field: 'jssj', value: '2026-10-01T00:00:00+08:00', reason: 'before ycsj', measure: null }] });
    expect((await runRule(dataQuality, { period: '2026-10', reports: [], movements: [manifest] })).map((f) => f.subject.key)).toEqual(['hw-manifests/20261001000000000001/jssj']);
  });

  it('raises nothing for plausible records', async () => {
    const row = reportRow({ kind: 'HW_LEDGER', period: '2026-10', uscc: USCC, category: '900-041-49', lines: [t('GENERATED', 1)] });
    expect(await runRule(dataQuality, { period: '2026-10', reports: [row] })).toEqual([]);
  });
});
