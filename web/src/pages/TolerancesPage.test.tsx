import { describe, expect, it } from 'vitest';
import { ruleChangeInputOf } from './TolerancesPage';

describe('ruleChangeInputOf', () => {
  it("builds a version from the month's first day with only the settings given", () => {
    expect(ruleChangeInputOf({ month: '2027-01', rule: 'HW-QTY', tolerance: 3, reason: ' 省厅新口径 ' })).toEqual({
      effectiveFrom: '2027-01-01',
      changes: [{ rule: 'HW-QTY', tolerance: 3 }],
      reason: '省厅新口径',
    });
    expect(ruleChangeInputOf({ month: '2027-02', rule: 'HW-LATE', tolerance: null, severity: 'HIGH', reason: 'r' })).toEqual({
      effectiveFrom: '2027-02-01',
      changes: [{ rule: 'HW-LATE', severity: 'HIGH' }],
      reason: 'r',
    });
    expect(ruleChangeInputOf({ month: '2027-01', rule: 'HW-QTY', tolerance: 0, reason: 'r' })?.changes).toEqual([{ rule: 'HW-QTY', tolerance: 0 }]);
  });

  it('refuses what the API would refuse', () => {
    expect(ruleChangeInputOf({ month: '2027-13', rule: 'HW-QTY', tolerance: 3, reason: 'r' })).toBeNull();
    expect(ruleChangeInputOf({ month: '2027-01', rule: 'HW-QTY', reason: 'r' })).toBeNull();
    expect(ruleChangeInputOf({ month: '2027-01', rule: 'HW-QTY', tolerance: -1, reason: 'r' })).toBeNull();
    expect(ruleChangeInputOf({ month: '2027-01', rule: 'HW-QTY', tolerance: 3, reason: '  ' })).toBeNull();
  });
});
