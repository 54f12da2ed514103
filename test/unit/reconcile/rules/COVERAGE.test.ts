import { coverage, missingFrom } from '../../../../src/reconcile/rules/COVERAGE';
import { reportRow, runRule, t } from './ruleHarness';

describe('COVERAGE missingFrom', () => {
  it('lists expected parties absent on the other side, once, sorted', () => {
    expect(missingFrom(['B', 'A', 'C', 'A'], new Set(['C']))).toEqual(['A', 'B']);
  });
  it('is empty when every expected party is present (either side complete)', () => {
    expect(missingFrom(['A'], new Set(['A', 'Z']))).toEqual([]);
    expect(missingFrom([], new Set(['A']))).toEqual([]);
  });
});

describe('COVERAGE per quarter: HW declarants and the platform’s generators', () => {
  const GEN = '91110107MA01ABCD1X';
  const CARRIER = '91110107MA01WXYZ2K';
  const hwDeclaration = (uscc: string, extra: Partial<Parameters<typeof reportRow>[0]> = {}) => reportRow({ kind: 'ENV_TAX', period: '2026Q3', uscc, category: '危险废物', lines: [t('GENERATED', 5)], ...extra });
  const hwLedger = reportRow({ kind: 'HW_LEDGER', period: '2026-08', uscc: GEN, category: '900-041-49', lines: [t('GENERATED', 5)] });

  it('flags a declarant the platform registers only as a transporter, not as a generator', async () => {
    const flags = await runRule(coverage, { period: '2026Q3', reports: [hwLedger, hwDeclaration(GEN), hwDeclaration(CARRIER)], registered: [GEN, CARRIER], generators: [GEN] });
    expect(flags.map((f) => [f.subject.key, f.evidence.difference])).toEqual([[CARRIER, 'HW_DECLARANT_NOT_ON_PLATFORM']]);
  });

  it('sees a declaration with an implausible value as present (DATA-QUALITY reports the value)', async () => {
    const implausible = hwDeclaration(GEN, { qualityFindings: [{ field: '贮存量(吨)', value: '-1', reason: 'negative', measure: 'STORED' }] });
    expect(await runRule(coverage, { period: '2026Q3', reports: [hwLedger, implausible], registered: [GEN] })).toEqual([]);
  });
});
