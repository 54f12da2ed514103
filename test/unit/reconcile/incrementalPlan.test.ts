import { readsChanged } from '../../../src/reconcile/engine';
import { RULES } from '../../../src/reconcile/rules';

const rule = (id: string) => RULES.find((r) => r.id === id)!;

describe('incremental planning: which changed kinds re-run a rule over a month', () => {
  it.each([
    // a late medical receipt in an earlier month: the medical rules, not the manifest or ledger rules
    ['MED-QTY', ['movements:MEDICAL_HANDOVER'], true],
    ['COVERAGE', ['movements:MEDICAL_HANDOVER'], true],
    ['HW-QTY', ['movements:MEDICAL_HANDOVER'], false],
    ['HH-CHAIN', ['movements:MEDICAL_HANDOVER'], false],
    ['GIS-BALANCE', ['movements:MEDICAL_HANDOVER'], false],
    // a ledger filed for the month: the rules comparing with it
    ['HW-LEDGER', ['periodreports:HW_LEDGER'], true],
    ['TAX-PLATFORM', ['periodreports:GENERAL_LEDGER'], true],
    ['GIS-BALANCE', ['periodreports:GENERAL_LEDGER'], true],
    ['HW-QTY', ['periodreports:HW_LEDGER'], false],
    ['GIS-BALANCE', ['periodreports:ECON'], false],
    // a rule that reads neither movements nor reports
    ['ID-USCC', ['movements:HW_MANIFEST', 'periodreports:HW_LEDGER'], false],
    // no change in the month
    ['HW-QTY', [], false],
  ])('%s for %j: %s', (id, changed, expected) => {
    expect(readsChanged(rule(id), new Set(changed))).toBe(expected);
  });

  it('re-runs a rule that does not say which kinds it reads for any change of a collection it reads', () => {
    expect(readsChanged({ reads: ['movements'] }, new Set(['movements:WEIGH_TICKET']))).toBe(true);
    expect(readsChanged({ reads: ['periodreports'] }, new Set(['movements:WEIGH_TICKET']))).toBe(false);
    expect(readsChanged({ reads: ['movements'] }, undefined)).toBe(false);
  });

  it('names, for every rule that reads movements or reports, the kinds it reads (but COMPLETENESS, read elsewhere)', () => {
    const undeclared = RULES.filter((r) => (r.reads.includes('movements') || r.reads.includes('periodreports')) && !r.kinds).map((r) => r.id);
    expect(undeclared).toEqual(['COMPLETENESS']);
    for (const r of RULES.filter((r) => r.scan)) expect(r.kinds?.movements ?? [r.scan!.kind]).toContain(r.scan!.kind);
  });
});
