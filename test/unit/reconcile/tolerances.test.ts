import { RULES } from '../../../src/reconcile/rules';
import { ruleSetFor, type RuleSetVersion } from '../../../src/reconcile/tolerances';

describe('rule-set configuration', () => {
  it('gives every rule a tolerance and severity, from the version in force', () => {
    const set = ruleSetFor('2026-03');
    expect(set.version).toBe('2026.1');
    expect(Object.keys(set.settings).sort()).toEqual(RULES.map((r) => r.id).sort());
    expect(set.settings['HW-QTY']).toEqual({ tolerance: 5, severity: 'HIGH' });
  });

  it('picks the version by the period\'s first day and applies overrides', () => {
    const versions: RuleSetVersion[] = [
      { version: 'a', effectiveFrom: '2000-01-01', rules: {} },
      { version: 'b', effectiveFrom: '2026-04-01', rules: { 'HW-QTY': { tolerance: 3 } } },
    ];
    expect(ruleSetFor('2026Q1', {}, versions).version).toBe('a');
    expect(ruleSetFor('2026-04', {}, versions).settings['HW-QTY']!.tolerance).toBe(3);
    expect(ruleSetFor('2026-04', { 'HW-QTY': { severity: 'LOW' } }, versions)).toMatchObject({ version: 'b+override', settings: { 'HW-QTY': { tolerance: 3, severity: 'LOW' } } });
    expect(() => ruleSetFor('2026-04', { 'HW-QTY': { tolerance: -1 } }, versions)).toThrow(/non-negative/);
  });
});
